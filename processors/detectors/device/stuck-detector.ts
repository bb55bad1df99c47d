import type { Detector } from '../detector.js'
import { finding, foldReadings, formatDuration, isoTime } from './findings.js'
import { initialGroupAlarm, reconcileGroupAlarm, type GroupAlarmState } from './group-alarm.js'
import { fieldLabel, ruleByQuantity, type Quantity } from './field-quantities.js'
import { forEachFieldSeries, seriesField, type SeriesEntry } from './series-map.js'

/**
 * `device.stuck`: a field that normally varies reports exactly the same value for a long time, the
 * signature of a frozen sensor or a firmware repeating its last value.
 *
 * How long counts as stuck depends on how the quantity moves and how coarsely it is reported:
 * - temperatures and weight: 6 h. Air and hive temperatures follow the day, and a hive gains or loses
 *   tens of grams an hour (Meikle et al. 2008); in the 2018 BroodMinder data no temperature or
 *   weight held one value longer than 4 h.
 * - humidity: 24 h. Integer-%RH sensors hold a value through stable nights: that data has 582 runs of
 *   ≥ 6 h and 5 of ≥ 24 h. Saturated air rests at 100 % through fog; 0 % is `device.out_of_range`'s.
 * - soil: 48 h. Deep soil can sit still for a day or more: the daily temperature wave is damped
 *   e-fold every ~12 cm (damping depth √(2κ/ω) for κ ≈ 5·10⁻⁷ m²/s; Hillel, Environmental Soil
 *   Physics, ch. 12), so at 60 cm it is under 1 % of the surface swing, and moisture between rains
 *   changes by tenths of a percent a day.
 * A series that has shown for a while how often it changes gets a shorter limit of its own, as the
 * WMO persistence check asks "has it changed as much as it normally does?" (Zahumenský 2004, WMO
 * Guidelines on QC Procedures for Data from AWS): three times the longest run of one value it showed
 * over the past week, once a whole day (one daily cycle) has been seen, never under 6 h nor over the
 * quantity's limit above. Soil at 10 cm still swings by degrees (~40 % of the surface's) and a noisy moisture probe changes
 * every few readings; both are then held to 6 h instead of 48 h, while a quantised probe that often
 * repeats itself keeps its longer limit. Runs at a resting value, runs across a gap of over 2 h and
 * runs that were reported stuck are not learned from.
 * Values where a healthy sensor legitimately rests are excluded: humidity 0 or 100 %, leaf wetness
 * 0 or 100 %, solar 0 W/m² (night), wind at or under 0.5 m/s (calm air: a cup anemometer may need
 * up to 0.5 m/s to turn, WMO-No. 8, so a near-calm night holds it at that floor). Never checked: rain
 * (a tipping-bucket gauge counts 0.2 mm tips, so steady drizzle repeats the same amount for hours,
 * and a dry gauge rests at 0), battery (quantised and slow; see `device.battery_low`), wind
 * direction (a vane rests in calm air), accelerometer and tilt (a hive at rest does not move).
 * Clears at the first different value.
 */
export interface StuckRule {
  minDurationMs: number
  /** Values a healthy sensor may hold indefinitely. */
  restingValues?: readonly number[]
  /** ...and any value at or below this one. */
  restingAtOrBelow?: number
}

export interface StuckOptions {
  rules?: Partial<Record<Quantity, StuckRule | null>>
  /** Fewest identical readings, whatever the duration. */
  minSamples?: number
  /** A learned limit is this many times the longest run of the past week... */
  learnedFactor?: number
  /** ...and never shorter than this. */
  minLearnedMs?: number
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
  leaf_wetness: { minDurationMs: 6 * HOUR, restingValues: [0, 100] },
  solar: { minDurationMs: 6 * HOUR, restingValues: [0] },
  wind_speed: { minDurationMs: 6 * HOUR, restingAtOrBelow: 0.5 },
}

function isResting(rule: StuckRule, value: number): boolean {
  return (rule.restingValues?.includes(value) ?? false) || (rule.restingAtOrBelow !== undefined && value <= rule.restingAtOrBelow)
}

interface StuckSeries extends SeriesEntry {
  value: number
  sinceMs: number
  samples: number
  stuck: boolean
  /** The run has a gap of over `MAX_RUN_GAP_MS` between two of its readings. */
  gapped: boolean
  firstMs: number
  /** Longest run that ended on each of the last days: [day start, ms]. */
  longest: [number, number][]
}

const DAY = 24 * HOUR
const LEARN_DAYS = 7
const MIN_HISTORY_MS = DAY
const MAX_RUN_GAP_MS = 2 * HOUR

export interface StuckState {
  series: Record<string, StuckSeries>
  alarm: GroupAlarmState
}

export function createStuckDetector(options: StuckOptions = {}): Detector<StuckState> {
  const rules = { ...DEFAULT_STUCK_RULES, ...options.rules }
  const minSamples = options.minSamples ?? 6
  const learnedFactor = options.learnedFactor ?? 3
  const minLearnedMs = options.minLearnedMs ?? 6 * HOUR

  /** Records the run that just ended, when it says how the healthy series behaves. */
  const learn = (series: StuckSeries, endedMs: number, rule: StuckRule) => {
    if (series.stuck || series.gapped || isResting(rule, series.value)) return
    const runMs = endedMs - series.sinceMs
    const dayMs = Math.floor(endedMs / DAY) * DAY
    const last = series.longest.at(-1)
    if (last && last[0] === dayMs) last[1] = Math.max(last[1], runMs)
    else series.longest.push([dayMs, runMs])
    while (series.longest.length > 0 && series.longest[0]![0] <= dayMs - LEARN_DAYS * DAY) series.longest.shift()
  }

  const limitFor = (series: StuckSeries, nowMs: number, rule: StuckRule) => {
    if (nowMs - series.firstMs < MIN_HISTORY_MS || series.longest.length === 0) return rule.minDurationMs
    const longest = Math.max(...series.longest.map(([, ms]) => ms))
    return Math.min(rule.minDurationMs, Math.max(minLearnedMs, learnedFactor * longest))
  }

  const ruleFor = ruleByQuantity(rules)

  return {
    name: 'device.stuck.v2',
    kinds: ['hive', 'grove'],
    rules: ['device.stuck'],
    initialState: () => ({ series: {}, alarm: initialGroupAlarm() }),
    step: (state, readings) =>
      foldReadings(state, readings, (s, reading, emit) => {
        forEachFieldSeries(
          s.series,
          reading,
          ruleFor,
          (value) => ({ lastMs: Number.MIN_SAFE_INTEGER, value, sinceMs: reading.timeMs, samples: 0, stuck: false, gapped: false, firstMs: reading.timeMs, longest: [] }),
          (series, value, rule) => {
            const gap = series.samples > 0 && reading.timeMs - series.lastMs > MAX_RUN_GAP_MS
            if (value !== series.value) {
              learn(series, series.lastMs, rule)
              Object.assign(series, { value, sinceMs: reading.timeMs, samples: 0, stuck: false, gapped: false })
            } else if (gap) series.gapped = true
            series.lastMs = reading.timeMs
            series.samples += 1
            const resting = isResting(rule, value)
            series.stuck =
              !resting && series.samples >= minSamples && reading.timeMs - series.sinceMs >= limitFor(series, reading.timeMs, rule)
          },
        )
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
