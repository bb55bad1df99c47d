import { median } from '../device/robust-stats.js'
import { classifyEpisode, type EpisodeShape, type OpenEpisode, type WeightSample } from './episode-shape.js'
import type { WeightOptions } from './weight-options.js'

/**
 * Follows a hive's weight sample by sample and turns its steps into events: a swarm, a visit by the
 * beekeeper (one or more steps close together: an inspection, a box added or removed, a harvest),
 * the hive set on or taken off the scale. A step opens an episode when the weight leaves the level
 * suddenly; the episode closes when the weight comes back or the new level has held long enough to
 * be real (`confirmMs`, `confirmSamples`), and `classifyEpisode` names it.
 */
export type ManipulationKind = 'inspection' | 'super_added' | 'super_removed' | 'harvest'

export interface Visit {
  startMs: number
  startLevelKg: number
  /** When the last step was recognised; the visit ends after `visitQuietMs` without another. */
  lastActivityMs: number
  lastStepMs: number
  lastLevelKg: number
  /** Largest departure from the level before the visit, signed. */
  excursionKg: number
  steps: number
}

export interface VisitSummary {
  kind: ManipulationKind
  startMs: number
  endMs: number
  netKg: number
  excursionKg: number
  /** `netKg` for a box step, `excursionKg` for an inspection. */
  sizeKg: number
  steps: number
}

export type WeightEvent =
  | { type: 'swarm' | 'hive_placed' | 'hive_removed'; atMs: number; shape: EpisodeShape }
  | { type: 'visit_started'; atMs: number; shape: EpisodeShape & { kind: ManipulationKind } }
  | { type: 'visit_ended'; atMs: number; visit: VisitSummary }

export interface WeightEventState {
  lastMs: number | null
  /** Recent samples at the level (not part of an episode). */
  level: WeightSample[]
  episode: OpenEpisode | null
  visit: Visit | null
}

export function initialWeightEvents(): WeightEventState {
  return { lastMs: null, level: [], episode: null, visit: null }
}

/**
 * Whether the hive was open between two times, from evidence other than weight (the lid-open dip of
 * the upper in-hive temperature); lets a small lift-and-return count as an inspection.
 */
export type LidOpened = (fromMs: number, toMs: number) => boolean

/** Feeds one sample (newer than any before; older ones are ignored) and returns what it decided. */
export function advanceWeight(state: WeightEventState, sample: WeightSample, o: WeightOptions, lidOpened?: LidOpened): WeightEvent[] {
  if (state.lastMs !== null && sample.t <= state.lastMs) return []
  const events: WeightEvent[] = []
  if (state.lastMs !== null && sample.t - state.lastMs > o.resetGapMs) {
    if (state.visit) events.push(endVisit(state, state.visit, sample.t, o))
    state.level = []
    state.episode = null
  }
  state.lastMs = sample.t
  const closed = state.episode ? continueEpisode(state, state.episode, sample, o) : openEpisode(state, sample, o)
  if (closed) events.push(...eventsFor(state, closed, o, lidOpened))
  if (state.visit && !state.episode && sample.t - state.visit.lastActivityMs >= o.visitQuietMs) {
    events.push(endVisit(state, state.visit, sample.t, o))
  }
  return events
}

/** Samples faster than one a minute: the level is taken from the latest hour's worth at most. */
const MAX_LEVEL_SAMPLES = 64

function trimLevel(level: WeightSample[], nowMs: number, o: WeightOptions): void {
  while (level.length > MAX_LEVEL_SAMPLES || (level.length > o.levelMinSamples && level[0]!.t < nowMs - o.levelWindowMs)) level.shift()
}

function openEpisode(state: WeightEventState, sample: WeightSample, o: WeightOptions): null {
  const level = state.level
  trimLevel(level, sample.t, o)
  if (level.length > 0) {
    const levelKg = median(level.map((s) => s.kg))
    const departure = sample.kg - levelKg
    // Sudden: most of the departure happened since the sample `suddenWithinMs` ago (or the last one).
    const firstRecent = level.findIndex((s) => s.t >= sample.t - o.suddenWithinMs)
    const recentIndex = firstRecent === -1 ? level.length - 1 : firstRecent
    const recent = sample.kg - level[recentIndex]!.kg
    if (Math.abs(departure) >= o.stepKg && Math.abs(recent) >= o.stepKg / 2 && Math.sign(recent) === Math.sign(departure)) {
      state.episode = { levelBeforeKg: levelKg, lead: level.slice(recentIndex), samples: [sample], plateauFrom: 0 }
      return null
    }
  }
  level.push(sample)
  return null
}

