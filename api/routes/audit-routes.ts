import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { PointsServices } from '../../platform/points/index.js'
import type { StockServices } from '../../platform/stock/index.js'
import { notFound } from '../errors.js'
import { id, jsonSchema } from '../schemas.js'
import { partnerScope } from '../scope.js'
import { checkAccountAccess } from './points-routes.js'
import { entry } from './points-schemas.js'
import { lot, movement } from './stock-schemas.js'

const numericId = z.string().regex(/^\d{1,18}$/)
const page = z.object({
  limit: z.number().int().min(1).max(1000).default(100),
  before: numericId.optional().meta({ description: 'Keyset cursor: nextBefore of the previous page' }),
})
const accountParams = z.object({ accountId: z.string().min(1).max(200) })
const lotParams = z.object({ lotId: numericId })
const productParams = z.object({ productId: id })

export interface AuditRoutesOptions {
  stock: StockServices
  points: PointsServices
}

const nextBefore = (rows: readonly { id: string }[], limit: number) => (rows.length === limit ? rows.at(-1)!.id : null)

/**
 * The audit trail: every ledger entry of an account, a lot or a product, newest first, with who
 * (the API key's name, or "system" for jobs), why, in which request and when. The entries are
 * append-only in the database, so this is the whole history.
 */
export async function auditRoutes(app: FastifyInstance, opts: AuditRoutesOptions) {
  app.get(
    '/audit/accounts/:accountId',
    {
      schema: {
        tags: ['audit'],
        summary: "A points account's history: credits, debits with the credits they consumed, expiries (ops, or the supporter's key)",
        params: jsonSchema(accountParams, 'input'),
        querystring: jsonSchema(page, 'input'),
        response: { 200: jsonSchema(z.object({ accountId: z.string(), entries: z.array(entry), nextBefore: z.string().nullable() })) },
      },
    },
    async (request) => {
      const { accountId } = request.params as z.output<typeof accountParams>
      const query = request.query as z.output<typeof page>
      checkAccountAccess(request, accountId)
      if (!(await opts.points.accounts.get(accountId))) throw notFound('points account', accountId)
      const entries = await opts.points.ledger.entries({ accountId, ...query })
      return { accountId, entries, nextBefore: nextBefore(entries, query.limit) }
    },
  )

  app.get(
    '/audit/lots/:lotId',
    {
      schema: {
        tags: ['audit'],
        summary: "A lot's history: who opened and confirmed it, and every movement (ops, or its partner's key)",
        params: jsonSchema(lotParams, 'input'),
        querystring: jsonSchema(page, 'input'),
        response: { 200: jsonSchema(z.object({ lot, movements: z.array(movement), nextBefore: z.string().nullable() })) },
      },
    },
    async (request) => {
      const { lotId } = request.params as z.output<typeof lotParams>
      const query = request.query as z.output<typeof page>
      const found = await opts.stock.lots.get(lotId, partnerScope(request))
      if (!found) throw notFound('lot', lotId)
      const movements = await opts.stock.movements.history({ lotId, ...query })
      return { lot: found, movements, nextBefore: nextBefore(movements, query.limit) }
    },
  )

  app.get(
    '/audit/products/:productId',
    {
      schema: {
        tags: ['audit'],
        summary: "A product's history: every movement of every lot (ops, or its partner's key)",
        params: jsonSchema(productParams, 'input'),
        querystring: jsonSchema(page, 'input'),
        response: { 200: jsonSchema(z.object({ productId: z.string(), movements: z.array(movement), nextBefore: z.string().nullable() })) },
      },
    },
    async (request) => {
      const { productId } = request.params as z.output<typeof productParams>
      const query = request.query as z.output<typeof page>
      if (!(await opts.stock.products.get(productId, partnerScope(request)))) throw notFound('product', productId)
      const movements = await opts.stock.movements.history({ productId, ...query })
      return { productId, movements, nextBefore: nextBefore(movements, query.limit) }
    },
  )
}
