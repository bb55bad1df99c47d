import type { Detector } from '../detector.js'
import { fieldValue, finding, foldReadings, formatDuration, isoTime, REFIRE_INTERVAL_MS } from '../device/findings.js'
import { median, roundTo } from '../device/robust-stats.js'
import { initialDiurnalClock, recordAmbient, type DiurnalClockState } from './diurnal-clock.js'
import { DEFAULT_TILT_OPTIONS, followTilt, initialTilt, NEGATIVE_LOAD_KG, offScale, tiltOf, type TiltState } from './hive-posture.js'
import { hourAt, isNightHour, type SiteTimeZone } from './site-clock.js'
import { weightOptions, type WeightOptions } from './weight-options.js'

export { tiltFromAccelerometer } from './hive-posture.js'

/**
 * `hive.theft` (critical): the hive, or its boxes, taken, or the hive knocked over.
 * - Boxes taken at night: the weight falls ≥ 5 kg below its level (an empty super with drawn comb
 *   weighs ~5 kg) between 20:00 and 06:00, and stays down for two readings. Hive thieves work at
 *   night, when the bees are home (police and beekeeping-association reports, e.g. the California
 *   almond-pollination thefts; BBKA guidance on apiary security), whereas beekeepers take supers off
 *   by day (see `isNightHour`); the 2018 BroodMinder data's night-time steps are ≤ 2 kg scale
 *   artefacts. A migratory beekeeper moving hives at dusk raises it too: someone is at the apiary.
 *   Night comes from the site's time zone when known, else from the site's own temperature cycle
 *   (diurnal-clock.ts); without either this part is off.
 * - Gone: the scale reads near empty (< 5 kg, a negative load being a scale fault) for the
 *   confirmation window (60 min and 3 samples) after carrying a hive (≥ 8 kg). By day a harvest or a
 *   box removal, however large, leaves the brood chamber on the scale and is `hive.manipulation`; the
 *   2018 BroodMinder data shows 22–28 kg steps (76 % of a half-hive reading) that were boxes removed,
 *   so neither a loss fraction nor a loss in kg is used then. An inspection that lifts everything off
 *   comes back within the window.
 * - Knocked over: tilt beyond 45° from level, or 30° away from where the hive usually stands, for two
 *   readings in a row (one jolt is not enough). Tilt is `tilt_deg`, else taken from the accelerometer
 *   assuming its z axis points up when the hive is level.
 * Clears when the weight is back (above half of what it was, or within 3 kg of the level before the
 * night removal; two readings) and the hive stands level again (two readings).
 */
export interface TheftOptions {
  weight?: Partial<WeightOptions>
  siteTimeZone?: SiteTimeZone
  tippedDeg?: number
  tiltChangeDeg?: number
  /** Back within this of the usual tilt counts towards clearing. */
  uprightChangeDeg?: number
  sustainSamples?: number
  /** Removed at night, this much is a theft of boxes. */
  nightRemovalKg?: number
}

export interface TheftState {
  lastMs: number | null
  /** Recent weights while a hive was on the scale: its usual level. */
  hiveWeights: number[]
  nearEmptySinceMs: number | null
  nearEmptySamples: number
  gone: { levelBeforeKg: number } | null
  backSamples: number
  /** Readings in a row at least `nightRemovalKg` below the level at night, since `nightLossSinceMs`. */
  nightLossSamples: number
  nightLossSinceMs: number | null
  taken: { levelBeforeKg: number; removedKg: number; sinceMs: number } | null
  takenBackSamples: number
  tilt: TiltState
  clock: DiurnalClockState
  firing: boolean
  lastFiredMs: number | null
}

const HIVE_LEVEL_SAMPLES = 5

