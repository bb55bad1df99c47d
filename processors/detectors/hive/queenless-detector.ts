import type { Detector } from '../detector.js'
import { fieldValue, finding, foldReadings } from '../device/findings.js'
import { correlation, mean, range, roundTo, standardDeviation } from '../device/robust-stats.js'
import { addToBuckets, bucketMean, type MeanBucket } from '../device/time-buckets.js'
import { followTilt, initialTilt, offScale, tiltOf, type TiltState } from './hive-posture.js'
import { DEFAULT_WEIGHT_OPTIONS } from './weight-options.js'

/**
 * `hive.queenless` (warning): the brood nest is no longer held warm and steady.
 * A colony with brood keeps it at 33–36 °C, within a few tenths of a degree whatever the weather
 * (Kleinhenz et al. 2003, J Exp Biol 206:4217; Stabentheiner et al. 2010, PLoS ONE 5:e8967);
 * without brood (queenless once the last brood has emerged, or collapsing) regulation is much looser
 * and the nest temperature follows the outside (Stabentheiner et al. 2021, J Comp Physiol A,
 * doi:10.1007/s00359-021-01464-8). So, over the last 24–48 h of hourly means, it fires when the brood
 * temperature's standard deviation is ≥ 1.5 °C and it tracks ambient (correlation ≥ 0.6, or a range
 * at least half the outside range); it clears when the deviation is ≤ 1.0 °C or the tracking has
 * clearly stopped (correlation ≤ 0.3 and range ratio ≤ 0.25).
 * Judged only when a queenright colony would be rearing brood and the outside varies enough to be
 * followed: outside daily mean > 10 °C and outside range ≥ 3 °C. A broodless winter cluster is
 * normal, so in the cold nothing is decided either way.
 * Uses `temp_brood_c`, or `temp_internal_c` for hives without a brood probe (a sensor above the
 * frames sits further from the nest and follows the outside more: evidence says which was used).
 * This sees the brood gone, not the queen: a colony that lost its queen still has brood to warm for
 * up to three weeks (a worker takes 21 days from egg to adult).
 * Nothing is judged while the scale is empty (the hive was taken: its probes hang in the open air)
 * or the hive lies tipped over; the hours before are forgotten, so the air they measured is never
 * read as a nest. Those are `hive.theft`'s.
 */
export interface QueenlessOptions {
  windowHours?: number
  minHours?: number
  fireStdDevC?: number
  clearStdDevC?: number
  fireCorrelation?: number
  clearCorrelation?: number
  fireRangeRatio?: number
  clearRangeRatio?: number
  minAmbientMeanC?: number
  minAmbientRangeC?: number
}

export interface QueenlessState {
  brood: MeanBucket[]
  ambient: MeanBucket[]
  probe: 'brood' | 'internal' | null
  lastMs: number | null
  firing: boolean
  /** Kept once the device has reported a tilt. */
  tilt?: TiltState
  /** Present while the scale reads empty (its last weight). */
  empty?: true
}

const HOUR = 3_600_000

export function createQueenlessDetector(options: QueenlessOptions = {}): Detector<QueenlessState> {
  const windowHours = options.windowHours ?? 48
  const minHours = options.minHours ?? 24
  const fireStdDevC = options.fireStdDevC ?? 1.5
  const clearStdDevC = options.clearStdDevC ?? 1.0
  const fireCorrelation = options.fireCorrelation ?? 0.6
  const clearCorrelation = options.clearCorrelation ?? 0.3
  const fireRangeRatio = options.fireRangeRatio ?? 0.5
  const clearRangeRatio = options.clearRangeRatio ?? 0.25
  const minAmbientMeanC = options.minAmbientMeanC ?? 10
  const minAmbientRangeC = options.minAmbientRangeC ?? 3
  const keepMs = (windowHours + 1) * HOUR

  /** Hourly brood and ambient means over complete hours both were measured in. */
  const pairedHours = (s: QueenlessState) => {
    const ambientByHour = new Map(s.ambient.slice(0, -1).map((b) => [b.startMs, bucketMean(b)]))
    return s.brood.slice(0, -1).flatMap((b) => {
      const ambient = ambientByHour.get(b.startMs)
      return ambient === undefined ? [] : [{ brood: bucketMean(b), ambient }]
    })
  }

  return {
    name: 'hive.queenless.v2',
    kinds: ['hive'],
    rules: ['hive.queenless'],
    initialState: () => ({ brood: [], ambient: [], probe: null, lastMs: null, firing: false }),
    step: (state, readings) =>
      foldReadings(state, readings, (s, reading, emit) => {
        if (s.lastMs !== null && reading.timeMs <= s.lastMs) return
        const tilt = tiltOf(reading)
        if (tilt !== undefined) followTilt((s.tilt ??= initialTilt()), tilt)
        const kg = fieldValue(reading, 'weight_kg')
        if (kg !== undefined && offScale(kg, DEFAULT_WEIGHT_OPTIONS)) s.empty = true
        else if (kg !== undefined) delete s.empty
        if (s.empty || s.tilt?.tipped) {
          s.brood = []
          return
        }
        const brood = fieldValue(reading, 'temp_brood_c')
        const nest = brood ?? fieldValue(reading, 'temp_internal_c')
        const ambient = fieldValue(reading, 'temp_ambient_c')
        if ((nest === undefined && ambient === undefined) || (s.lastMs !== null && reading.timeMs <= s.lastMs)) return
        s.lastMs = reading.timeMs
        if (ambient !== undefined) addToBuckets(s.ambient, reading.timeMs, ambient, HOUR, keepMs)
        if (nest === undefined) return
        // A brood probe, once seen, is preferred: mixing it with the cooler top sensor would fake a swing.
        if (brood === undefined && s.probe === 'brood') return
        s.probe = brood !== undefined ? 'brood' : 'internal'
        if (!addToBuckets(s.brood, reading.timeMs, nest, HOUR, keepMs)) return

        const hours = pairedHours(s)
        if (hours.length < minHours) return
        const nestTemps = hours.map((h) => h.brood)
        const outside = hours.map((h) => h.ambient)
        const outsideRange = range(outside)
        if (mean(outside) <= minAmbientMeanC || outsideRange < minAmbientRangeC) return
        const spread = standardDeviation(nestTemps)
        const tracking = correlation(nestTemps, outside)
        const rangeRatio = range(nestTemps) / outsideRange
        const evidence = {
          probe: s.probe,
          hours: hours.length,
          nest_mean_c: roundTo(mean(nestTemps), 2),
          nest_sd_c: roundTo(spread, 2),
          ambient_mean_c: roundTo(mean(outside), 2),
          correlation: Number.isFinite(tracking) ? roundTo(tracking, 2) : 0,
          range_ratio: roundTo(rangeRatio, 2),
        }
        const follows = tracking >= fireCorrelation || rangeRatio >= fireRangeRatio
        const stopped = spread <= clearStdDevC || (!(tracking > clearCorrelation) && rangeRatio <= clearRangeRatio)
        if (!s.firing && spread >= fireStdDevC && follows) {
          s.firing = true
          const summary = `The brood nest is no longer kept warm and steady (${evidence.nest_mean_c} °C ± ${evidence.nest_sd_c}, following the outside air): the colony may be queenless or broodless; inspect it.`
          emit(finding('hive.queenless', 'firing', 'warning', reading.timeMs, summary, evidence))
        } else if (s.firing && stopped) {
          s.firing = false
          emit(finding('hive.queenless', 'clear', 'warning', reading.timeMs, 'The brood nest is held steady again.', evidence))
        }
      }),
  }
}
