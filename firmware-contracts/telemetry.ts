import { z } from 'zod'
import { groveReadingSchema, type GroveReading } from './grove-reading.js'
import { hiveReadingSchema, type HiveReading } from './hive-reading.js'
import { MAX_BATCH_READINGS } from './reading-common.js'

export const deviceKinds = ['hive', 'grove'] as const
export type DeviceKind = (typeof deviceKinds)[number]

export const readingSchemas = {
  hive: hiveReadingSchema,
  grove: groveReadingSchema,
} as const satisfies Record<DeviceKind, z.ZodType>

/**
 * A `telemetry` payload is one reading, or `{ "readings": [...] }` for store-and-forward batches.
 * The batch shape is checked first and each reading on its own, so one bad reading in a resent
 * week of data does not take the others with it.
 */
export const telemetryBatchEnvelope = z.strictObject({
  readings: z.array(z.unknown()).min(1).max(MAX_BATCH_READINGS),
})

export const telemetrySchemas = {
  hive: z.union([hiveReadingSchema, z.strictObject({ readings: z.array(hiveReadingSchema).min(1).max(MAX_BATCH_READINGS) })]),
  grove: z.union([groveReadingSchema, z.strictObject({ readings: z.array(groveReadingSchema).min(1).max(MAX_BATCH_READINGS) })]),
} as const satisfies Record<DeviceKind, z.ZodType>

/** Splits a decoded telemetry payload into its readings, still unvalidated. */
export function telemetryReadings(payload: unknown): { readings: unknown[] } | { error: string } {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return { error: 'telemetry payload must be a JSON object (one reading or {"readings": [...]})' }
  }
  if (!('readings' in payload)) return { readings: [payload] }
  const envelope = telemetryBatchEnvelope.safeParse(payload)
  if (!envelope.success) return { error: `batch: ${describeIssues(envelope.error)}` }
  return { readings: envelope.data.readings }
}

export type ReadingCheck =
  | { index: number; ok: true; reading: HiveReading | GroveReading }
  | { index: number; ok: false; error: string }

/**
 * Validates a decoded telemetry payload the way the processors do: the envelope, then each
 * reading on its own with an error naming the field ("reading 3: weight_kg: Too big...").
 */
export function checkTelemetry(kind: DeviceKind, payload: unknown): { error: string } | { checks: ReadingCheck[] } {
  const split = telemetryReadings(payload)
  if ('error' in split) return split
  const schema = readingSchemas[kind]
  const where = (index: number) => (split.readings.length > 1 ? `reading ${index}: ` : '')
  return {
    checks: split.readings.map((candidate, index): ReadingCheck => {
      const parsed = schema.safeParse(candidate)
      return parsed.success
        ? { index, ok: true, reading: parsed.data }
        : { index, ok: false, error: `${where(index)}${describeIssues(parsed.error)}` }
    }),
  }
}

/** A person-readable summary of zod issues: "weight_kg: Too big: expected number to be <=300". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ')
}
