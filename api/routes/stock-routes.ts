import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { StockError, type AuditContext, type StockServices } from '../../platform/stock/index.js'
import { ApiError, badRequest, notFound } from '../errors.js'
import { dateTime, errorResponse, jsonSchema } from '../schemas.js'
import {
  product,
  productWithBalance,
  lot,
  movement,
  createProductBody,
  productParams,
  productsQuery,
  lotParams,
  orderParams,
  createLotBody,
  lotsQuery,
  confirmBody,
  movementBody,
  orderBody,
  closeOrderBody,
  kpisQuery,
  projection,
  finding,
  kpis,
} from './stock-schemas.js'
import { partnerScope, principalOf } from '../scope.js'

const conflict = { 409: jsonSchema(errorResponse) }

export interface StockRoutesOptions {
  stock: StockServices
}

/** Who, why and which request, for the ledger. */
export function auditOf(request: FastifyRequest, why: string): AuditContext {
  return { actor: principalOf(request).name, reason: why, requestId: request.id }
}

/** StockError → 404 or 409, naming the row or the balance that refused. */
export function stockFailure(error: unknown): never {
  if (error instanceof StockError) throw new ApiError(error.kind === 'not_found' ? 404 : 409, error.message)
  throw error
}

const at = (iso: string | undefined) => (iso === undefined ? undefined : new Date(iso))

