import type { DetectorReading, DetectorStep, Finding, Rule, Severity } from '../detector.js'

/** A detector may repeat `firing` to update its evidence, but not more often than this. */
export const REFIRE_INTERVAL_MS = 3_600_000

export function finding(
  rule: Rule,
  status: Finding['status'],
  severity: Severity,
  atMs: number,
  summary: string,
  evidence: Finding['evidence'],
): Finding {
  return { rule, status, severity, atMs, summary, evidence }
}

/**
 * Runs `visit` over each reading in order, updating `state` in place and collecting findings. Every
 * detector is a fold over single readings, so however the runner batches a series the findings are
 * the same. In place, because the caller hands the state over (see Detector.step): a copy of a
 * hive's state per job cost more than all its detectors' arithmetic.
 */
export function foldReadings<S>(
  state: S,
  readings: readonly DetectorReading[],
  visit: (state: S, reading: DetectorReading, emit: (finding: Finding) => void) => void,
): DetectorStep<S> {
  const findings: Finding[] = []
  const emit = (f: Finding) => findings.push(f)
  for (const reading of readings) visit(state, reading, emit)
  return { state, findings }
}

/** The value of a field when it is a finite number; rows arrive half empty. */
export function fieldValue(reading: DetectorReading, field: string): number | undefined {
  const value = reading.fields[field]
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

export function isoTime(timeMs: number): string {
  return new Date(timeMs).toISOString()
}

/** "2018-05-25 13:51 UTC", for summaries. */
export function shortTime(timeMs: number): string {
  return `${new Date(timeMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000)
  if (minutes < 90) return `${minutes} min`
  const hours = ms / 3_600_000
  return hours < 48 ? `${Math.round(hours)} h` : `${Math.round(hours / 24)} days`
}
