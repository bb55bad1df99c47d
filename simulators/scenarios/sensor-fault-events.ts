import type { DeviceKind } from '../../firmware-contracts/index.js'
import { forRange, samplesIn, valueAt, writeField, type DeviceSeries, type ReadingField } from './device-series.js'
import { between, DAY_MS, HOUR_MS, MINUTE_MS, type DeviceEventRecipe } from './event-recipe.js'
import { labelledEvent } from './labelled-event.js'

/**
 * Sensor and device faults, on hives and grove stations alike. Every value written stays inside the
 * firmware contract: these are readings a validator accepts and only a detector can doubt.
 */

/**
 * Fields that never sit still, so a frozen value stands out. Not rain or sun at night, nor humidity
 * (it rests at 100 % in fog for hours, and the hive's is clamped to 50–70 %).
 */
const NOISY_FIELDS: Record<DeviceKind, readonly ReadingField[]> = {
  hive: ['temp_ambient_c', 'weight_kg', 'temp_internal_c', 'temp_brood_c'],
  grove: ['air_temp_c', 'soil_temp_c_10cm', 'soil_moisture_vwc_pct_30cm'],
}
const AIR_TEMP_FIELD: Record<DeviceKind, ReadingField> = { hive: 'temp_ambient_c', grove: 'air_temp_c' }
const SPIKE_FIELDS: Record<DeviceKind, readonly ReadingField[]> = {
  hive: ['weight_kg', 'temp_internal_c', 'temp_ambient_c'],
  grove: ['air_temp_c'],
}

/** The whole window's samples from the anchor, for faults that last `durationMs`. */
function lastIndex(s: DeviceSeries, i: number, durationMs: number): number {
  return Math.min(i + samplesIn(s, durationMs), s.readings.length - 1)
}

/** One field repeats its value exactly for 6.5–24 h (a frozen ADC, a hung I²C sensor). */
export const stuck: DeviceEventRecipe = (random) => {
  const durationMs = between(random, 6.5, 24) * HOUR_MS
  const pick = random.uniform()
  return {
    kind: 'stuck',
    leadMs: 0,
    spanMs: durationMs,
    fits: () => true,
    apply(s, i) {
      const fields = NOISY_FIELDS[s.kind]
      const field = fields[Math.floor(pick * fields.length)]!
      const end = lastIndex(s, i, durationMs)
      const value = valueAt(s, i, field)
      forRange(s, i, end + 1, (j) => writeField(s, j, field, value))
      return labelledEvent(s.deviceId, 'stuck', s.timesMs[i]!, s.timesMs[end]!, { field, value, hours: (s.timesMs[end]! - s.timesMs[i]!) / HOUR_MS })
    },
  }
}

/**
 * The air-temperature sensor drifts linearly by 3–8 °C over 2–5 days, stays off for 1–2 days and is
 * then replaced. Only one device of a site drifts at a time, so its neighbours give the reference.
 */
export const drift: DeviceEventRecipe = (random) => {
  const rampMs = between(random, 2, 5) * DAY_MS
  const holdMs = between(random, 1, 2) * DAY_MS
  const totalC = between(random, 3, 8) * (random.chance(0.5) ? 1 : -1)
  return {
    kind: 'drift',
    leadMs: 0,
    spanMs: rampMs + holdMs,
    exclusiveAtSite: true,
    fits: () => true,
    apply(s, i) {
      const field = AIR_TEMP_FIELD[s.kind]
      const end = lastIndex(s, i, rampMs + holdMs)
      forRange(s, i, end + 1, (j) => {
        const offsetC = totalC * Math.min(1, (s.timesMs[j]! - s.timesMs[i]! + s.intervalMs) / rampMs)
        writeField(s, j, field, valueAt(s, j, field) + offsetC)
      })
      return labelledEvent(s.deviceId, 'drift', s.timesMs[i]!, s.timesMs[end]!, { field, totalC, rampDays: rampMs / DAY_MS })
    },
  }
}

/** How far a spike may go and still be a valid reading (contract bounds; 60 °C for grove air). */
const SPIKE_RANGE: Partial<Record<ReadingField, { lo: number; hi: number; sizes: [number, number] }>> = {
  weight_kg: { lo: -5, hi: 300, sizes: [10, 40] },
  temp_internal_c: { lo: -40, hi: 70, sizes: [15, 30] },
  temp_ambient_c: { lo: -50, hi: 70, sizes: [15, 30] },
  air_temp_c: { lo: -50, hi: 60, sizes: [15, 30] },
}

/** 1–3 isolated bad samples (≥ 10 kg or ≥ 15 °C off), each back to normal on the next sample. */
export const spikes: DeviceEventRecipe = (random) => {
  const count = random.int(1, 3)
  const gapsMs = Array.from({ length: count - 1 }, () => between(random, 30, 120) * MINUTE_MS)
  const pick = random.uniform()
  const draws = Array.from({ length: count }, () => ({ size: random.uniform(), up: random.chance(0.5) }))
  return {
    kind: 'spikes',
    leadMs: 0,
    spanMs: gapsMs.reduce((a, b) => a + b, 0),
    fits: () => true,
    apply(s, i) {
      const fields = SPIKE_FIELDS[s.kind]
      const field = fields[Math.floor(pick * fields.length)]!
      const range = SPIKE_RANGE[field]!
      // At least one good sample between two spikes, so each stands alone; a coarse grid may push the last past the end.
      const at = gapsMs.reduce((indices, gapMs) => [...indices, indices.at(-1)! + Math.max(2, samplesIn(s, gapMs))], [i])
      const inside = at.filter((j) => j < s.readings.length)
      const sizes = inside.map((j, n) => {
        const value = valueAt(s, j, field)
        const offset = range.sizes[0] + draws[n]!.size * (range.sizes[1] - range.sizes[0])
        const goesUp = draws[n]!.up ? value + offset <= range.hi : value - offset < range.lo
        writeField(s, j, field, value + (goesUp ? offset : -offset))
        return goesUp ? offset : -offset
      })
      return labelledEvent(s.deviceId, 'spikes', s.timesMs[i]!, s.timesMs[inside.at(-1)!]!, {
        field,
        count: inside.length,
        sizes: sizes.map((x) => x.toFixed(1)).join(' '),
      })
    },
  }
}

