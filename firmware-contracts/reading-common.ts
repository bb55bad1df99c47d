import { z } from 'zod'

/**
 * Fields every reading carries. `ts` is the device clock: an ISO-8601 instant with offset or Unix
 * seconds; devices without a clock omit it and the server stamps its receive time (flagged).
 * `seq` is the device's sample counter (uint32, wraps), used to spot stuck clocks and gaps.
 * `sensor` names the sensor unit on multi-sensor devices; identity is (device, sensor, ts).
 */
export const readingTimestamp = z.union([
  z.iso.datetime({ offset: true }),
  z.number().nonnegative().max(4_102_444_800).describe('Unix time in seconds'),
])

export const commonReadingFields = {
  ts: readingTimestamp.optional(),
  seq: z.number().int().min(0).max(0xffff_ffff),
  sensor: z.string().regex(/^[a-z0-9_-]{1,32}$/).optional(),
  battery_v: z.number().min(0).max(15).optional(),
  battery_pct: z.number().min(0).max(100).optional(),
}

/** A bounded number in the contract's unit; the bounds are physical, not agronomic. */
export const measure = (min: number, max: number, unit: string) =>
  z.number().min(min).max(max).describe(unit).optional()

/** Names of the common fields that are not measurements. */
export const READING_META_FIELDS = new Set(['ts', 'seq', 'sensor'])

/** Rows arrive half empty; a reading with no measurement at all says nothing and is refused. */
export function hasAMeasurement(reading: Record<string, unknown>): boolean {
  return Object.entries(reading).some(([k, v]) => !READING_META_FIELDS.has(k) && v !== undefined)
}

export const MAX_BATCH_READINGS = 1000
