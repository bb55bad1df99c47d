import { extendRun, runHasLasted, type Run } from './sustained-run.js'

/**
 * Hysteresis for an air-temperature episode (frost: below a threshold; heat: above one). It starts
 * once the air has stayed beyond `startC` for `startAfterMs`, and ends only once it has stayed on
 * the far side of `endC` for `endAfterMs`; a temperature hovering between the two changes nothing,
 * so a night flapping around 0 °C is one frost, not many.
 */
export interface EpisodeThresholds {
  direction: 'below' | 'above'
  startC: number
  startAfterMs: number
  endC: number
  endAfterMs: number
  /** A longer silence between readings breaks a run: we cannot know what happened meanwhile. */
  maxGapMs: number
}

export interface OpenEpisode {
  sinceMs: number
  /** Lowest (frost) or highest (heat) temperature since the episode began, onset included. */
  extremeC: number
}

export interface EpisodeState {
  /** Readings beyond `startC` while no episode is open. */
  onset?: Run & { extremeC: number }
  open?: OpenEpisode
  /** Readings past `endC` while an episode is open. */
  recovery?: Run
}

export interface EpisodeStep {
  state: EpisodeState
  started?: OpenEpisode
  ended?: OpenEpisode
}

export function checkThresholds(rule: string, t: EpisodeThresholds): EpisodeThresholds {
  const ordered = t.direction === 'below' ? t.endC > t.startC : t.endC < t.startC
  if (!ordered) throw new RangeError(`${rule}: the clear level ${t.endC} °C must lie beyond the alert level ${t.startC} °C`)
  return t
}

/** How much further `value` goes in the episode's direction than `reference` (positive = worse). */
export function worseBy(direction: EpisodeThresholds['direction'], value: number, reference: number): number {
  return direction === 'below' ? reference - value : value - reference
}

export function trackEpisode(state: EpisodeState, timeMs: number, valueC: number, t: EpisodeThresholds): EpisodeStep {
  const worst = (a: number, b: number) => (worseBy(t.direction, a, b) > 0 ? a : b)

  if (!state.open) {
    if (worseBy(t.direction, valueC, t.startC) <= 0) return { state: {} }
    const previous = state.onset
    const run = extendRun(previous, timeMs, t.maxGapMs)
    const onset = { ...run, extremeC: previous && run.sinceMs === previous.sinceMs ? worst(valueC, previous.extremeC) : valueC }
    if (!runHasLasted(onset, t.startAfterMs)) return { state: { onset } }
    const open = { sinceMs: onset.sinceMs, extremeC: onset.extremeC }
    return { state: { open }, started: open }
  }

  const open = { ...state.open, extremeC: worst(valueC, state.open.extremeC) }
  if (worseBy(t.direction, t.endC, valueC) <= 0) return { state: { open } }
  const recovery = extendRun(state.recovery, timeMs, t.maxGapMs)
  if (runHasLasted(recovery, t.endAfterMs)) return { state: {}, ended: open }
  return { state: { open, recovery } }
}
