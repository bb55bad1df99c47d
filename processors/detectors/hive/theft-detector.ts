import type { Detector, DetectorReading } from '../detector.js'
import { fieldValue, finding, foldReadings, formatDuration, isoTime, REFIRE_INTERVAL_MS } from '../device/findings.js'
import { median, roundTo } from '../device/robust-stats.js'
import { weightOptions, type WeightOptions } from './weight-options.js'

/**
 * `hive.theft` (critical): the hive is gone or knocked over.
 * - Gone: the scale reads near empty (< 5 kg) for the confirmation window (60 min and 3 samples)
 *   after carrying a hive (≥ 8 kg). A harvest or a box removal, however large, leaves the brood
 *   chamber on the scale and is `hive.manipulation`; the 2018 BroodMinder data shows 22–28 kg steps
 *   (76 % of a half-hive reading) that were boxes removed, so neither a loss fraction nor a loss in kg
 *   is used. An inspection that lifts everything off comes back within the window.
 * - Knocked over: tilt beyond 45° from level, or 30° away from where the hive usually stands, for two
 *   readings in a row (one jolt is not enough). Tilt is `tilt_deg`, else taken from the accelerometer
 *   assuming its z axis points up when the hive is level.
 * Clears when the weight is back above half of what it was (two readings) and the hive stands level
 * again (two readings).
 */
export interface TheftOptions {
  weight?: Partial<WeightOptions>
  tippedDeg?: number
  tiltChangeDeg?: number
  /** Back within this of the usual tilt counts towards clearing. */
  uprightChangeDeg?: number
  sustainSamples?: number
}

export interface TheftState {
  lastMs: number | null
  /** Recent weights while a hive was on the scale: its usual level. */
  hiveWeights: number[]
  nearEmptySinceMs: number | null
  nearEmptySamples: number
  gone: { levelBeforeKg: number } | null
  backSamples: number
  /** Recent tilts while standing: its usual tilt. */
  tilts: number[]
  tippedSamples: number
  tipped: boolean
  uprightSamples: number
  firing: boolean
  lastFiredMs: number | null
}

const HIVE_LEVEL_SAMPLES = 5
const TILT_SAMPLES = 6

/** Angle between the accelerometer's z axis and gravity. */
export function tiltFromAccelerometer(x: number, y: number, z: number): number | undefined {
  const g = Math.hypot(x, y, z)
  return g < 0.5 ? undefined : (Math.acos(Math.min(1, Math.max(-1, z / g))) * 180) / Math.PI
}

function tiltOf(reading: DetectorReading): number | undefined {
  const tilt = fieldValue(reading, 'tilt_deg')
  if (tilt !== undefined) return tilt
  const [x, y, z] = ['accel_x_g', 'accel_y_g', 'accel_z_g'].map((f) => fieldValue(reading, f))
  return x === undefined || y === undefined || z === undefined ? undefined : tiltFromAccelerometer(x, y, z)
}

