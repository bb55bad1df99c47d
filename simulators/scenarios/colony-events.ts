import type { SeededRandom } from '../seeded-random.js'
import { forRange, inSolarHours, samplesIn, valueAt, writeField, type DeviceSeries } from './device-series.js'
import { between, DAY_MS, HOUR_MS, MINUTE_MS, type DeviceEventRecipe } from './event-recipe.js'
import { labelledEvent, type LabelledEvent } from './labelled-event.js'
import { BROOD_BOX_KG } from './manipulation-events.js'

/**
 * What happens to the colony or the hive: swarm, theft, tip-over, queen loss, winter starvation.
 * Each changes the clean hive series in place from its anchor sample.
 */

/** Swarms issue late morning to early afternoon on warm, sunny days (Seeley 2010, Honeybee Democracy). */
const SWARM_SOLAR_HOURS = { from: 10, to: 15 }
const SWARM_MIN_AMBIENT_C = 18
/** How long in-hive temperature takes to settle after a transient. */
const SETTLE_MS = 30 * MINUTE_MS

/** Exponential return towards zero after `sinceMs`; small enough to stop touching samples. */
function settling(offset: number, sinceMs: number, tauMs: number): number {
  const left = offset * Math.exp(-sinceMs / tauMs)
  return Math.abs(left) < 0.01 ? 0 : left
}

/** Anchors for events that end the device's useful series: late, with a few days left to show no recovery. */
function inFinalStretch(series: DeviceSeries, anchor: number): boolean {
  const left = (series.readings.length - 1 - anchor) / series.readings.length
  return left >= 0.05 && left <= 0.25
}

/**
 * A prime swarm: the nest warms 1–2 °C over the 10–30 min before it leaves (Ferrari et al. 2008,
 * Comput. Electron. Agric. 64:72, saw in-hive temperature rise before swarming), then 1.5–4.5 kg
 * of bees and the honey in their crops leave within 15 minutes. The loss stays; the smaller colony
 * forages less, so later gains shrink too.
 */
export const swarm: DeviceEventRecipe = (random) => {
  const warmUpMs = between(random, 10, 30) * MINUTE_MS
  const departureMs = between(random, 5, 15) * MINUTE_MS
  const lossKg = between(random, 1.5, 4.5)
  const warmingC = between(random, 1, 2)
  const foragingKept = between(random, 0.5, 0.8)
  return {
    kind: 'swarm',
    leadMs: warmUpMs,
    spanMs: departureMs,
    fits: (s, i) =>
      inSolarHours(s, i, SWARM_SOLAR_HOURS.from, SWARM_SOLAR_HOURS.to) && valueAt(s, i, 'temp_ambient_c') >= SWARM_MIN_AMBIENT_C,
    apply(s, i) {
      const warmUp = samplesIn(s, warmUpMs)
      const departure = samplesIn(s, departureMs)
      const last = i + departure - 1
      const baseKg = valueAt(s, i - 1, 'weight_kg')
      forRange(s, i - warmUp, s.readings.length, (j) => {
        const warmth =
          j < i ? (warmingC * (j - i + warmUp + 1)) / warmUp : j <= last ? warmingC : settling(warmingC, s.timesMs[j]! - s.timesMs[last]!, SETTLE_MS)
        if (warmth !== 0) {
          writeField(s, j, 'temp_internal_c', valueAt(s, j, 'temp_internal_c') + warmth)
          // The brood nest is regulated, so its probe sees about half of the warming.
          writeField(s, j, 'temp_brood_c', valueAt(s, j, 'temp_brood_c') + warmth / 2)
        }
        if (j < i) return
        const gone = Math.min(1, (j - i + 1) / departure)
        const kept = 1 - (1 - foragingKept) * gone
        writeField(s, j, 'weight_kg', baseKg + kept * (valueAt(s, j, 'weight_kg') - baseKg) - lossKg * gone)
      })
      return labelledEvent(s.deviceId, 'swarm', s.timesMs[i - warmUp]!, s.timesMs[last]!, {
        lossKg,
        warmingC,
        warmUpMin: (warmUp * s.intervalMs) / MINUTE_MS,
        departureMin: (departure * s.intervalMs) / MINUTE_MS,
        foragingKept,
      })
    },
  }
}

/**
 * Theft at night, with no recovery. Either the whole hive goes (the scale keeps a little debris,
 * < 3 kg, and its in-hive probes now hang in the open air) or the honey supers (> 15 kg). Lifting
 * jolts the scale: half the time its tilt jumps past 30° for a sample.
 */