function continueEpisode(state: WeightEventState, episode: OpenEpisode, sample: WeightSample, o: WeightOptions): EpisodeShape | null {
  episode.samples.push(sample)
  if (Math.abs(sample.kg - episode.levelBeforeKg) <= o.returnToleranceKg) {
    state.episode = null
    state.level.push(sample)
    return classifyEpisode(episode, { atMs: sample.t, levelFromMs: sample.t, levelAfterKg: sample.kg, returned: true }, o)
  }
  // A new level counts from the last time the weight moved: boxes going back on restart the clock.
  const plateau = episode.samples.slice(episode.plateauFrom, -1).map((s) => s.kg)
  if (plateau.length > 0 && Math.abs(sample.kg - median(plateau)) > o.returnToleranceKg) episode.plateauFrom = episode.samples.length - 1
  const held = episode.samples.slice(episode.plateauFrom)
  const confirmed = held.length >= o.confirmSamples && sample.t - held[0]!.t >= o.confirmMs
  if (!confirmed && episode.samples.length < o.maxEpisodeSamples) return null
  state.episode = null
  state.level = held.slice(-o.confirmSamples)
  const end = { atMs: sample.t, levelFromMs: held[0]!.t, levelAfterKg: median(held.map((s) => s.kg)), returned: false }
  return classifyEpisode(episode, end, o)
}

function eventsFor(state: WeightEventState, shape: EpisodeShape, o: WeightOptions, lidOpened?: LidOpened): WeightEvent[] {
  const atMs = shape.endMs
  switch (shape.kind) {
    case 'glitch':
      return []
    case 'minor':
      // Lifted a step's worth and put back with the lid off: an inspection too small for the weight alone.
      if (!state.visit && shape.returned && Math.abs(shape.excursionKg) >= o.stepKg && lidOpened?.(shape.startMs, shape.endMs)) {
        return joinVisit(state, { ...shape, kind: 'inspection' })
      }
      // The weight moved while the beekeeper was there: part of the visit, not a new one.
      if (state.visit) Object.assign(state.visit, { lastActivityMs: atMs, lastStepMs: shape.levelFromMs, lastLevelKg: shape.levelAfterKg })
      return []
    case 'hive_placed':
    case 'hive_removed': {
      const ended = state.visit ? [endVisit(state, state.visit, atMs, o)] : []
      return [...ended, { type: shape.kind, atMs, shape }]
    }
    case 'swarm':
      // A swarm-sized drop while the beekeeper is at the hive is a box lifted off.
      return state.visit ? joinVisit(state, { ...shape, kind: 'super_removed' }) : [{ type: 'swarm', atMs, shape }]
    case 'inspection':
    case 'super_added':
    case 'super_removed':
    case 'harvest':
      return joinVisit(state, { ...shape, kind: shape.kind })
  }
}

function joinVisit(state: WeightEventState, shape: EpisodeShape & { kind: ManipulationKind }): WeightEvent[] {
  const visit = state.visit
  if (!visit) {
    state.visit = {
      startMs: shape.startMs,
      startLevelKg: shape.levelBeforeKg,
      lastActivityMs: shape.endMs,
      lastStepMs: shape.levelFromMs,
      lastLevelKg: shape.levelAfterKg,
      excursionKg: shape.excursionKg,
      steps: 1,
    }
    return [{ type: 'visit_started', atMs: shape.endMs, shape }]
  }
  const excursion = shape.levelBeforeKg + shape.excursionKg - visit.startLevelKg
  Object.assign(visit, {
    lastActivityMs: shape.endMs,
    lastStepMs: shape.levelFromMs,
    lastLevelKg: shape.levelAfterKg,
    excursionKg: Math.abs(excursion) > Math.abs(visit.excursionKg) ? excursion : visit.excursionKg,
    steps: visit.steps + 1,
  })
  return []
}

function endVisit(state: WeightEventState, visit: Visit, atMs: number, o: WeightOptions): WeightEvent {
  state.visit = null
  const netKg = visit.lastLevelKg - visit.startLevelKg
  const kind: ManipulationKind =
    netKg >= o.levelShiftMinKg ? 'super_added' : netKg <= -o.harvestMinKg ? 'harvest' : netKg <= -o.levelShiftMinKg ? 'super_removed' : 'inspection'
  return {
    type: 'visit_ended',
    atMs,
    visit: {
      kind,
      startMs: visit.startMs,
      endMs: visit.lastStepMs,
      netKg,
      excursionKg: visit.excursionKg,
      sizeKg: kind === 'inspection' ? visit.excursionKg : netKg,
      steps: visit.steps,
    },
  }
}
