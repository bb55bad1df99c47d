import { z } from 'zod'
import { ID_PATTERN } from '../firmware-contracts/index.js'

/**
 * Route schemas are written once in zod and handed to fastify as JSON Schema (draft-7, the
 * dialect of fastify's Ajv): Ajv validates requests against them, fast-json-stringify serializes
 * responses with them, and @fastify/swagger builds /docs from the same objects.
 * Handlers read `z.output<...>` types, which is what Ajv leaves after applying defaults.
 */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'output'): Record<string, unknown> {
  const json: Record<string, unknown> = z.toJSONSchema(schema, { target: 'draft-7', io, unrepresentable: 'throw' })
  delete json.$schema // Ajv knows draft-07 already; naming it would only be looked up
  return json
}

/** Plain `format: date-time` (RFC 3339, offset required): Ajv checks it; Date values serialize to ISO. */
export const dateTime = z.string().meta({ format: 'date-time', examples: ['2025-06-01T00:00:00Z'] })
export const id = z.string().regex(ID_PATTERN).meta({ description: 'Lower-case id, usable as an MQTT topic level' })

export const errorResponse = z
  .object({ error: z.string().meta({ examples: ['Bad Request'] }), message: z.string() })
  .meta({ description: 'What went wrong, naming the offending field when there is one' })

export const partner = z.object({ id, name: z.string(), country: z.string().nullable(), createdAt: dateTime })

export const site = z.object({
  id,
  partnerId: id,
  name: z.string(),
  kind: z.enum(['apiary', 'grove']),
  timezone: z.string().meta({ description: 'IANA time zone; a "day" at this site is its local day' }),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  createdAt: dateTime,
})

export const device = z.object({
  id,
  partnerId: id,
  siteId: id,
  kind: z.enum(['hive', 'grove']),
  name: z.string().nullable(),
  hardware: z.string().nullable(),
  createdAt: dateTime,
  retiredAt: dateTime.nullable(),
  lastSeenAt: dateTime.nullable().meta({ description: 'Server time of the last message received; null if never' }),
})
