import type { Detector, DetectorContext, DetectorReading, Finding } from '../detector.js'

export interface ReplayOptions {
  /** Readings per `step` call; the runner's micro-batches vary from 1 to 1000. */
  batchSize?: number
}

/**
 * Feeds a series through a detector the way the runner does: in batches, with the state stored as
 * JSON between them (Redis). Tests use it to prove batch-size invariance and JSON-safe state;
 * labelled-scenario evaluations use it to score a detector on simulator or recorded data.
 */
export function replayDetector<S>(
  detector: Detector<S>,
  readings: readonly DetectorReading[],
  context: DetectorContext,
  { batchSize = 1000 }: ReplayOptions = {},
): { findings: Finding[]; state: S } {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`)
  let state = detector.initialState()
  const findings: Finding[] = []
  for (let start = 0; start < readings.length; start += batchSize) {
    const step = detector.step(JSON.parse(JSON.stringify(state)) as S, readings.slice(start, start + batchSize), context)
    state = step.state
    findings.push(...step.findings)
  }
  return { findings, state }
}
