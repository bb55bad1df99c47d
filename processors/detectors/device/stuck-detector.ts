import type { Detector } from '../detector.js'
import { fieldValue, finding, foldReadings, formatDuration, isoTime } from './findings.js'
import { initialGroupAlarm, reconcileGroupAlarm, type GroupAlarmState } from './group-alarm.js'
import { fieldLabel, quantityOf, type Quantity } from './field-quantities.js'
import { seriesEntry, seriesField, seriesKey, type SeriesEntry } from './series-map.js'

/**
 * `device.stuck`: a field that normally varies reports exactly the same value for a long time, the
 * signature of a frozen sensor or a firmware repeating its last value.
 *
 * How long counts as stuck depends on how the quantity moves and how coarsely it is reported:
 * - temperatures and weight: 6 h. Air and hive temperatures follow the day, and a hive gains or loses
 *   tens of grams an hour (Meikle et al. 2008); in the 2018 BroodMinder data no temperature or
 *   weight held one value longer than 4 h.
 * - humidity: 24 h. Integer-%RH sensors hold a value through stable nights: that data has 582 runs of
 *   ≥ 6 h and 5 of ≥ 24 h. The 0 % and 100 % rails are `device.out_of_range`'s, not repeated here.
 * - soil: 48 h. Below a few cm the daily swing is damped to tenths of a degree or percent.
 * Values where a healthy sensor legitimately rests are excluded: rain 0 mm, leaf wetness 0 or 100 %,
 * solar 0 W/m² (night), wind 0 m/s (calm). Never checked: battery (quantised and slow; see
 * `device.battery_low`), wind direction (a vane rests in calm air), accelerometer and tilt (a hive
 * at rest does not move).
 * Clears at the first different value.
 */
export interface StuckRule {
  minDurationMs: number
  /** Values a healthy sensor may hold indefinitely. */
  restingValues?: readonly number[]
}

export interface StuckOptions {
  rules?: Partial<Record<Quantity, StuckRule | null>>
  /** Fewest identical readings, whatever the duration. */
  minSamples?: number
}

const HOUR = 3_600_000
export const DEFAULT_STUCK_RULES: Partial<Record<Quantity, StuckRule>> = {
  brood_temperature: { minDurationMs: 6 * HOUR },
  internal_temperature: { minDurationMs: 6 * HOUR },
  air_temperature: { minDurationMs: 6 * HOUR },
  weight: { minDurationMs: 6 * HOUR },
  humidity: { minDurationMs: 24 * HOUR, restingValues: [0, 100] },
  soil_moisture: { minDurationMs: 48 * HOUR },
  soil_temperature: { minDurationMs: 48 * HOUR },
  rain: { minDurationMs: 6 * HOUR, restingValues: [0] },
  leaf_wetness: { minDurationMs: 6 * HOUR, restingValues: [0, 100] },
  solar: { minDurationMs: 6 * HOUR, restingValues: [0] },
  wind_speed: { minDurationMs: 6 * HOUR, restingValues: [0] },
}

interface StuckSeries extends SeriesEntry {
  value: number
  sinceMs: number
  samples: number
  stuck: boolean
}

export interface StuckState {
  series: Record<string, StuckSeries>
  alarm: GroupAlarmState
}

export function createStuckDetector(options: StuckOptions = {}): Detector<StuckState> {
  const rules = { ...DEFAULT_STUCK_RULES, ...options.rules }
  const minSamples = options.minSamples ?? 6

  return {
    name: 'device.stuck.v1',
    kinds: ['hive', 'grove'],
    rules: ['device.stuck'],
    initialState: () => ({ series: {}, alarm: initialGroupAlarm() }),
    step: (state, readings) =>
      foldReadings(state, readings, (s, reading, emit) => {
        for (const field of Object.keys(reading.fields)) {
          const quantity = quantityOf(field)
          const rule = quantity && rules[quantity]
          const value = fieldValue(reading, field)
          if (!rule || value === undefined) continue
          const key = seriesKey(reading.sensor, field)
          const series = seriesEntry(s.series, key, () => ({ lastMs: Number.MIN_SAFE_INTEGER, value, sinceMs: reading.timeMs, samples: 0, stuck: false }))
          if (reading.timeMs <= series.lastMs) continue
          series.lastMs = reading.timeMs
          if (value !== series.value) Object.assign(series, { value, sinceMs: reading.timeMs, samples: 0, stuck: false })
          series.samples += 1
          const resting = rule.restingValues?.includes(value) ?? false
          series.stuck =
            !resting && series.samples >= minSamples && reading.timeMs - series.sinceMs >= rule.minDurationMs
        }
        const stuckKeys = Object.keys(s.series).filter((key) => s.series[key]!.stuck)
        const change = reconcileGroupAlarm(s.alarm, stuckKeys, reading.timeMs)
        if (change === 'fire' || change === 'refire') {
          const first = s.series[stuckKeys[0]!]!
          const names = stuckKeys.map((key) => fieldLabel(seriesField(key))).join(', ')
          const summary = `Stuck sensor: ${names} reported exactly ${first.value} for ${formatDuration(reading.timeMs - first.sinceMs)}.`
          emit(
            finding('device.stuck', 'firing', 'warning', reading.timeMs, summary, {
              fields: stuckKeys.join(','),
              value: first.value,
              since: isoTime(first.sinceMs),
              samples: first.samples,
            }),
          )
        } else if (change === 'clear') {
          emit(finding('device.stuck', 'clear', 'warning', reading.timeMs, 'The stuck sensor reports changing values again.', {}))
        }
      }),
  }
}
