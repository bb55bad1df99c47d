import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { addMonths, ConversionError, PointsError, type PointsServices } from '../../platform/points/index.js'
import { newSecret } from '../../platform/secrets.js'
import { ApiError, badRequest, errorBody, notFound } from '../errors.js'
import { errorResponse, jsonSchema } from '../schemas.js'
import { canSeePartner, principalOf } from '../scope.js'
import { auditOf } from './stock-routes.js'
import {
  account,
  balance,
  entry,
  backing,
  rule,
  catalogueItem,
  conversion,
  refusal,
  accountParams,
  createAccountBody,
  keyBody,
  backingBody,
  backingParams,
  endBackingBody,
  creditBody,
  conversionBody,
  conversionHeaders,
  catalogueParams,
  catalogueBody,
  catalogueQuery,
  ruleBody,
  ruleParams,
  ruleActiveBody,
  partnerParams,
  attribution,
} from './points-schemas.js'

export interface PointsRoutesOptions {
  points: PointsServices
}

/**
 * The account a request may act on: ops any; a supporter key only its own (another answers 404, so a
 * key cannot probe which accounts exist); partner keys none.
 */
export function checkAccountAccess(request: FastifyRequest, id: string): void {
  const principal = principalOf(request)
  if (principal.role === 'ops' || (principal.role === 'supporter' && principal.supporterAccountId === id)) return
  if (principal.role === 'supporter') throw notFound('points account', id)
  throw new ApiError(403, "partner keys do not reach supporters' points accounts")
}

/** PointsError → 404 or 409. */
function pointsFailure(error: unknown): never {
  if (error instanceof PointsError) throw new ApiError(error.kind === 'not_found' ? 404 : 409, error.message)
  throw error
}