export function createTheftDetector(options: TheftOptions = {}): Detector<TheftState> {
  const o = weightOptions(options.weight)
  const tippedDeg = options.tippedDeg ?? 45
  const tiltChangeDeg = options.tiltChangeDeg ?? 30
  const uprightChangeDeg = options.uprightChangeDeg ?? 15
  const sustainSamples = options.sustainSamples ?? 2

  const followWeight = (s: TheftState, kg: number, timeMs: number) => {
    if (kg < -1) return // a glitch, not an empty scale
    const hiveLevel = median(s.hiveWeights)
    if (s.gone) {
      s.backSamples = kg >= s.gone.levelBeforeKg / 2 ? s.backSamples + 1 : 0
      if (s.backSamples >= sustainSamples) Object.assign(s, { gone: null, hiveWeights: [], nearEmptySamples: 0, nearEmptySinceMs: null })
      else return
    }
    if (kg < o.nearZeroKg) {
      s.nearEmptySinceMs ??= timeMs
      s.nearEmptySamples += 1
      const confirmed = s.nearEmptySamples >= o.confirmSamples && timeMs - s.nearEmptySinceMs >= o.confirmMs
      if (confirmed && hiveLevel >= o.minHiveKg) Object.assign(s, { gone: { levelBeforeKg: hiveLevel }, backSamples: 0 })
      return
    }
    s.nearEmptySinceMs = null
    s.nearEmptySamples = 0
    s.hiveWeights.push(kg)
    if (s.hiveWeights.length > HIVE_LEVEL_SAMPLES) s.hiveWeights.shift()
  }

  const followTilt = (s: TheftState, tilt: number) => {
    const usual = s.tilts.length > 0 ? median(s.tilts) : tilt
    const off = Math.abs(tilt - usual)
    if (tilt > tippedDeg || off > tiltChangeDeg) {
      s.tippedSamples += 1
      s.uprightSamples = 0
      if (s.tippedSamples >= sustainSamples) s.tipped = true
      return
    }
    s.tippedSamples = 0
    if (s.tipped) {
      s.uprightSamples = off <= uprightChangeDeg ? s.uprightSamples + 1 : 0
      if (s.uprightSamples < sustainSamples) return
      s.tipped = false
    }
    s.tilts.push(tilt)
    if (s.tilts.length > TILT_SAMPLES) s.tilts.shift()
  }

  return {
    name: 'hive.theft.v1',
    kinds: ['hive'],
    rules: ['hive.theft'],
    initialState: () => ({
      lastMs: null,
      hiveWeights: [],
      nearEmptySinceMs: null,
      nearEmptySamples: 0,
      gone: null,
      backSamples: 0,
      tilts: [],
      tippedSamples: 0,
      tipped: false,
      uprightSamples: 0,
      firing: false,
      lastFiredMs: null,
    }),
    step: (state, readings) =>
      foldReadings(state, readings, (s, reading, emit) => {
        if (s.lastMs !== null && reading.timeMs <= s.lastMs) return
        const kg = fieldValue(reading, 'weight_kg')
        const tilt = tiltOf(reading)
        if (kg === undefined && tilt === undefined) return
        s.lastMs = reading.timeMs
        const wasGone = s.gone !== null
        const wasTipped = s.tipped
        if (kg !== undefined) followWeight(s, kg, reading.timeMs)
        if (tilt !== undefined) followTilt(s, tilt)
        const joined = (s.gone !== null && !wasGone) || (s.tipped && !wasTipped)
        const evidence = {
          ...(kg !== undefined && { weight_kg: roundTo(kg, 2) }),
          ...(tilt !== undefined && { tilt_deg: roundTo(tilt, 1) }),
          gone: s.gone !== null,
          tipped: s.tipped,
        }
        if ((s.gone || s.tipped) && joined && (!s.firing || reading.timeMs - s.lastFiredMs! >= REFIRE_INTERVAL_MS)) {
          const summary = s.gone
            ? `The scale has read ${roundTo(kg ?? 0, 1)} kg for ${formatDuration(reading.timeMs - (s.nearEmptySinceMs ?? reading.timeMs))} after carrying ${roundTo(s.gone.levelBeforeKg, 1)} kg: the hive is off the scale (theft?).`
            : `The hive is tilted ${roundTo(tilt ?? 0, 0)}° from level: knocked over or being moved.`
          s.firing = true
          s.lastFiredMs = reading.timeMs
          emit(
            finding('hive.theft', 'firing', 'critical', reading.timeMs, summary, {
              ...evidence,
              ...(s.gone && { level_before_kg: roundTo(s.gone.levelBeforeKg, 2), empty_since: isoTime(s.nearEmptySinceMs ?? reading.timeMs) }),
            }),
          )
        } else if (s.firing && !s.gone && !s.tipped) {
          s.firing = false
          emit(finding('hive.theft', 'clear', 'critical', reading.timeMs, 'The hive is back on its scale and standing level.', evidence))
        }
      }),
  }
}