interface ImplausibleMode {
  field: ReadingField
  value: [number, number]
  noise: number
  hours: [number, number]
  why: string
}

/**
 * Values the contract accepts but physics does not. The mode is named in the truth's details.
 */
const IMPLAUSIBLE_MODES: Record<DeviceKind, readonly ImplausibleMode[]> = {
  hive: [
    // Beeswax softens from ~40 °C and melts at 62–64 °C; a colony keeps its hive far below that.
    { field: 'temp_internal_c', value: [62, 68], noise: 0.3, hours: [1, 6], why: 'hive hotter than melting wax' },
    // A load cell that lost its tare after a reboot: nothing weighs less than an empty scale.
    { field: 'weight_kg', value: [-4.5, -1], noise: 0.02, hours: [2, 12], why: 'negative load' },
  ],
  grove: [
    // Even Jaén summer afternoons keep ~10 %RH; 0–2 % is a failed capacitive sensor.
    { field: 'air_humidity_pct', value: [0.5, 2], noise: 0.2, hours: [2, 12], why: 'air drier than any weather' },
    // Loam holds at most ~45 %VWC at saturation (Saxton & Rawls 2006); more is a probe in a puddle or shorted.
    { field: 'soil_moisture_vwc_pct_30cm', value: [62, 78], noise: 0.3, hours: [2, 12], why: 'wetter than saturated soil' },
  ],
}

export const outOfRange: DeviceEventRecipe = (random) => {
  const pick = random.uniform()
  const level = random.uniform()
  const length = random.uniform()
  const modeOf = (s: DeviceSeries) => {
    const modes = IMPLAUSIBLE_MODES[s.kind]
    return modes[Math.floor(pick * modes.length)]!
  }
  const durationMs = (mode: ImplausibleMode) => (mode.hours[0] + length * (mode.hours[1] - mode.hours[0])) * HOUR_MS
  return {
    kind: 'out_of_range',
    leadMs: 0,
    spanMs: 12 * HOUR_MS,
    fits: () => true,
    apply(s, i) {
      const mode = modeOf(s)
      const value = mode.value[0] + level * (mode.value[1] - mode.value[0])
      const end = lastIndex(s, i, durationMs(mode))
      forRange(s, i, end + 1, (j) => writeField(s, j, mode.field, value + random.normal(0, mode.noise)))
      return labelledEvent(s.deviceId, 'out_of_range', s.timesMs[i]!, s.timesMs[end]!, { field: mode.field, value, mode: mode.why })
    },
  }
}

/** Cells of this chemistry are nearly empty below ~3.4 V under load. */
const BATTERY_LOW_V = 3.4

/**
 * A failing cell (or a solar charger that stopped charging): the voltage sags over 1–3 days to
 * 3.20–3.35 V, stays there 12–48 h, then the battery is swapped.
 */
export const batteryLow: DeviceEventRecipe = (random) => {
  const sagMs = between(random, 1, 3) * DAY_MS
  const holdMs = between(random, 12, 48) * HOUR_MS
  const lowV = between(random, 3.2, 3.35)
  return {
    kind: 'battery_low',
    leadMs: 0,
    spanMs: sagMs + holdMs,
    fits: (s, i) => valueAt(s, i, 'battery_v') > BATTERY_LOW_V + 0.05,
    apply(s, i) {
      const startV = valueAt(s, i, 'battery_v')
      const end = lastIndex(s, i, sagMs + holdMs)
      forRange(s, i, end + 1, (j) => {
        const sagged = Math.min(1, (s.timesMs[j]! - s.timesMs[i]! + s.intervalMs) / sagMs)
        writeField(s, j, 'battery_v', startV + sagged * (lowV - startV) + random.normal(0, 0.003))
      })
      return labelledEvent(s.deviceId, 'battery_low', s.timesMs[i]!, s.timesMs[end]!, { lowV, sagDays: sagMs / DAY_MS })
    },
  }
}

/** Nothing arrives for 2–18 h (radio link down, gateway off). The sequence counter keeps counting. */
export const silent: DeviceEventRecipe = (random) => {
  const durationMs = between(random, 2, 18) * HOUR_MS
  return {
    kind: 'silent',
    leadMs: 0,
    spanMs: durationMs,
    fits: () => true,
    apply(s, i) {
      const end = lastIndex(s, i, durationMs)
      forRange(s, i, end + 1, (j) => (s.lost[j] = true))
      return labelledEvent(s.deviceId, 'silent', s.timesMs[i]!, s.timesMs[end]!, { hours: (s.timesMs[end]! - s.timesMs[i]! + s.intervalMs) / HOUR_MS })
    },
  }
}
