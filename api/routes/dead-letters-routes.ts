import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { deadLetterReasons } from '../../platform/stores/dead-letter-store.js'
import { badRequest } from '../errors.js'
import { dateTime, id, jsonSchema } from '../schemas.js'
import { findVisibleDevice, partnerScope } from '../scope.js'

const DEFAULT_LIMIT = 100
const MAX_LIMIT = 1000

const deadLettersQuery = z.object({
  deviceId: id.optional(),
  reason: z.enum(deadLetterReasons).optional(),
  from: dateTime.optional().meta({ description: 'Received at or after' }),
  to: dateTime.optional().meta({ description: 'Received before' }),
  limit: z.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT),
  before: z.string().regex(/^\d{1,18}$/).optional().meta({ description: 'Keyset cursor: nextBefore of the previous page' }),
})

const deadLetter = z.object({
  id: z.string(),
  messageId: z.string(),
  receivedAt: dateTime,
  topic: z.string(),
  partnerId: z.string().nullable(),
  deviceId: z.string().nullable(),
  reasonCode: z.enum(deadLetterReasons),
  reason: z.string().meta({ description: 'Why, in words a person can act on' }),
  payload: z.string(),
  payloadEncoding: z.enum(['utf8', 'base64']),
  readingIndex: z.number().int().nullable().meta({ description: 'The reading within a batch; null: the whole message' }),
})

const deadLettersPage = z.object({
  deadLetters: z.array(deadLetter).meta({ description: 'Newest first' }),
  nextBefore: z.string().nullable().meta({ description: 'Pass as `before` for the next page; null on the last' }),
})

export async function deadLettersRoutes(app: FastifyInstance) {
  app.get(
    '/dead-letters',
    {
      schema: {
        tags: ['dead-letters'],
        summary: 'Refused messages and readings with their raw payload, newest first',
        querystring: jsonSchema(deadLettersQuery, 'input'),
        response: { 200: jsonSchema(deadLettersPage) },
      },
    },
    async (request) => {
      const query = request.query as z.output<typeof deadLettersQuery>
      const scope = partnerScope(request)
      // A partner naming a device it cannot see gets the same 404 as for a device that does not exist.
      if (scope !== undefined && query.deviceId !== undefined) await findVisibleDevice(app, request, query.deviceId)
      const from = query.from === undefined ? undefined : new Date(query.from)
      const to = query.to === undefined ? undefined : new Date(query.to)
      if (from && to && to <= from) throw badRequest('querystring/to', 'must be after querystring/from')
      const letters = await app.deadLetters.list({
        partnerId: scope,
        deviceId: query.deviceId,
        reasonCode: query.reason,
        from,
        to,
        limit: query.limit,
        before: query.before,
      })
      const last = letters.at(-1)
      return { deadLetters: letters, nextBefore: letters.length === query.limit && last ? last.id : null }
    },
  )
}
