import type { Detector } from '../detector.js'
import { fieldValue, finding, foldReadings, formatDuration, isoTime, shortTime } from '../device/findings.js'
import { median, roundTo } from '../device/robust-stats.js'
import { initialDiurnalClock, recordAmbient, type DiurnalClockState } from './diurnal-clock.js'
import { followTilt, initialTilt, tiltOf, type TiltState } from './hive-posture.js'
import { hourAt, isNightHour, type SiteTimeZone } from './site-clock.js'
import { advanceWeight, initialWeightEvents, type ManipulationKind, type WeightEventState } from './weight-events.js'
import { weightOptions, type WeightOptions } from './weight-options.js'

/**
 * `hive.manipulation` (info, never an alarm): the beekeeper was at the hive. Steps made during a
 * visit are not production, so the net-weight and yield estimators subtract them (DESIGN: "net
 * weight with manipulation filter"). `firing` when the first step of a visit is recognised (the
 * weight came back, or a new level held for the confirmation window), `clear` when no step has
 * followed for 30 min, with the visit's final kind and size:
 * - `inspection`: lifted and put back (net under 3 kg), size = the largest departure;
 * - `super_added` / `super_removed`: a step of ≥ 3 kg that stays (a box, a feeder);
 * - `harvest`: ≥ 8 kg removed and kept off (honey supers).
 * A removal that leaves the scale near empty is `hive.theft`'s, not a harvest; so is one of ≥ 5 kg
 * at night (beekeepers do not open hives in the dark, see site-clock.ts), and any step while the hive
 * lies tipped over (its weight is partly on the ground). A swarm-sized drop alone is `hive.swarm`'s,
 * but during a visit it is a box lifted off.
 * A lift of 1.2–2 kg put back is an inspection too when the lid was seen off: the upper in-hive
 * probe, in a hive ≥ 2 °C warmer than the air, fell ≥ 1 °C while the weight was off (the warm air
 * under the lid escapes within minutes; hive monitors flag openings from this dip).
 */
export interface ManipulationOptions {
  weight?: Partial<WeightOptions>
  siteTimeZone?: SiteTimeZone
  /** A lasting removal this large at night is a theft, not a visit (as `hive.theft` reads it). */
  nightRemovalKg?: number
}

export interface ManipulationState {
  weight: WeightEventState
  firing: boolean
  /** The visit under way is theft's or a tipped hive's, not reported. */
  suppressed: boolean
  tilt: TiltState
  clock: DiurnalClockState
  /** Upper in-hive and outside temperature of the last hours, for the lid-open test. */
  climate: { t: number; upperC?: number; ambientC?: number }[]
}

const MINUTE = 60_000
/** The lid test looks 30 min before a lift that came back within the ~70 min an episode stays open. */
const CLIMATE_WINDOW_MS = 2 * 60 * MINUTE
const CLIMATE_MAX_SAMPLES = 30

const DESCRIBE: Record<ManipulationKind, (sizeKg: number) => string> = {
  inspection: (size) => `${Math.abs(size)} kg ${size < 0 ? 'lifted off and put back' : 'put on and taken off again'}`,
  super_added: (size) => `box or feed added, +${size} kg`,
  super_removed: (size) => `box removed, ${size} kg`,
  harvest: (size) => `harvest, ${size} kg of boxes taken away`,
}

export function createManipulationDetector(options: ManipulationOptions = {}): Detector<ManipulationState> {
  const o = weightOptions(options.weight)
  const nightRemovalKg = options.nightRemovalKg ?? 5

  return {
    name: 'hive.manipulation.v2',
    kinds: ['hive'],
    rules: ['hive.manipulation'],
    initialState: () => ({ weight: initialWeightEvents(), firing: false, suppressed: false, tilt: initialTilt(), clock: initialDiurnalClock(), climate: [] }),
    step: (state, readings, context) =>
      foldReadings(state, readings, (s, reading, emit) => {
        if (s.weight.lastMs !== null && reading.timeMs <= s.weight.lastMs) return
        const ambientC = fieldValue(reading, 'temp_ambient_c')
        if (ambientC !== undefined) recordAmbient(s.clock, reading.timeMs, ambientC)
        const upperC = fieldValue(reading, 'temp_internal_c')
        if ((upperC !== undefined || ambientC !== undefined) && !(reading.timeMs <= (s.climate.at(-1)?.t ?? -Infinity))) {
          s.climate.push({ t: reading.timeMs, ...(upperC !== undefined && { upperC: roundTo(upperC, 2) }), ...(ambientC !== undefined && { ambientC: roundTo(ambientC, 2) }) })
          while (s.climate.length > CLIMATE_MAX_SAMPLES || s.climate[0]!.t < reading.timeMs - CLIMATE_WINDOW_MS) s.climate.shift()
        }
        const tilt = tiltOf(reading)
        if (tilt !== undefined) followTilt(s.tilt, tilt)
        const kg = fieldValue(reading, 'weight_kg')
        if (kg === undefined) return
        const pick = (fromMs: number, toMs: number, field: 'upperC' | 'ambientC') =>
          s.climate.filter((c) => c.t >= fromMs && c.t <= toMs).flatMap((c) => c[field] ?? [])
        const lidOpened = (fromMs: number, toMs: number) => {
          const before = median(pick(fromMs - 30 * MINUTE, fromMs - 1, 'upperC'))
          const air = median(pick(fromMs - 30 * MINUTE, fromMs - 1, 'ambientC'))
          const during = pick(fromMs, toMs, 'upperC')
          return before - air >= 2 && during.length > 0 && before - Math.min(...during) >= 1
        }
        for (const event of advanceWeight(s.weight, { t: reading.timeMs, kg }, o, lidOpened)) {
          if (event.type === 'visit_started') {
            const { shape } = event
            const night = isNightHour(hourAt(shape.startMs, options.siteTimeZone?.(context.device.siteId), s.clock))
            s.suppressed = s.tilt.tipped || (night && shape.netKg <= -nightRemovalKg)
            if (s.suppressed) continue
            const size = roundTo(shape.kind === 'inspection' ? shape.excursionKg : shape.netKg, 1)
            s.firing = true
            const summary = `Hive visit (${DESCRIBE[shape.kind](size)}) at ${shortTime(shape.startMs)}: not counted as production.`
            emit(
              finding('hive.manipulation', 'firing', 'info', reading.timeMs, summary, {
                kind: shape.kind,
                size_kg: size,
                started_at: isoTime(shape.startMs),
                level_before_kg: roundTo(shape.levelBeforeKg, 2),
                level_after_kg: roundTo(shape.levelAfterKg, 2),
              }),
            )
          } else if (event.type === 'visit_ended' && s.suppressed) {
            s.suppressed = false
          } else if (event.type === 'visit_ended' && s.firing) {
            const { visit } = event
            const size = roundTo(visit.sizeKg, 1)
            s.firing = false
            const summary = `Hive visit over after ${formatDuration(visit.endMs - visit.startMs)}: ${DESCRIBE[visit.kind](size)}.`
            emit(
              finding('hive.manipulation', 'clear', 'info', reading.timeMs, summary, {
                kind: visit.kind,
                size_kg: size,
                net_kg: roundTo(visit.netKg, 1),
                started_at: isoTime(visit.startMs),
                ended_at: isoTime(visit.endMs),
                steps: visit.steps,
              }),
            )
          }
        }
      }),
  }
}
