export interface TimePolicy {
  /** Device times earlier than this are a reset or unset clock. */
  earliestDeviceTimeMs: number
  /** How far ahead of the server receive time a device time may be. */
  maxFutureSkewMs: number
}

export type ResolvedTime =
  | { ok: true; timeMs: number; serverTime: boolean }
  | { ok: false; reason: string }

/** Device time when sane, server receive time otherwise, flagged (DESIGN invariant 5). */
export function resolveReadingTime(ts: string | number | undefined, receivedAtMs: number, policy: TimePolicy): ResolvedTime {
  const deviceMs = ts === undefined ? undefined : typeof ts === 'number' ? Math.round(ts * 1000) : Date.parse(ts)
  if (deviceMs === undefined || Number.isNaN(deviceMs) || deviceMs < policy.earliestDeviceTimeMs) {
    return { ok: true, timeMs: receivedAtMs, serverTime: true }
  }
  if (deviceMs > receivedAtMs + policy.maxFutureSkewMs) {
    const aheadS = Math.round((deviceMs - receivedAtMs) / 1000)
    return {
      ok: false,
      reason: `timestamp ${new Date(deviceMs).toISOString()} is ${aheadS} s ahead of the server clock (allowed: ${policy.maxFutureSkewMs / 1000} s)`,
    }
  }
  return { ok: true, timeMs: deviceMs, serverTime: false }
}

/**
 * The stored timestamp in microseconds, the reading's identity with device and sensor. Server-timed
 * readings of one message share its receive millisecond; their position in the message (fewer than
 * MAX_BATCH_READINGS = 1000) keeps them distinct points instead of overwriting one another.
 */
export function storedTimeUs(reading: { timeMs: number; serverTime: boolean; readingIndex: number }): number {
  return reading.timeMs * 1000 + (reading.serverTime ? reading.readingIndex : 0)
}
