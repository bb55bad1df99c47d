/**
 * Fixed time buckets holding a running mean: rolling windows of hours or days in a state whose size
 * depends on the window, not on how often the device samples (5 min or 1 h).
 */
export interface MeanBucket {
  startMs: number
  sum: number
  count: number
}

/**
 * Adds `value` at `timeMs` and keeps only buckets that start within `keepMs` of the newest one.
 * Returns true when the value opened a new bucket, i.e. the ones before it are complete.
 */
export function addToBuckets(buckets: MeanBucket[], timeMs: number, value: number, bucketMs: number, keepMs: number): boolean {
  const startMs = Math.floor(timeMs / bucketMs) * bucketMs
  const last = buckets.at(-1)
  if (last && last.startMs === startMs) {
    last.sum += value
    last.count += 1
    return false
  }
  buckets.push({ startMs, sum: value, count: 1 })
  while (buckets.length > 0 && buckets[0]!.startMs <= startMs - keepMs) buckets.shift()
  return last !== undefined
}

export function bucketMean(bucket: MeanBucket): number {
  return bucket.sum / bucket.count
}
