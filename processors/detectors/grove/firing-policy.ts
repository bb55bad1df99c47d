import type { Severity } from '../detector.js'

/**
 * The detector contract lets an open alert be re-fired to update its evidence, at most once an hour,
 * so a long frost night refreshes the alert a few times instead of once per reading.
 */
const REFRESH_INTERVAL_MS = 3_600_000

export function mayRefresh(lastFiringMs: number, nowMs: number): boolean {
  return nowMs - lastFiringMs >= REFRESH_INTERVAL_MS
}

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 }

export function moreSevere(a: Severity, b: Severity): Severity {
  return SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b
}
