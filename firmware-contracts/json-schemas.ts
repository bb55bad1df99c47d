import { z } from 'zod'
import { commandAckSchema, commandSchema, statusSchema } from './status.js'
import { telemetrySchemas } from './telemetry.js'

/** The JSON Schemas committed under json-schema/, generated from the zod schemas. */
export function contractJsonSchemas(): Record<string, unknown> {
  const toJson = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' })
  return {
    'hive-telemetry.schema.json': toJson(telemetrySchemas.hive),
    'grove-telemetry.schema.json': toJson(telemetrySchemas.grove),
    'status.schema.json': toJson(statusSchema),
    'command.schema.json': toJson(commandSchema),
    'command-ack.schema.json': toJson(commandAckSchema),
  }
}
