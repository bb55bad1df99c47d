/**
 * The p-th percentile (0–100) of `samples` by the nearest-rank method; NaN when there are none.
 * Sorts a copy, so it is meant for reports, not for hot paths.
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile: p must be within 0..100, got ${p}`)
  const sorted = samples.toSorted((a, b) => a - b)
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[rank - 1]!
}