export const theft: DeviceEventRecipe = (random) => {
  const handlingMs = between(random, 10, 25) * MINUTE_MS
  const tiltJumpDeg = random.chance(0.5) ? between(random, 32, 70) : undefined
  const wantsWholeHive = random.chance(0.6)
  const supersKg = between(random, 15.5, 30)
  const debrisKg = between(random, 0.2, 2.5)
  return {
    kind: 'theft',
    leadMs: 0,
    spanMs: handlingMs,
    occupiesToEnd: true,
    fits: (s, i) => inFinalStretch(s, i) && inSolarHours(s, i, 22, 4),
    apply(s, i) {
      const handling = samplesIn(s, handlingMs)
      const last = i + handling - 1
      // Supers come off only a hive tall enough to keep its brood box under them.
      const wholeHive = wantsWholeHive || valueAt(s, i, 'weight_kg') - supersKg < BROOD_BOX_KG
      const lossKg = wholeHive ? valueAt(s, i - 1, 'weight_kg') - debrisKg : supersKg
      const startInternalC = valueAt(s, i - 1, 'temp_internal_c')
      const startBroodC = valueAt(s, i - 1, 'temp_brood_c')
      const startHumidityPct = valueAt(s, i - 1, 'humidity_internal_pct')
      forRange(s, i, s.readings.length, (j) => {
        const taken = Math.min(1, (j - i + 1) / handling)
        const weightKg = valueAt(s, j, 'weight_kg')
        writeField(s, j, 'weight_kg', wholeHive && j >= last ? debrisKg + random.normal(0, 0.01) : weightKg - taken * (wholeHive ? weightKg - debrisKg : lossKg))
        if (tiltJumpDeg !== undefined && j === i + Math.floor(handling / 2)) writeField(s, j, 'tilt_deg', tiltJumpDeg)
        const sinceMs = s.timesMs[j]! - s.timesMs[i]!
        if (wholeHive) {
          // The probes left on the stand come to outside temperature and humidity within minutes.
          const ambientC = valueAt(s, j, 'temp_ambient_c')
          writeField(s, j, 'temp_internal_c', ambientC + settling(startInternalC - ambientC, sinceMs, 15 * MINUTE_MS))
          writeField(s, j, 'temp_brood_c', ambientC + settling(startBroodC - ambientC, sinceMs, 15 * MINUTE_MS))
          const ambientPct = valueAt(s, j, 'humidity_ambient_pct')
          writeField(s, j, 'humidity_internal_pct', ambientPct + settling(startHumidityPct - ambientPct, sinceMs, 15 * MINUTE_MS))
        } else {
          const dipC = j <= last ? 1 : settling(1, s.timesMs[j]! - s.timesMs[last]!, SETTLE_MS)
          if (dipC !== 0) writeField(s, j, 'temp_internal_c', valueAt(s, j, 'temp_internal_c') - dipC)
        }
      })
      const details: Record<string, number | string> = { variant: wholeHive ? 'whole_hive' : 'supers', lossKg }
      if (wholeHive) details.debrisKg = debrisKg
      if (tiltJumpDeg !== undefined) details.tiltJumpDeg = tiltJumpDeg
      return labelledEvent(s.deviceId, 'theft', s.timesMs[i]!, s.timesMs[last]!, details)
    },
  }
}

/**
 * Knocked over (storm, cattle, a badger): the hive lies at 50–95° and only part of it still rests on
 * the scale. The disturbed cluster no longer warms the upper hive as before.
 */
export const tipOver: DeviceEventRecipe = (random) => {
  const tiltDeg = between(random, 50, 95)
  const weightKept = between(random, 0.1, 0.6)
  return {
    kind: 'tip_over',
    leadMs: 0,
    spanMs: 0,
    occupiesToEnd: true,
    fits: inFinalStretch,
    apply(s, i) {
      forRange(s, i, s.readings.length, (j) => {
        const settled = 1 - Math.exp(-(s.timesMs[j]! - s.timesMs[i]!) / HOUR_MS)
        writeField(s, j, 'tilt_deg', tiltDeg + random.normal(0, 0.3))
        writeField(s, j, 'weight_kg', weightKept * valueAt(s, j, 'weight_kg'))
        const ambientC = valueAt(s, j, 'temp_ambient_c')
        const internalC = valueAt(s, j, 'temp_internal_c')
        writeField(s, j, 'temp_internal_c', internalC - 0.75 * settled * (internalC - ambientC))
        const humidityPct = valueAt(s, j, 'humidity_internal_pct')
        writeField(s, j, 'humidity_internal_pct', humidityPct + 0.5 * settled * (valueAt(s, j, 'humidity_ambient_pct') - humidityPct))
      })
      return labelledEvent(s.deviceId, 'tip_over', s.timesMs[i]!, s.timesMs[i]!, { tiltDeg, weightKept })
    },
  }
}