export function createTheftDetector(options: TheftOptions = {}): Detector<TheftState> {
  const o = weightOptions(options.weight)
  const tiltOptions = {
    tippedDeg: options.tippedDeg ?? DEFAULT_TILT_OPTIONS.tippedDeg,
    tiltChangeDeg: options.tiltChangeDeg ?? DEFAULT_TILT_OPTIONS.tiltChangeDeg,
    uprightChangeDeg: options.uprightChangeDeg ?? DEFAULT_TILT_OPTIONS.uprightChangeDeg,
    sustainSamples: options.sustainSamples ?? DEFAULT_TILT_OPTIONS.sustainSamples,
  }
  const sustainSamples = tiltOptions.sustainSamples
  const nightRemovalKg = options.nightRemovalKg ?? 5

  const followWeight = (s: TheftState, kg: number, timeMs: number, night: boolean) => {
    if (kg < NEGATIVE_LOAD_KG) return // a scale fault or a glitch, not an empty scale
    const hiveLevel = median(s.hiveWeights)
    if (s.gone) {
      s.backSamples = kg >= s.gone.levelBeforeKg / 2 ? s.backSamples + 1 : 0
      if (s.backSamples < sustainSamples) return
      Object.assign(s, { gone: null, taken: null, hiveWeights: [], nearEmptySamples: 0, nearEmptySinceMs: null, nightLossSamples: 0, nightLossSinceMs: null })
    }
    if (s.taken) {
      s.takenBackSamples = kg >= s.taken.levelBeforeKg - o.levelShiftMinKg ? s.takenBackSamples + 1 : 0
      if (s.takenBackSamples >= sustainSamples) Object.assign(s, { taken: null, hiveWeights: [], nightLossSamples: 0, nightLossSinceMs: null })
    }
    const removedKg = hiveLevel - kg
    const onLevel = s.hiveWeights.length >= 3 && hiveLevel >= o.minHiveKg
    if (!s.taken && night && onLevel && removedKg >= nightRemovalKg) {
      s.nightLossSinceMs ??= timeMs
      s.nightLossSamples += 1
      if (s.nightLossSamples >= sustainSamples) {
        s.taken = { levelBeforeKg: hiveLevel, removedKg, sinceMs: s.nightLossSinceMs }
        s.takenBackSamples = 0
      }
    } else {
      s.nightLossSamples = 0
      s.nightLossSinceMs = null
    }
    if (offScale(kg, o)) {
      s.nearEmptySinceMs ??= timeMs
      s.nearEmptySamples += 1
      const confirmed = s.nearEmptySamples >= o.confirmSamples && timeMs - s.nearEmptySinceMs >= o.confirmMs
      if (confirmed && hiveLevel >= o.minHiveKg) Object.assign(s, { gone: { levelBeforeKg: s.taken?.levelBeforeKg ?? hiveLevel }, backSamples: 0 })
      return
    }
    s.nearEmptySinceMs = null
    s.nearEmptySamples = 0
    // The level before a removal stays put while it is being judged or reported.
    if (s.taken || s.nightLossSamples > 0) return
    s.hiveWeights.push(kg)
    if (s.hiveWeights.length > HIVE_LEVEL_SAMPLES) s.hiveWeights.shift()
  }

  return {
    name: 'hive.theft.v2',
    kinds: ['hive'],
    rules: ['hive.theft'],
    initialState: () => ({
      lastMs: null,
      hiveWeights: [],
      nearEmptySinceMs: null,
      nearEmptySamples: 0,
      gone: null,
      backSamples: 0,
      nightLossSamples: 0,
      nightLossSinceMs: null,
      taken: null,
      takenBackSamples: 0,
      tilt: initialTilt(),
      clock: initialDiurnalClock(),
      firing: false,
      lastFiredMs: null,
    }),
    step: (state, readings, context) =>
      foldReadings(state, readings, (s, reading, emit) => {
        if (s.lastMs !== null && reading.timeMs <= s.lastMs) return
        const ambientC = fieldValue(reading, 'temp_ambient_c')
        if (ambientC !== undefined) recordAmbient(s.clock, reading.timeMs, ambientC)
        const kg = fieldValue(reading, 'weight_kg')
        const tilt = tiltOf(reading)
        if (kg === undefined && tilt === undefined) return
        s.lastMs = reading.timeMs
        const wasGone = s.gone !== null
        const wasTaken = s.taken !== null
        const wasTipped = s.tilt.tipped
        const night = isNightHour(hourAt(reading.timeMs, options.siteTimeZone?.(context.device.siteId), s.clock))
        if (kg !== undefined) followWeight(s, kg, reading.timeMs, night)
        if (tilt !== undefined) followTilt(s.tilt, tilt, tiltOptions)
        const tipped = s.tilt.tipped
        const joined = (s.gone !== null && !wasGone) || (s.taken !== null && !wasTaken) || (tipped && !wasTipped)
        const evidence = {
          ...(kg !== undefined && { weight_kg: roundTo(kg, 2) }),
          ...(tilt !== undefined && { tilt_deg: roundTo(tilt, 1) }),
          gone: s.gone !== null,
          taken_at_night: s.taken !== null,
          tipped,
        }
        if ((s.gone || s.taken || tipped) && joined && (!s.firing || reading.timeMs - s.lastFiredMs! >= REFIRE_INTERVAL_MS)) {
          const summary = s.gone
            ? `The scale has read ${roundTo(kg ?? 0, 1)} kg for ${formatDuration(reading.timeMs - (s.nearEmptySinceMs ?? reading.timeMs))} after carrying ${roundTo(s.gone.levelBeforeKg, 1)} kg: the hive is off the scale (theft?).`
            : tipped
              ? `The hive is tilted ${roundTo(tilt ?? s.tilt.lastDeg ?? 0, 0)}° from level: knocked over or being moved.`
              : `${roundTo(s.taken!.removedKg, 1)} kg came off the hive at night (${roundTo(s.taken!.levelBeforeKg, 1)} kg before) and stayed off: boxes or the hive taken (theft?).`
          s.firing = true
          s.lastFiredMs = reading.timeMs
          emit(
            finding('hive.theft', 'firing', 'critical', reading.timeMs, summary, {
              ...evidence,
              ...(s.gone && { level_before_kg: roundTo(s.gone.levelBeforeKg, 2), empty_since: isoTime(s.nearEmptySinceMs ?? reading.timeMs) }),
              ...(!s.gone &&
                s.taken && { level_before_kg: roundTo(s.taken.levelBeforeKg, 2), removed_kg: roundTo(s.taken.removedKg, 2), removed_since: isoTime(s.taken.sinceMs) }),
            }),
          )
        } else if (s.firing && !s.gone && !s.taken && !tipped) {
          s.firing = false
          emit(finding('hive.theft', 'clear', 'critical', reading.timeMs, 'The hive is back on its scale and standing level.', evidence))
        }
      }),
  }
}
