import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { RULES } from '../../processors/detectors/detector.js'
import {
  deliveryEventTypes,
  deliveryStatuses,
  severities,
  webhookTopics,
  type Webhook,
  type WebhookStore,
} from '../../platform/notifications/webhook-store.js'
import { newSecret } from '../../platform/secrets.js'
import { ApiError, badRequest, notFound } from '../errors.js'
import { dateTime, id, jsonSchema } from '../schemas.js'
import { partnerScope } from '../scope.js'

const DEFAULT_LIMIT = 100
const MAX_LIMIT = 1000

const topic = z.enum(webhookTopics).meta({
  description:
    'alerts: alert events (opened, acknowledged, resolved). points: points.expiry_warning notices about supporters\' ' +
    'credits, for the supporter platform: ops keys only, with no partnerId nor rules',
})

const createWebhookBody = z.object({
  topic: topic.default('alerts'),
  partnerId: id.optional().meta({
    description: "Whose alerts it receives. Ops keys: absent means every partner's. Partner keys: their own partner (the default)",
  }),
  url: z.url().max(2048).meta({ description: 'http(s) URL that receives a signed JSON POST per event' }),
  minSeverity: z.enum(severities).default('warning').meta({ description: 'info events are sent only when this is info' }),
  rules: z.array(z.enum(RULES)).min(1).optional().meta({ description: 'Only alerts of these rules; absent: every rule' }),
})

const webhook = z.object({
  id: z.string(),
  partnerId: id.nullable().meta({ description: "null: an ops webhook receiving every partner's alerts" }),
  topic,
  url: z.string(),
  minSeverity: z.enum(severities),
  rules: z.array(z.enum(RULES)).nullable(),
  enabled: z.boolean(),
  createdAt: dateTime,
})

const createdWebhook = z.object({
  webhook,
  secret: z.string().meta({
    description:
      'Shared HMAC-SHA256 key. Shown once. Each POST carries x-mtc-timestamp and ' +
      'x-mtc-signature: sha256=<hex HMAC(secret, "<timestamp>.<raw body>")>; reject a timestamp more than 5 minutes off',
  }),
})

const webhookParams = z.object({ webhookId: z.string().regex(/^\d{1,18}$/) })

const deliveriesQuery = z.object({
  status: z.enum(deliveryStatuses).optional(),
  limit: z.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT),
  before: z.string().regex(/^\d{1,18}$/).optional().meta({ description: 'Keyset cursor: nextBefore of the previous page' }),
})

const delivery = z.object({
  id: z.string(),
  webhookId: z.string(),
  eventId: z.string().meta({ description: 'Also sent as x-mtc-event-id: receivers de-duplicate on it' }),
  eventType: z.enum(deliveryEventTypes),
  alertId: z.string().nullable().meta({ description: 'The alert of an alert event' }),
  creditId: z.string().nullable().meta({ description: 'The points credit a points notice is about' }),
  status: z.enum(deliveryStatuses),
  attempts: z.number().int(),
  lastError: z.string().nullable().meta({ description: 'Why the last attempt failed (HTTP status, timeout, network error)' }),
  lastStatusCode: z.number().int().nullable(),
  createdAt: dateTime,
  deliveredAt: dateTime.nullable(),
  failedAt: dateTime.nullable().meta({ description: 'Set when retries are over (or the receiver refused for good)' }),
})

const deliveriesPage = z.object({
  deliveries: z.array(delivery).meta({ description: 'Newest first' }),
  nextBefore: z.string().nullable(),
})

/** Ajv's `uri` format also admits urn:, mailto: and the like, which fetch cannot POST to. */
function isHttpUrl(value: string): boolean {
  return URL.canParse(value) && ['http:', 'https:'].includes(new URL(value).protocol)
}

export interface WebhookRoutesOptions {
  webhooks: WebhookStore
}