/**
 * Queen loss: without brood the colony stops holding the nest at 34–35 °C (thermoregulation is
 * precise with brood and loose without: Koeniger 1978; Stabentheiner et al. 2010, PLoS ONE
 * 5:e8967), so the brood probe follows outside air a few degrees warmer, with its daily swing.
 * The change sets in over a day; after 4–8 days the beekeeper requeens (or unites) and the nest is
 * heated again within a day.
 */
export const queenless: DeviceEventRecipe = (random) => {
  const durationMs = between(random, 4, 8) * DAY_MS
  const aboveAmbientC = between(random, 2, 5)
  return {
    kind: 'queenless',
    leadMs: 0,
    spanMs: durationMs,
    fits: () => true,
    apply(s, i) {
      const end = i + samplesIn(s, durationMs)
      let laggedAmbientC = valueAt(s, i, 'temp_ambient_c')
      forRange(s, i, end + 1, (j) => {
        // The nest's thermal mass lags the outside air by about an hour.
        laggedAmbientC += (valueAt(s, j, 'temp_ambient_c') - laggedAmbientC) * (1 - Math.exp(-s.intervalMs / HOUR_MS))
        const share = Math.min(1, (s.timesMs[j]! - s.timesMs[i]! + s.intervalMs) / DAY_MS, (s.timesMs[end]! - s.timesMs[j]!) / DAY_MS)
        const broodC = valueAt(s, j, 'temp_brood_c')
        const coolingC = share * (laggedAmbientC + aboveAmbientC - broodC)
        writeField(s, j, 'temp_brood_c', broodC + coolingC)
        // The upper-hive sensor takes about half of the nest's warmth (hive-model.ts INTERNAL_COUPLING).
        writeField(s, j, 'temp_internal_c', valueAt(s, j, 'temp_internal_c') + 0.55 * coolingC)
      })
      const endIndex = Math.min(end, s.readings.length - 1)
      return labelledEvent(s.deviceId, 'queenless', s.timesMs[i]!, s.timesMs[endIndex]!, { aboveAmbientC })
    },
  }
}

/** Below this, stores will not see a colony through the rest of a Belgian winter. */
const STARVATION_STORES_KG = 5
/** A week of data before a trend counts as one. */
const TREND_MS = 7 * DAY_MS

/**
 * Winter starvation of a light hive (7–10 kg of stores at the start): the cluster eats 0.08–0.18 kg
 * a day more than the model's 0.1 kg (early brood rearing raises consumption, Seeley & Visscher
 * 1985, Ecol. Entomol. 10:81), so weight falls ≥ 0.18 kg/day towards the empty hive. If the stores
 * run out the colony dies: weight goes flat and the in-hive probes cool to outside air.
 * Truth runs from the first sample, a week or more in, with stores under 5 kg, to the end.
 */
export function applyStarvation(s: DeviceSeries, random: SeededRandom, emptyHiveKg: number): LabelledEvent | undefined {
  const extraKgPerDay = between(random, 0.08, 0.18)
  const storesAtStartKg = valueAt(s, 0, 'weight_kg') - emptyHiveKg
  let startMs: number | undefined
  let death: { index: number; weightKg: number } | undefined
  forRange(s, 0, s.readings.length, (j) => {
    const sinceMs = s.timesMs[j]! - s.timesMs[0]!
    if (!death) {
      writeField(s, j, 'weight_kg', valueAt(s, j, 'weight_kg') - (extraKgPerDay * sinceMs) / DAY_MS)
      const weightKg = valueAt(s, j, 'weight_kg')
      if (startMs === undefined && sinceMs >= TREND_MS && weightKg - emptyHiveKg < STARVATION_STORES_KG) startMs = s.timesMs[j]
      if (weightKg - emptyHiveKg <= 0.3) death = { index: j, weightKg }
      return
    }
    writeField(s, j, 'weight_kg', death.weightKg + random.normal(0, 0.01))
    const cooled = 1 - Math.exp(-(s.timesMs[j]! - s.timesMs[death.index]!) / (6 * HOUR_MS))
    const ambientC = valueAt(s, j, 'temp_ambient_c')
    for (const field of ['temp_internal_c', 'temp_brood_c'] as const) {
      const valueC = valueAt(s, j, field)
      writeField(s, j, field, valueC + cooled * (ambientC - valueC))
    }
    const humidityPct = valueAt(s, j, 'humidity_internal_pct')
    writeField(s, j, 'humidity_internal_pct', humidityPct + cooled * (valueAt(s, j, 'humidity_ambient_pct') - humidityPct))
  })
  if (startMs === undefined) return undefined
  const details: Record<string, number | string> = { emptyHiveKg, storesAtStartKg, extraConsumptionKgPerDay: extraKgPerDay }
  if (death) details.colonyDiedMs = s.timesMs[death.index]!
  return labelledEvent(s.deviceId, 'starvation', startMs, s.timesMs.at(-1)!, details)
}