/** Stock: products, lots (confirming one is its receipt), movements, orders, projections, cover, KPIs. */
export async function stockRoutes(app: FastifyInstance, opts: StockRoutesOptions) {
  const { stock } = opts

  async function visibleProduct(request: FastifyRequest, productId: string) {
    const found = await stock.products.get(productId, partnerScope(request))
    if (!found) throw notFound('product', productId)
    return found
  }

  app.post(
    '/stock/products',
    {
      onRequest: app.requireOps,
      schema: { tags: ['stock'], summary: 'Add a product of a partner (ops)', body: jsonSchema(createProductBody, 'input'), response: { 201: jsonSchema(product), ...conflict } },
    },
    async (request, reply) => {
      const body = request.body as z.output<typeof createProductBody>
      if (body.receivesHarvests && body.unitKg === undefined) throw badRequest('body/unitKg', 'is required for a product that receives harvests')
      if (body.receivesHarvests && body.kind !== 'honey' && body.kind !== 'olive_oil') throw badRequest('body/kind', 'must be honey or olive_oil to receive harvests')
      if ((await app.registry.listPartners([body.partnerId])).length === 0) throw badRequest('body/partnerId', `names no partner ("${body.partnerId}")`)
      const created = await stock.products
        .create({ ...body, unitKg: body.unitKg ?? null, minCoverDays: body.minCoverDays ?? null, createdBy: principalOf(request).name })
        .catch(stockFailure)
      return reply.code(201).send(created)
    },
  )

  app.get(
    '/stock/products',
    {
      schema: {
        tags: ['stock'],
        summary: 'Products this key may see, with their balances from the ledger',
        querystring: jsonSchema(productsQuery, 'input'),
        response: { 200: jsonSchema(z.object({ products: z.array(productWithBalance) })) },
      },
    },
    async (request) => {
      const query = request.query as z.output<typeof productsQuery>
      const scope = partnerScope(request)
      if (scope !== undefined && query.partnerId !== undefined && query.partnerId !== scope) return { products: [] }
      const partnerId = scope ?? query.partnerId
      const [products, balances] = await Promise.all([stock.products.list(partnerId), stock.products.balances({ partnerId, asOf: new Date() })])
      const byId = new Map(balances.map((b) => [b.productId, b]))
      return { products: products.map((p) => ({ ...p, balance: byId.get(p.id)! })) }
    },
  )

  app.get(
    '/stock/products/:productId',
    {
      schema: { tags: ['stock'], summary: 'A product and its balance', params: jsonSchema(productParams, 'input'), response: { 200: jsonSchema(productWithBalance) } },
    },
    async (request) => {
      const { productId } = request.params as z.output<typeof productParams>
      const found = await visibleProduct(request, productId)
      const [productBalance] = await stock.products.balances({ productIds: [productId], asOf: new Date() })
      return { ...found, balance: productBalance! }
    },
  )

  app.post(
    '/stock/lots',
    {
      onRequest: app.requireOps,
      schema: {
        tags: ['stock'],
        summary: 'Open a pending lot for a batch made or bought in (harvests open their own) (ops)',
        body: jsonSchema(createLotBody, 'input'),
        response: { 201: jsonSchema(lot) },
      },
    },
    async (request, reply) => {
      const body = request.body as z.output<typeof createLotBody>
      const created = await stock.lots.create(body, auditOf(request, body.reason)).catch((error: unknown) => {
        if (error instanceof StockError) throw badRequest('body/productId', error.message)
        throw error
      })
      return reply.code(201).send(created)
    },
  )

  app.get(
    '/stock/lots',
    {
      schema: {
        tags: ['stock'],
        summary: 'Lots this key may see, newest first, with their balances',
        querystring: jsonSchema(lotsQuery, 'input'),
        response: { 200: jsonSchema(z.object({ lots: z.array(lot), nextBefore: z.string().nullable() })) },
      },
    },
    async (request) => {
      const query = request.query as z.output<typeof lotsQuery>
      const lots = await stock.lots.list({ ...query, partnerId: partnerScope(request) })
      const last = lots.at(-1)
      return { lots, nextBefore: lots.length === query.limit && last ? last.id : null }
    },
  )

  app.get(
    '/stock/lots/:lotId',
    { schema: { tags: ['stock'], summary: 'A lot and its balance', params: jsonSchema(lotParams, 'input'), response: { 200: jsonSchema(lot) } } },
    async (request) => {
      const { lotId } = request.params as z.output<typeof lotParams>
      const found = await stock.lots.get(lotId, partnerScope(request))
      if (!found) throw notFound('lot', lotId)
      return found
    },
  )

  app.post(
    '/stock/lots/:lotId/confirm',
    {
      onRequest: app.requireOps,
      schema: {
        tags: ['stock'],
        summary: 'Confirm a pending lot with the quantity bottled: its receipt into stock (ops)',
        params: jsonSchema(lotParams, 'input'),
        body: jsonSchema(confirmBody, 'input'),
        response: { 200: jsonSchema(lot), ...conflict },
      },
    },
    async (request) => {
      const { lotId } = request.params as z.output<typeof lotParams>
      const body = request.body as z.output<typeof confirmBody>
      return stock.lots
        .confirm(lotId, { quantity: body.quantity, bestBefore: body.bestBefore, occurredAt: at(body.occurredAt) }, auditOf(request, body.reason))
        .catch(stockFailure)
    },
  )

  app.post(
    '/stock/lots/:lotId/movements',
    {
      onRequest: app.requireOps,
      schema: {
        tags: ['stock'],
        summary: 'Book a hold, order, release, shipment, return or adjustment on a lot (ops)',
        params: jsonSchema(lotParams, 'input'),
        body: jsonSchema(movementBody, 'input'),
        response: { 201: jsonSchema(movement), ...conflict },
      },
    },
    async (request, reply) => {
      const { lotId } = request.params as z.output<typeof lotParams>
      const body = request.body as z.output<typeof movementBody>
      if (body.kind === 'adjustment' && body.orderRef !== undefined) throw badRequest('body/orderRef', 'must be absent for an adjustment')
      if (body.kind !== 'adjustment' && body.orderRef === undefined) throw badRequest('body/orderRef', `is required for a ${body.kind}`)
      if (body.kind !== 'adjustment' && body.quantity <= 0) throw badRequest('body/quantity', `must be positive for a ${body.kind}`)
      if (body.quantity === 0) throw badRequest('body/quantity', 'must not be 0')
      const booked = await stock.movements
        .record({ lotId, kind: body.kind, quantity: body.quantity, orderRef: body.orderRef, occurredAt: at(body.occurredAt) }, auditOf(request, body.reason))
        .catch(stockFailure)
      return reply.code(201).send(booked)
    },
  )

  app.post(
    '/stock/products/:productId/orders',
    {
      onRequest: app.requireOps,
      schema: {
        tags: ['stock'],
        summary: 'Reserve units of a product for an order or a hold, earliest best-before first (ops)',
        params: jsonSchema(productParams, 'input'),
        body: jsonSchema(orderBody, 'input'),
        response: { 201: jsonSchema(z.object({ movements: z.array(movement) })), ...conflict },
      },
    },
    async (request, reply) => {
      const { productId } = request.params as z.output<typeof productParams>
      const body = request.body as z.output<typeof orderBody>
      const movements = await stock.movements
        .allocate({ productId, quantity: body.quantity, kind: body.kind, orderRef: body.orderRef, at: at(body.occurredAt) ?? new Date() }, auditOf(request, body.reason))
        .catch(stockFailure)
      return reply.code(201).send({ movements })
    },
  )

  for (const [action, kind] of [
    ['ship', 'shipment'],
    ['release', 'release'],
  ] as const) {
    app.post(
      `/stock/orders/:orderRef/${action}`,
      {
        onRequest: app.requireOps,
        schema: {
          tags: ['stock'],
          summary: action === 'ship' ? 'Ship everything an order still has reserved (ops)' : 'Cancel an order or hold: release what it still has reserved (ops)',
          params: jsonSchema(orderParams, 'input'),
          body: jsonSchema(closeOrderBody, 'input'),
          response: { 200: jsonSchema(z.object({ movements: z.array(movement) })), ...conflict },
        },
      },
      async (request) => {
        const { orderRef: ref } = request.params as z.output<typeof orderParams>
        const body = request.body as z.output<typeof closeOrderBody>
        return { movements: await stock.movements.closeOrder(ref, kind, auditOf(request, body.reason), at(body.occurredAt)).catch(stockFailure) }
      },
    )
  }

  app.get(
    '/stock/projection',
    {
      schema: {
        tags: ['stock'],
        summary: 'Projected availability per product: stock + pending lots + forecast production − demand over the horizon',
        querystring: jsonSchema(productsQuery, 'input'),
        response: { 200: jsonSchema(z.object({ asOf: dateTime, projections: z.array(projection) })) },
      },
    },
    async (request) => {
      const query = request.query as z.output<typeof productsQuery>
      const scope = partnerScope(request)
      if (scope !== undefined && query.partnerId !== undefined && query.partnerId !== scope) throw notFound('partner', query.partnerId)
      const asOf = new Date()
      return { asOf, projections: await stock.projection.projectedAvailability(asOf, scope ?? query.partnerId) }
    },
  )

  app.get(
    '/stock/cover',
    {
      onRequest: app.requireOps,
      schema: {
        tags: ['stock'],
        summary: 'Products whose stock cover is under their threshold now: stock-out risks and replenishments (ops)',
        response: { 200: jsonSchema(z.object({ asOf: dateTime, findings: z.array(finding) })) },
      },
    },
    async () => {
      const asOf = new Date()
      return { asOf, findings: await stock.projection.checkStockCover(asOf) }
    },
  )

  app.get(
    '/stock/kpis',
    {
      schema: {
        tags: ['stock'],
        summary: 'Availability, stock-out rate, returns rate and order-to-shipment times over UTC days [from, to)',
        querystring: jsonSchema(kpisQuery, 'input'),
        response: { 200: jsonSchema(kpis) },
      },
    },
    async (request) => {
      const query = request.query as z.output<typeof kpisQuery>
      if (query.to <= query.from) throw badRequest('querystring/to', 'must be after querystring/from')
      const scope = partnerScope(request)
      if (scope !== undefined && query.partnerId !== undefined && query.partnerId !== scope) throw notFound('partner', query.partnerId)
      return stock.kpis.kpis({ from: query.from, to: query.to, partnerId: scope ?? query.partnerId })
    },
  )
}
