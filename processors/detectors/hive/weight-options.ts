/**
 * Thresholds shared by the weight-based hive rules (swarm, manipulation, theft, starvation), so that
 * one step of the scale is read the same way by all: a harvest is never also a theft or a swarm.
 * All in kg as the scale measures them; a scale under one end of the hive (BroodMinder-W) reports
 * about half the hive, which these defaults still suit (see the hivescaler replay test).
 */
export interface WeightOptions {
  /**
   * Smallest sudden change worth following: 1.2 kg. A prime swarm takes about half the workers plus
   * the honey in their crops, 1.5–4.5 kg (Meikle et al. 2005 sized swarms from hive balances;
   * vendor notes report 1.5–2 kg in minutes, Honey Instruments; ~4 lb, SolutionBee), while the morning
   * departure of foragers takes ≤ 1 kg over an hour or two (Meikle et al. 2018, PLoS ONE 13:e0197589).
   */
  stepKg: number
  swarmMinKg: number
  /** Above 5 kg in one step a box came off: a colony does not lose more bees than that at once. */
  swarmMaxKg: number
  /** A swarm leaves within 10–20 min: the loss must happen this fast (or between two samples). */
  suddenWithinMs: number
  /** Samples this close may frame a sudden step; hourly scales cannot show the 20 minutes. */
  maxStepGapMs: number
  /**
   * Samples at most this far apart see any visit (the lid is off ≥ 10 min) on two or more of them, so
   * one sample off the level and straight back is a glitch of the scale, not a visit (the spike rule's
   * `denseSamplingMs` draws the same line).
   */
  denseSamplingMs: number
  /** Weight back within this of the level before = what was lifted was put back. */
  returnToleranceKg: number
  /** A change is confirmed once it has lasted this long and this many samples: 60 min, 3 samples. */
  confirmMs: number
  confirmSamples: number
  /** The level before a step: median of the last hour, at least 3 samples (one glitch cannot move it). */
  levelWindowMs: number
  levelMinSamples: number
  /** After a longer silence the old level says nothing about the new one. */
  resetGapMs: number
  /** An inspection lifts at least this much (an empty super with drawn comb is ~5 kg, a frame 2–4 kg). */
  inspectionMinKg: number
  /** A step that stays at least this big is a box added or removed, not noise. */
  levelShiftMinKg: number
  /** A removal this big took honey: a full medium super weighs 20–25 kg, an empty one ~5 kg. */
  harvestMinKg: number
  /** Below this the hive is gone from the scale (or was never on it). */
  nearZeroKg: number
  /** A hive weighs at least this (a five-frame nucleus); lighter means the scale is empty. */
  minHiveKg: number
  /**
   * One or two samples this far off (or below −1 kg) that come back are a glitch, not a visit: in the
   * 2018 BroodMinder data inspections lifted at most 19 kg and glitches jumped 37–75 kg.
   */
  glitchKg: number
  /** A visit is over after this long without another step. */
  visitQuietMs: number
  /** Samples kept for one step; faster sampling confirms a step after this many. */
  maxEpisodeSamples: number
}

const MINUTE = 60_000

export const DEFAULT_WEIGHT_OPTIONS: WeightOptions = {
  stepKg: 1.2,
  swarmMinKg: 1.2,
  swarmMaxKg: 5,
  suddenWithinMs: 20 * MINUTE,
  maxStepGapMs: 70 * MINUTE,
  denseSamplingMs: 15 * MINUTE,
  returnToleranceKg: 1,
  confirmMs: 60 * MINUTE,
  confirmSamples: 3,
  levelWindowMs: 60 * MINUTE,
  levelMinSamples: 3,
  resetGapMs: 6 * 60 * MINUTE,
  inspectionMinKg: 2,
  levelShiftMinKg: 3,
  harvestMinKg: 8,
  nearZeroKg: 5,
  minHiveKg: 8,
  glitchKg: 30,
  visitQuietMs: 30 * MINUTE,
  maxEpisodeSamples: 48,
}

export function weightOptions(overrides: Partial<WeightOptions> = {}): WeightOptions {
  return { ...DEFAULT_WEIGHT_OPTIONS, ...overrides }
}
