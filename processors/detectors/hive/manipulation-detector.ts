import type { Detector } from '../detector.js'
import { fieldValue, finding, foldReadings, formatDuration, isoTime, shortTime } from '../device/findings.js'
import { roundTo } from '../device/robust-stats.js'
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
 * A removal that leaves the scale near empty is `hive.theft`'s, not a harvest; a swarm-sized drop
 * alone is `hive.swarm`'s, but during a visit it is a box lifted off.
 */
export interface ManipulationOptions {
  weight?: Partial<WeightOptions>
}

export interface ManipulationState {
  weight: WeightEventState
  firing: boolean
}

const DESCRIBE: Record<ManipulationKind, (sizeKg: number) => string> = {
  inspection: (size) => `${Math.abs(size)} kg ${size < 0 ? 'lifted off and put back' : 'put on and taken off again'}`,
  super_added: (size) => `box or feed added, +${size} kg`,
  super_removed: (size) => `box removed, ${size} kg`,
  harvest: (size) => `harvest, ${size} kg of boxes taken away`,
}

export function createManipulationDetector(options: ManipulationOptions = {}): Detector<ManipulationState> {
  const o = weightOptions(options.weight)

  return {
    name: 'hive.manipulation.v1',
    kinds: ['hive'],
    rules: ['hive.manipulation'],
    initialState: () => ({ weight: initialWeightEvents(), firing: false }),
    step: (state, readings) =>
      foldReadings(state, readings, (s, reading, emit) => {
        const kg = fieldValue(reading, 'weight_kg')
        if (kg === undefined) return
        for (const event of advanceWeight(s.weight, { t: reading.timeMs, kg }, o)) {
          if (event.type === 'visit_started') {
            const { shape } = event
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
