/**
 * A stretch of consecutive readings for which a condition held. Detectors count time, not samples,
 * because stations report every 5 min to 1 h; the run is three numbers, whatever its length.
 */
export interface Run {
  sinceMs: number
  lastMs: number
  samples: number
}

/**
 * Adds a reading for which the condition holds. After a gap longer than `maxGapMs` nobody knows
 * whether it held meanwhile, so a new run starts.
 */
export function extendRun(run: Run | undefined, timeMs: number, maxGapMs: number): Run {
  if (run && timeMs - run.lastMs <= maxGapMs) return { sinceMs: run.sinceMs, lastMs: timeMs, samples: run.samples + 1 }
  return { sinceMs: timeMs, lastMs: timeMs, samples: 1 }
}

/** Lasted `minMs`, seen by at least two readings: a single reading says nothing about duration. */
export function runHasLasted(run: Run | undefined, minMs: number): run is Run {
  return run !== undefined && run.samples >= 2 && run.lastMs - run.sinceMs >= minMs
}
