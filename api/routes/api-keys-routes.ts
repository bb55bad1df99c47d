import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { newSecret } from '../../platform/secrets.js'
import { badRequest } from '../errors.js'
import { id, jsonSchema } from '../schemas.js'

const createKeyBody = z.object({
  role: z.enum(['ops', 'partner']),
  partnerId: id.optional().meta({ description: 'Required for a partner key, absent for an ops key' }),
  name: z.string().min(1).max(200).meta({ description: 'Who or what holds the key' }),
})

const createdKey = z.object({
  key: z.string().meta({ description: 'Shown once: only its SHA-256 is stored' }),
  keyId: z.string(),
  role: z.enum(['ops', 'partner']),
  partnerId: id.nullable(),
  name: z.string(),
})

export async function apiKeysRoutes(app: FastifyInstance) {
  app.post(
    '/api-keys',
    {
      onRequest: app.requireOps,
      schema: {
        tags: ['keys'],
        summary: 'Issue an API key (ops)',
        body: jsonSchema(createKeyBody, 'input'),
        response: { 201: jsonSchema(createdKey) },
      },
    },
    async (request, reply) => {
      const body = request.body as z.output<typeof createKeyBody>
      if (body.role === 'partner' && body.partnerId === undefined) {
        throw badRequest('body/partnerId', 'is required for a partner key')
      }
      if (body.role === 'ops' && body.partnerId !== undefined) throw badRequest('body/partnerId', 'must be absent for an ops key')
      if (body.partnerId !== undefined && (await app.registry.listPartners([body.partnerId])).length === 0) {
        throw badRequest('body/partnerId', `names no partner ("${body.partnerId}")`)
      }
      const key = newSecret()
      const principal = await app.apiKeys.create(key, { role: body.role, partnerId: body.partnerId ?? null, name: body.name })
      return reply.code(201).header('cache-control', 'no-store').send({ key, ...principal })
    },
  )
}
