import type { DetectorReading } from '../detector.js'
import { fieldValue } from '../device/findings.js'
import { median } from '../device/robust-stats.js'
import type { WeightOptions } from './weight-options.js'

/**
 * Whether the hive still stands on its scale as a hive: tilt (knocked over) and load (lifted off).
 * Shared by theft, which alarms on them, and the rules whose readings stop meaning what they say
 * once the hive lies on its side or is gone: a tipped hive's weight is partly on the ground (not a
 * harvest, not stores eaten), and probes left on an empty stand measure the open air (not a brood
 * nest that lost its queen).
 */
export interface TiltOptions {
  /** Beyond this from level the hive is over. */
  tippedDeg: number
  /** ...or this far from where it usually stands. */
  tiltChangeDeg: number
  /** Back within this of the usual tilt counts towards standing again. */
  uprightChangeDeg: number
  /** Readings in a row needed either way (one jolt is not enough). */
  sustainSamples: number
}

export const DEFAULT_TILT_OPTIONS: TiltOptions = { tippedDeg: 45, tiltChangeDeg: 30, uprightChangeDeg: 15, sustainSamples: 2 }

export interface TiltState {
  /** Recent tilts while standing: its usual tilt. */
  tilts: number[]
  tippedSamples: number
  tipped: boolean
  uprightSamples: number
  /** The latest tilt. */
  lastDeg?: number
}

const TILT_SAMPLES = 6

export function initialTilt(): TiltState {
  return { tilts: [], tippedSamples: 0, tipped: false, uprightSamples: 0 }
}

/** Angle between the accelerometer's z axis and gravity. */
export function tiltFromAccelerometer(x: number, y: number, z: number): number | undefined {
  const g = Math.hypot(x, y, z)
  return g < 0.5 ? undefined : (Math.acos(Math.min(1, Math.max(-1, z / g))) * 180) / Math.PI
}

/** `tilt_deg`, else the tilt from the accelerometer (its z axis up when the hive is level). */
export function tiltOf(reading: DetectorReading): number | undefined {
  const tilt = fieldValue(reading, 'tilt_deg')
  if (tilt !== undefined) return tilt
  const [x, y, z] = ['accel_x_g', 'accel_y_g', 'accel_z_g'].map((f) => fieldValue(reading, f))
  return x === undefined || y === undefined || z === undefined ? undefined : tiltFromAccelerometer(x, y, z)
}

/** Feeds one tilt; `state.tipped` says whether the hive is over. */
export function followTilt(state: TiltState, tilt: number, o: TiltOptions = DEFAULT_TILT_OPTIONS): void {
  state.lastDeg = Math.round(tilt * 10) / 10
  const usual = state.tilts.length > 0 ? median(state.tilts) : tilt
  const off = Math.abs(tilt - usual)
  if (tilt > o.tippedDeg || off > o.tiltChangeDeg) {
    state.tippedSamples += 1
    state.uprightSamples = 0
    if (state.tippedSamples >= o.sustainSamples) state.tipped = true
    return
  }
  state.tippedSamples = 0
  if (state.tipped) {
    state.uprightSamples = off <= o.uprightChangeDeg ? state.uprightSamples + 1 : 0
    if (state.uprightSamples < o.sustainSamples) return
    state.tipped = false
  }
  state.tilts.push(tilt)
  if (state.tilts.length > TILT_SAMPLES) state.tilts.shift()
}

/**
 * A load below this is not a hive on the scale but a scale that lost its zero (a tare lost at a
 * reboot): an unloaded scale drifts ~0.2 kg around zero (2018 BroodMinder data), and a stand with
 * the hive gone still carries its floor or debris, never less than nothing.
 */
export const NEGATIVE_LOAD_KG = -0.5

/** The scale carries no hive: near empty, and not a negative-load fault. */
export function offScale(kg: number, o: Pick<WeightOptions, 'nearZeroKg'>): boolean {
  return kg >= NEGATIVE_LOAD_KG && kg < o.nearZeroKg
}