/** Webhooks for alert events (partner keys manage their own partner's; ops keys all of them) and for points notices (ops). */
export async function webhookRoutes(app: FastifyInstance, opts: WebhookRoutesOptions) {
  const { webhooks } = opts

  /** Another partner's webhook (or an ops one, for a partner key) is reported missing, as in scope.ts. */
  async function findVisibleWebhook(request: FastifyRequest, webhookId: string): Promise<Webhook> {
    const scope = partnerScope(request)
    const found = await webhooks.get(webhookId)
    if (!found || (scope !== undefined && found.partnerId !== scope)) throw notFound('webhook', webhookId)
    return found
  }

  app.post(
    '/webhooks',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Register a webhook for alert events, or (ops) for points notices',
        description: 'The signing secret is in this response only.',
        body: jsonSchema(createWebhookBody, 'input'),
        response: { 201: jsonSchema(createdWebhook) },
      },
    },
    async (request, reply) => {
      const body = request.body as z.output<typeof createWebhookBody>
      const scope = partnerScope(request)
      if (scope !== undefined && body.partnerId !== undefined && body.partnerId !== scope) {
        throw new ApiError(403, 'a partner key may only register webhooks for its own partner')
      }
      if (body.topic === 'points') {
        if (scope !== undefined) throw new ApiError(403, "points notices concern supporters, not a partner's hives: ops keys only")
        if (body.partnerId !== undefined) throw badRequest('body/partnerId', 'a points webhook receives every supporter\'s notices: leave partnerId out')
        if (body.rules !== undefined) throw badRequest('body/rules', 'rules filter alert events: leave them out of a points webhook')
      }
      const partnerId = scope ?? body.partnerId ?? null
      if (scope === undefined && partnerId !== null && (await app.registry.listPartners([partnerId])).length === 0) {
        throw badRequest('body/partnerId', `names no partner ("${partnerId}")`)
      }
      if (!isHttpUrl(body.url)) throw badRequest('body/url', 'must be an http or https URL')
      const secret = `whsec_${newSecret()}`
      const created = await webhooks.create({
        topic: body.topic,
        partnerId,
        url: body.url,
        secret,
        minSeverity: body.minSeverity,
        rules: body.rules ? [...new Set(body.rules)] : null,
      })
      return reply.code(201).header('cache-control', 'no-store').send({ webhook: created, secret })
    },
  )

  app.get(
    '/webhooks',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Webhooks visible to the key (secrets are never shown again)',
        response: { 200: jsonSchema(z.object({ webhooks: z.array(webhook) })) },
      },
    },
    async (request) => ({ webhooks: await webhooks.list(partnerScope(request)) }),
  )

  app.delete(
    '/webhooks/:webhookId',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Delete a webhook and its delivery records; deliveries still queued are dropped',
        params: jsonSchema(webhookParams, 'input'),
        response: { 204: { type: 'null', description: 'Deleted' } },
      },
    },
    async (request, reply) => {
      const { webhookId } = request.params as z.output<typeof webhookParams>
      await findVisibleWebhook(request, webhookId)
      // Concurrent deletes: the loser finds nothing to delete, which is the outcome it asked for.
      await webhooks.delete(webhookId)
      return reply.code(204).send()
    },
  )

  app.get(
    '/webhooks/:webhookId/deliveries',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Deliveries of a webhook, newest first, with the reason of each failure',
        params: jsonSchema(webhookParams, 'input'),
        querystring: jsonSchema(deliveriesQuery, 'input'),
        response: { 200: jsonSchema(deliveriesPage) },
      },
    },
    async (request) => {
      const { webhookId } = request.params as z.output<typeof webhookParams>
      const query = request.query as z.output<typeof deliveriesQuery>
      await findVisibleWebhook(request, webhookId)
      const deliveries = await webhooks.listDeliveries(webhookId, { status: query.status, limit: query.limit, before: query.before })
      const last = deliveries.at(-1)
      return { deliveries, nextBefore: deliveries.length === query.limit && last ? last.id : null }
    },
  )
}
