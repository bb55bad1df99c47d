import type { Detector } from '../detector.js'
import { finding, foldReadings, isoTime } from './findings.js'
import { fieldLabel, ruleByQuantity, type Quantity } from './field-quantities.js'
import { initialGroupAlarm, reconcileGroupAlarm, type GroupAlarmState } from './group-alarm.js'
import { roundTo } from './robust-stats.js'
import { forEachFieldSeries, seriesField, type SeriesEntry } from './series-map.js'

/**
 * `device.out_of_range`: values the contract accepts (its bounds are physical limits of the sensor)
 * but that cannot be true where the sensor sits.
 * - brood / in-hive temperature outside −30..50 °C: a colony holds its nest at 33–36 °C (Kleinhenz
 *   et al. 2003) and its combs soften and collapse in the low 40s, so 50 °C is a probe fault or a fire.
 * - air temperature outside −45..60 °C: beyond the world record of 56.7 °C and our sites' climates;
 *   a hive scale's own sensor in full sun reached 44 °C in the 2018 BroodMinder data.
 * - weight below −1 kg or above 200 kg: a populated three-storey hive stays under ~120 kg; the 1 kg
 *   allowance is the zero drift of an unloaded scale (~0.2 kg in the BroodMinder data).
 * - soil moisture above 60 % VWC: mineral soils are saturated at their porosity, 35–55 % VWC.
 * - humidity below 3 %RH for 1 h: air that dry needs a dew point some 40 °C under the air temperature,
 *   met only in hot deserts (record lows of 1–2 % in Death Valley and the Sahara); our sites' driest
 *   afternoons (Jaén in summer) keep ~10 %, and a hive, whose bees hold it at 50–70 %, far more. A
 *   capacitive sensor that reads that dry has failed (open circuit, contaminated polymer). 100 % is
 *   not a fault: fog, dew and drizzle hold real air at saturation for hours.
 *   (`device.stuck` handles a sensor frozen at any value.)
 * An isolated out-of-range sample is left to `device.spike`: two in a row are needed (and the rule's
 * duration). Hysteresis: clearing needs two samples back inside narrower bounds.
 */
export interface RangeRule {
  min: number
  max: number
  /** Values exactly equal to these are out of range too (a pinned sensor). */
  pinned?: readonly number[]
  clearMin: number
  clearMax: number
  minDurationMs: number
}

export interface OutOfRangeOptions {
  rules?: Partial<Record<Quantity, RangeRule | null>>
  sustainSamples?: number
}

export const DEFAULT_RANGE_RULES: Partial<Record<Quantity, RangeRule>> = {
  brood_temperature: { min: -30, max: 50, clearMin: -28, clearMax: 48, minDurationMs: 0 },
  internal_temperature: { min: -30, max: 50, clearMin: -28, clearMax: 48, minDurationMs: 0 },
  air_temperature: { min: -45, max: 60, clearMin: -43, clearMax: 58, minDurationMs: 0 },
  weight: { min: -1, max: 200, clearMin: -0.5, clearMax: 190, minDurationMs: 0 },
  soil_moisture: { min: 0, max: 60, clearMin: 0, clearMax: 55, minDurationMs: 0 },
  humidity: { min: 3, max: 100, clearMin: 5, clearMax: 100, minDurationMs: 3_600_000 },
}

interface RangeSeries extends SeriesEntry {
  value: number
  outSamples: number
  outSinceMs: number | null
  backSamples: number
  out: boolean
}

export interface OutOfRangeState {
  series: Record<string, RangeSeries>
  alarm: GroupAlarmState
}

export function createOutOfRangeDetector(options: OutOfRangeOptions = {}): Detector<OutOfRangeState> {
  const rules = { ...DEFAULT_RANGE_RULES, ...options.rules }
  const sustainSamples = options.sustainSamples ?? 2
  const ruleFor = ruleByQuantity(rules)

  return {
    name: 'device.out_of_range.v1',
    kinds: ['hive', 'grove'],
    rules: ['device.out_of_range'],
    initialState: () => ({ series: {}, alarm: initialGroupAlarm() }),
    step: (state, readings) =>
      foldReadings(state, readings, (s, reading, emit) => {
        forEachFieldSeries(
          s.series,
          reading,
          ruleFor,
          (value) => ({ lastMs: Number.MIN_SAFE_INTEGER, value, outSamples: 0, outSinceMs: null, backSamples: 0, out: false }),
          (series, value, rule) => {
            series.lastMs = reading.timeMs
            series.value = value
            const implausible = value < rule.min || value > rule.max || (rule.pinned?.includes(value) ?? false)
            if (implausible) {
              series.outSamples += 1
              series.outSinceMs ??= reading.timeMs
              series.backSamples = 0
              if (series.outSamples >= sustainSamples && reading.timeMs - series.outSinceMs >= rule.minDurationMs) series.out = true
            } else {
              series.outSamples = 0
              series.outSinceMs = null
              const back = value >= rule.clearMin && value <= rule.clearMax
              series.backSamples = back ? series.backSamples + 1 : 0
              if (series.backSamples >= sustainSamples) series.out = false
            }
          },
        )
        const outKeys = Object.keys(s.series).filter((key) => s.series[key]!.out)
        const change = reconcileGroupAlarm(s.alarm, outKeys, reading.timeMs)
        if (change === 'fire' || change === 'refire') {
          const first = s.series[outKeys[0]!]!
          const field = seriesField(outKeys[0]!)
          const summary = `Impossible reading: ${fieldLabel(field)} at ${roundTo(first.value, 2)}; check the sensor and its placement.`
          emit(
            finding('device.out_of_range', 'firing', 'warning', reading.timeMs, summary, {
              fields: outKeys.join(','),
              field,
              value: roundTo(first.value, 3),
              since: isoTime(first.outSinceMs ?? reading.timeMs),
            }),
          )
        } else if (change === 'clear') {
          emit(finding('device.out_of_range', 'clear', 'warning', reading.timeMs, 'Readings are back in a plausible range.', {}))
        }
      }),
  }
}
