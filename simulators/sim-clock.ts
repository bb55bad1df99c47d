/**
 * Models integrate state (soil water, hive stores, weather processes) over time. Long gaps between
 * readings are cut into short sub-steps so the integration stays stable and a reading every minute
 * or every hour sees the same physics.
 */
export interface SimClock {
  /** Calls `step` for each sub-interval since the previous call; the first call only sets the start. */
  advance(time: Date, step: (at: Date, dtHours: number) => void): void
}

export function createSimClock(maxStepMs = 600_000): SimClock {
  let last: number | undefined
  return {
    advance(time, step) {
      const target = time.getTime()
      if (Number.isNaN(target)) throw new RangeError('readingAt: invalid Date')
      if (last === undefined) {
        last = target
        return
      }
      if (target < last) {
        throw new RangeError(`readingAt: time went back from ${new Date(last).toISOString()} to ${time.toISOString()}`)
      }
      while (last < target) {
        // Steps end on a fixed grid of the epoch, so readings on that grid see the same integration
        // whether they come every 10 minutes or every day.
        const next = Math.min(target, (Math.floor(last / maxStepMs) + 1) * maxStepMs)
        step(new Date(next), (next - last) / 3_600_000)
        last = next
      }
    },
  }
}
