import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { AlertEvent } from '../../platform/alerts/alert-event.js'
import { AlertTransitionError } from '../../platform/stores/alert-store.js'
import { RULES } from '../../processors/detectors/detector.js'
import { ApiError, badRequest, notFound } from '../errors.js'
import { dateTime, errorResponse, id, jsonSchema } from '../schemas.js'
import { findVisibleDevice, partnerScope, principalOf } from '../scope.js'

const DEFAULT_LIMIT = 100
const MAX_LIMIT = 1000
const severities = ['info', 'warning', 'critical'] as const

const alert = z.object({
  id: z.string(),
  partnerId: z.string(),
  siteId: z.string().nullable(),
  deviceId: z.string().nullable(),
  productId: z.string().nullable().meta({ description: 'Set for stock alerts, which concern a product' }),
  rule: z.enum(RULES),
  severity: z.enum(severities),
  status: z.enum(['open', 'acknowledged', 'resolved']),
  summary: z.string(),
  evidence: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).meta({ description: 'The values that triggered it' }),
  openedAt: dateTime.meta({ description: 'Reading time of the finding that opened it' }),
  lastFiringAt: dateTime,
  acknowledgedAt: dateTime.nullable(),
  resolvedAt: dateTime.nullable(),
})

const change = z.object({
  change: z.enum(['opened', 'acknowledged', 'resolved']),
  actor: z.string().meta({ description: '"system" for detectors, else the API key name' }),
  comment: z.string().nullable(),
  at: dateTime,
})

const alertsQuery = z.object({
  status: z.enum(['open', 'acknowledged', 'resolved', 'active']).optional().meta({ description: 'active = open or acknowledged' }),
  rule: z.enum(RULES).optional(),
  severity: z.enum(severities).optional(),
  deviceId: id.optional(),
  siteId: id.optional(),
  from: dateTime.optional().meta({ description: 'Opened at or after' }),
  to: dateTime.optional().meta({ description: 'Opened before' }),
  limit: z.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT),
  before: z.string().regex(/^\d{1,18}$/).optional().meta({ description: 'Keyset cursor: nextBefore of the previous page' }),
})

const alertParams = z.object({ alertId: z.string().regex(/^\d{1,18}$/) })
const acknowledgeBody = z.object({ comment: z.string().min(1).max(2000).optional() })
const resolveBody = z.object({ comment: z.string().min(1).max(2000).meta({ description: 'Why it is resolved: required' }) })

export interface AlertsRoutesOptions {
  /** Hands a person's change to the notification channels (fire and forget). */
  publish: (event: AlertEvent) => void
}

/** Alerts, partner-scoped: a partner key sees only its own, and another partner's ids answer 404. */
export async function alertsRoutes(app: FastifyInstance, opts: AlertsRoutesOptions) {
  async function transition(to: 'acknowledge' | 'resolve', alertId: string, request: FastifyRequest, comment: string | null) {
    const principal = principalOf(request)
    const scope = partnerScope(request)
    try {
      const event =
        to === 'acknowledge'
          ? await app.alerts.acknowledge(alertId, principal.name, comment, scope)
          : await app.alerts.resolve(alertId, principal.name, comment!, scope)
      opts.publish(event)
      return event.alert
    } catch (error) {
      if (!(error instanceof AlertTransitionError)) throw error
      if (error.kind === 'not_found') throw notFound('alert', alertId)
      throw new ApiError(409, error.message)
    }
  }

  app.get(
    '/alerts',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Alerts this key may see, newest first',
        querystring: jsonSchema(alertsQuery, 'input'),
        response: { 200: jsonSchema(z.object({ alerts: z.array(alert), nextBefore: z.string().nullable() })) },
      },
    },
    async (request) => {
      const query = request.query as z.output<typeof alertsQuery>
      const scope = partnerScope(request)
      if (scope !== undefined && query.deviceId !== undefined) await findVisibleDevice(app, request, query.deviceId)
      const from = query.from === undefined ? undefined : new Date(query.from)
      const to = query.to === undefined ? undefined : new Date(query.to)
      if (from && to && to <= from) throw badRequest('querystring/to', 'must be after querystring/from')
      const alerts = await app.alerts.list({ ...query, partnerId: scope, from, to })
      const last = alerts.at(-1)
      return { alerts, nextBefore: alerts.length === query.limit && last ? last.id : null }
    },
  )

  app.get(
    '/alerts/:alertId',
    {
      schema: {
        tags: ['alerts'],
        summary: 'One alert with its history: every change, who made it and when',
        params: jsonSchema(alertParams, 'input'),
        response: { 200: jsonSchema(alert.extend({ history: z.array(change) })) },
      },
    },
    async (request) => {
      const { alertId } = request.params as z.output<typeof alertParams>
      const found = await app.alerts.get(alertId, partnerScope(request))
      if (!found) throw notFound('alert', alertId)
      return found
    },
  )

  app.post(
    '/alerts/:alertId/acknowledge',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Acknowledge an open alert: someone is on it',
        params: jsonSchema(alertParams, 'input'),
        body: jsonSchema(acknowledgeBody, 'input'),
        response: { 200: jsonSchema(alert), 409: jsonSchema(errorResponse) },
      },
    },
    async (request) => {
      const { alertId } = request.params as z.output<typeof alertParams>
      const body = (request.body ?? {}) as z.output<typeof acknowledgeBody>
      return transition('acknowledge', alertId, request, body.comment ?? null)
    },
  )

  app.post(
    '/alerts/:alertId/resolve',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Resolve an alert by hand, with a comment saying why',
        params: jsonSchema(alertParams, 'input'),
        body: jsonSchema(resolveBody, 'input'),
        response: { 200: jsonSchema(alert), 409: jsonSchema(errorResponse) },
      },
    },
    async (request) => {
      const { alertId } = request.params as z.output<typeof alertParams>
      const body = request.body as z.output<typeof resolveBody>
      return transition('resolve', alertId, request, body.comment)
    },
  )
}
