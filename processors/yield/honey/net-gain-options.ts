/**
 * Thresholds of the manipulation filter, in the kg the scale reports (whole hive by default; a
 * scale under one end of the hive, like the BroodMinder-W, reports about half, and these defaults
 * still suit it: see the hivescaler test). Every default says where it comes from.
 */
export interface NetGainOptions {
  /**
   * A change at least this big between samples ≤ `stepWithinMs` apart is a step, not production:
   * 1.5 kg. The largest natural moves are the morning departure of foragers (≤ ~1 kg over an hour or
   * two, Meikle et al. 2018, PLoS ONE 13:e0197589) and intake at the height of a strong flow (a few
   * hundred g an hour); a prime swarm takes 1.5–4.5 kg within minutes (Meikle et al. 2005), a frame
   * lifted out 2–4 kg, a super 5–25 kg.
   */
  stepKg: number
  stepWithinMs: number
  /**
   * Samples further apart may still frame a step if the change beats `stepKg` plus what the
   * strongest flow could add in the extra time. 0.5 kg/h is a 5 kg day packed into ten hours.
   */
  peakRateKgPerH: number
  /** Consecutive samples further apart than this are a gap: their change is not spread over days. */
  maxBridgeMs: number
  /** Steps this close belong to one visit (lift boxes off, look, put them back, add a super). */
  joinMs: number
  /**
   * Bees take to the air when a hive is opened and come home over the next half hour or so: the
   * level after a step is read from this long after it (the colony's trend bridges the wait).
   */
  settleMs: number
  /** The level on each side of a step: up to this many samples within `levelWindowMs`. */
  levelSamples: number
  levelWindowMs: number
  /** Within this of a recorded intervention a smaller step (× `recordedStepFactor`) counts too. */
  recordedMatchMs: number
  recordedStepFactor: number
  /** Below this the scale carries no hive (an empty scale reads ~0.2–0.9 kg in the 2018 data). */
  minHiveKg: number
  /** Readings outside this range are not weights (negative glitches, overflow). */
  validRangeKg: { min: number; max: number }
  /**
   * One or two samples this far off that come back are a sensor glitch: in the 2018 BroodMinder data
   * glitches jumped 37–75 kg while inspections lifted at most 19 kg (shared/data/README.md).
   */
  glitchKg: number
  /** Rows at the same instant that disagree by more than this are all dropped (a re-download). */
  duplicateToleranceKg: number
  /** A swarm loses 1.2–5 kg in one go (see `stepKg`); more in one step is a box coming off. */
  swarmKg: { min: number; max: number }
  /**
   * An unrecorded one-way rise smaller than this stays production: what a beekeeper puts on weighs
   * more (a super 4.5–7.5 kg, a feeder 4–10 kg; the hivescaler README calls a step a level shift from
   * 3 kg), while sun on a load cell or foragers rushing home before rain can lift a scale by 1–2 kg
   * within the hour (the 2018 bm2-4310ba series jumps ~1.9 kg as the morning sun reaches it).
   */
  minUnrecordedRiseKg: number
  /** A removal this big took honey: a full medium super weighs 20–25 kg, an empty one ~5 kg. */
  harvestMinKg: number
  /** A day counts as complete from this coverage on (a few minutes lost to a visit do not matter). */
  completeCoverage: number
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE

export const DEFAULT_NET_GAIN_OPTIONS: NetGainOptions = {
  stepKg: 1.5,
  stepWithinMs: 45 * MINUTE,
  peakRateKgPerH: 0.5,
  maxBridgeMs: 6 * HOUR,
  joinMs: 2 * HOUR,
  settleMs: 45 * MINUTE,
  levelSamples: 4,
  levelWindowMs: 3 * HOUR,
  recordedMatchMs: 6 * HOUR,
  recordedStepFactor: 0.5,
  minHiveKg: 5,
  validRangeKg: { min: -1, max: 400 },
  glitchKg: 30,
  duplicateToleranceKg: 0.2,
  swarmKg: { min: 1.2, max: 5 },
  minUnrecordedRiseKg: 3,
  harvestMinKg: 8,
  completeCoverage: 0.95,
}

export function netGainOptions(overrides: Partial<NetGainOptions> = {}): NetGainOptions {
  return { ...DEFAULT_NET_GAIN_OPTIONS, ...overrides }
}