/** Points: accounts and their supporter keys, backings, credits, conversions, the catalogue and the attribution rules. */
export async function pointsRoutes(app: FastifyInstance, opts: PointsRoutesOptions) {
  const { points } = opts

  async function existingAccount(request: FastifyRequest, id: string) {
    checkAccountAccess(request, id)
    const found = await points.accounts.get(id)
    if (!found) throw notFound('points account', id)
    return found
  }

  app.post(
    '/points/accounts',
    {
      onRequest: app.requireOps,
      schema: { tags: ['points'], summary: "Open a supporter's points account (ops)", body: jsonSchema(createAccountBody, 'input'), response: { 201: jsonSchema(account), 409: jsonSchema(errorResponse) } },
    },
    async (request, reply) => {
      const body = request.body as z.output<typeof createAccountBody>
      const created = await points.accounts.create({ id: body.id, displayName: body.displayName ?? null, createdBy: principalOf(request).name }).catch(pointsFailure)
      return reply.code(201).send(created)
    },
  )

  app.get(
    '/points/accounts/:accountId',
    {
      schema: {
        tags: ['points'],
        summary: 'An account and its balance (ops, or its supporter key); its history is under /audit/accounts/{accountId}',
        params: jsonSchema(accountParams, 'input'),
        response: { 200: jsonSchema(account.extend({ balance })) },
      },
    },
    async (request) => {
      const { accountId: id } = request.params as z.output<typeof accountParams>
      const found = await existingAccount(request, id)
      const { accountId: _, ...rest } = await points.ledger.balance(id, new Date())
      return { ...found, balance: rest }
    },
  )

  app.post(
    '/points/accounts/:accountId/keys',
    {
      onRequest: app.requireOps,
      schema: {
        tags: ['points'],
        summary: 'Issue a supporter key: it reads this account, its history, the catalogue, and converts (ops)',
        params: jsonSchema(accountParams, 'input'),
        body: jsonSchema(keyBody, 'input'),
        response: { 201: jsonSchema(z.object({ key: z.string().meta({ description: 'Shown once: only its SHA-256 is stored' }), keyId: z.string(), role: z.literal('supporter'), accountId: z.string(), name: z.string() })) },
      },
    },
    async (request, reply) => {
      const { accountId: id } = request.params as z.output<typeof accountParams>
      const body = request.body as z.output<typeof keyBody>
      await existingAccount(request, id)
      const key = newSecret()
      const principal = await app.apiKeys.create(key, { role: 'supporter', partnerId: null, supporterAccountId: id, name: body.name })
      return reply.code(201).header('cache-control', 'no-store').send({ key, keyId: principal.keyId, role: 'supporter', accountId: id, name: body.name })
    },
  )

  app.post(
    '/points/accounts/:accountId/backings',
    {
      onRequest: app.requireOps,
      schema: {
        tags: ['points'],
        summary: 'Record that the supporter backs a hive or a grove (ops)',
        params: jsonSchema(accountParams, 'input'),
        body: jsonSchema(backingBody, 'input'),
        response: { 201: jsonSchema(backing) },
      },
    },
    async (request, reply) => {
      const { accountId: id } = request.params as z.output<typeof accountParams>
      const body = request.body as z.output<typeof backingBody>
      if ((body.deviceId === undefined) === (body.siteId === undefined)) throw badRequest('body/deviceId', 'give exactly one of deviceId (a hive) and siteId (a grove)')
      await existingAccount(request, id)
      const scope = body.deviceId !== undefined ? 'hive' : 'grove'
      const subjectId = body.deviceId ?? body.siteId!
      const created = await points.accounts
        .back({ accountId: id, scope, subjectId, startedAt: body.startedAt ? new Date(body.startedAt) : new Date(), createdBy: principalOf(request).name })
        .catch((error: unknown) => {
          if (error instanceof PointsError && error.kind === 'not_found') throw badRequest(scope === 'hive' ? 'body/deviceId' : 'body/siteId', `names no ${scope}`)
          throw error
        })
      return reply.code(201).send(created)
    },
  )

  app.get(
    '/points/accounts/:accountId/backings',
    {
      schema: { tags: ['points'], summary: 'The hives and groves the supporter backs', params: jsonSchema(accountParams, 'input'), response: { 200: jsonSchema(z.object({ backings: z.array(backing) })) } },
    },
    async (request) => {
      const { accountId: id } = request.params as z.output<typeof accountParams>
      await existingAccount(request, id)
      return { backings: await points.accounts.backings(id) }
    },
  )

  app.post(
    '/points/backings/:backingId/end',
    {
      onRequest: app.requireOps,
      schema: { tags: ['points'], summary: 'End a backing (ops)', params: jsonSchema(backingParams, 'input'), body: jsonSchema(endBackingBody, 'input'), response: { 200: jsonSchema(backing), 409: jsonSchema(errorResponse) } },
    },
    async (request) => {
      const { backingId } = request.params as z.output<typeof backingParams>
      const body = (request.body ?? {}) as z.output<typeof endBackingBody>
      return points.accounts.endBacking(backingId, body.endedAt ? new Date(body.endedAt) : new Date()).catch(pointsFailure)
    },
  )

  app.post(
    '/points/accounts/:accountId/credits',
    {
      onRequest: app.requireOps,
      schema: {
        tags: ['points'],
        summary: 'Credit points by hand: goodwill, a campaign (ops)',
        params: jsonSchema(accountParams, 'input'),
        body: jsonSchema(creditBody, 'input'),
        response: { 201: jsonSchema(entry) },
      },
    },
    async (request, reply) => {
      const { accountId: id } = request.params as z.output<typeof accountParams>
      const body = request.body as z.output<typeof creditBody>
      const now = new Date()
      const expiresAt = body.expiresAt ? new Date(body.expiresAt) : addMonths(now, points.options.creditExpiryMonths)
      if (expiresAt <= now) throw badRequest('body/expiresAt', 'must be in the future')
      const created = await points.ledger.credit({ accountId: id, points: body.points, expiresAt }, auditOf(request, body.reason)).catch(pointsFailure)
      return reply.code(201).send(created)
    },
  )

  app.post(
    '/points/accounts/:accountId/conversions',
    {
      schema: {
        tags: ['points'],
        summary: 'Convert points into units of a catalogue product: stock reserved and points debited together, or nothing',
        description:
          'The oldest-expiring points are spent first. A conversion that cannot be honoured answers 409 with the reason. ' +
          'Send an Idempotency-Key to retry safely: the same key answers with the first conversion (replayed: true, ' +
          'header idempotent-replayed), the same key for another product or quantity answers 422.',
        params: jsonSchema(accountParams, 'input'),
        headers: jsonSchema(conversionHeaders, 'input'),
        body: jsonSchema(conversionBody, 'input'),
        response: { 201: jsonSchema(conversion), 409: jsonSchema(refusal), 422: jsonSchema(refusal) },
      },
    },
    async (request, reply) => {
      const { accountId: id } = request.params as z.output<typeof accountParams>
      const body = request.body as z.output<typeof conversionBody>
      const headers = request.headers as z.output<typeof conversionHeaders>
      checkAccountAccess(request, id)
      const outcome = await points.conversions
        .convert({
          accountId: id,
          productId: body.productId,
          quantity: body.quantity,
          actor: principalOf(request).name,
          requestId: request.id,
          idempotencyKey: headers['idempotency-key'],
        })
        .catch((error: unknown) => {
          if (error instanceof ConversionError) return error
          throw error
        })
      if (!(outcome instanceof ConversionError)) return reply.code(201).header('idempotent-replayed', String(outcome.replayed)).send(outcome)
      if (outcome.reason === 'unknown_account') throw notFound('points account', id)
      const status = outcome.reason === 'idempotency_key_reused' ? 422 : 409
      return reply.code(status).send({ ...errorBody(status, outcome.message), reason: outcome.reason, details: outcome.details })
    },
  )

  app.get(
    '/points/catalogue',
    {
      schema: {
        tags: ['points'],
        summary: 'Products offered for points, their price and the units available',
        querystring: jsonSchema(catalogueQuery, 'input'),
        response: { 200: jsonSchema(z.object({ items: z.array(catalogueItem) })) },
      },
    },
    async (request) => {
      const query = request.query as z.output<typeof catalogueQuery>
      const principal = principalOf(request)
      const items = await points.catalogue.list({ activeOnly: principal.role !== 'ops' || !query.includeInactive, at: new Date() })
      // Partner keys see what they supply; supporters the whole offer.
      return { items: principal.role === 'partner' ? items.filter((i) => canSeePartner(request, i.partnerId)) : items }
    },
  )

  app.put(
    '/points/catalogue/:productId',
    {
      onRequest: app.requireOps,
      schema: {
        tags: ['points'],
        summary: "Offer a product for points, change its price, or withdraw it (ops)",
        params: jsonSchema(catalogueParams, 'input'),
        body: jsonSchema(catalogueBody, 'input'),
        response: { 200: jsonSchema(catalogueItem) },
      },
    },
    async (request) => {
      const { productId } = request.params as z.output<typeof catalogueParams>
      const body = request.body as z.output<typeof catalogueBody>
      return points.catalogue.put({ productId, ...body, updatedBy: principalOf(request).name }).catch(pointsFailure)
    },
  )

  app.post(
    '/points/rules',
    {
      onRequest: app.requireOps,
      schema: { tags: ['points'], summary: 'Add a production milestone rule (ops)', body: jsonSchema(ruleBody, 'input'), response: { 201: jsonSchema(rule), 409: jsonSchema(errorResponse) } },
    },
    async (request, reply) => {
      const body = request.body as z.output<typeof ruleBody>
      const created = await points.rules
        .create({ ...body, milestonesKg: [...new Set(body.milestonesKg)].sort((a, b) => a - b), active: true, description: body.description ?? null, createdBy: principalOf(request).name })
        .catch(pointsFailure)
      return reply.code(201).send(created)
    },
  )

  app.get(
    '/points/rules',
    { onRequest: app.requireOps, schema: { tags: ['points'], summary: 'Attribution rules (ops)', response: { 200: jsonSchema(z.object({ rules: z.array(rule) })) } } },
    async () => ({ rules: await points.rules.list() }),
  )

  app.put(
    '/points/rules/:ruleId/active',
    {
      onRequest: app.requireOps,
      schema: {
        tags: ['points'],
        summary: 'Retire or reinstate a rule; credits already given stay (ops)',
        params: jsonSchema(ruleParams, 'input'),
        body: jsonSchema(ruleActiveBody, 'input'),
        response: { 200: jsonSchema(rule) },
      },
    },
    async (request) => {
      const { ruleId } = request.params as z.output<typeof ruleParams>
      const body = request.body as z.output<typeof ruleActiveBody>
      return points.rules.setActive(ruleId, body.active).catch(pointsFailure)
    },
  )

  app.get(
    '/points/partners/:partnerId/attribution',
    {
      schema: {
        tags: ['points'],
        summary: "Points the partner's hives and groves earned their supporters, per season and rule",
        params: jsonSchema(partnerParams, 'input'),
        response: { 200: jsonSchema(z.object({ attribution: z.array(attribution) })) },
      },
    },
    async (request) => {
      const { partnerId } = request.params as z.output<typeof partnerParams>
      if (principalOf(request).role === 'supporter' || !canSeePartner(request, partnerId)) throw notFound('partner', partnerId)
      return { attribution: await points.ledger.attributedToPartner(partnerId) }
    },
  )
}
