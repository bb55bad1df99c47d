import type pg from 'pg'
import { StockError, type ProductKind } from './stock-rules.js'

export interface Product {
  id: string
  partnerId: string
  name: string
  kind: ProductKind
  unit: string
  unitKg: number | null
  receivesHarvests: boolean
  minCoverDays: number | null
  createdBy: string
  createdAt: Date
}

export type NewProduct = Omit<Product, 'createdAt'>

/**
 * A product's stock, summed from the ledger. `available` counts confirmed lots still within their
 * best-before date; what sits in lots past it is `expiredUnits`, so onHand − reserved = available + expiredUnits.
 */
export interface ProductBalance {
  productId: string
  partnerId: string
  onHand: number
  reserved: number
  available: number
  expiredUnits: number
  pendingLots: number
  /** What pending lots are expected to give, from the harvest weights reported. */
  pendingUnits: number
}

const PRODUCT_COLUMNS = `id, partner_id AS "partnerId", name, kind, unit, unit_kg AS "unitKg", receives_harvests AS "receivesHarvests",
  min_cover_days AS "minCoverDays", created_by AS "createdBy", created_at AS "createdAt"`

function refusal(error: unknown): never {
  const e = error as { code?: string; constraint?: string; detail?: string }
  if (e.code === '23505' && e.constraint === 'products_one_harvest_target') {
    throw new StockError('this partner already has a product of that kind receiving its harvests', 'conflict')
  }
  if (e.code === '23505') throw new StockError(`already exists: ${e.detail ?? ''}`, 'conflict')
  if (e.code === '23503') throw new StockError(`refers to a missing row: ${e.detail ?? ''}`, 'not_found')
  throw error
}

/** Products and their balances, which are always derived from the stock ledger. */
export function createProductStore(pool: pg.Pool) {
  return {
    async create(p: NewProduct): Promise<Product> {
      const { rows } = await pool
        .query<Product>(
          `INSERT INTO products (id, partner_id, name, kind, unit, unit_kg, receives_harvests, min_cover_days, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${PRODUCT_COLUMNS}`,
          [p.id, p.partnerId, p.name, p.kind, p.unit, p.unitKg, p.receivesHarvests, p.minCoverDays, p.createdBy],
        )
        .catch(refusal)
      return rows[0]!
    },

    async get(id: string, partnerId?: string): Promise<Product | null> {
      const { rows } = await pool.query<Product>(
        `SELECT ${PRODUCT_COLUMNS} FROM products WHERE id = $1 AND ($2::text IS NULL OR partner_id = $2)`,
        [id, partnerId ?? null],
      )
      return rows[0] ?? null
    },

    async list(partnerId?: string): Promise<Product[]> {
      const { rows } = await pool.query<Product>(
        `SELECT ${PRODUCT_COLUMNS} FROM products WHERE $1::text IS NULL OR partner_id = $1 ORDER BY partner_id, id`,
        [partnerId ?? null],
      )
      return rows
    },

    /** Balances on `asOf` (its UTC day decides what is past its best-before date). */
    async balances(filter: { partnerId?: string | undefined; productIds?: readonly string[] | undefined; asOf: Date }): Promise<ProductBalance[]> {
      const { rows } = await pool.query<ProductBalance>(
        `SELECT p.id AS "productId", p.partner_id AS "partnerId",
                coalesce(sum(b.on_hand), 0)::int AS "onHand",
                coalesce(sum(b.reserved), 0)::int AS reserved,
                coalesce(sum(b.available) FILTER (WHERE b.status = 'confirmed' AND (b.best_before IS NULL OR b.best_before >= $3::date)), 0)::int AS available,
                coalesce(sum(b.available) FILTER (WHERE b.best_before < $3::date), 0)::int AS "expiredUnits",
                count(b.lot_id) FILTER (WHERE b.status = 'pending')::int AS "pendingLots",
                coalesce(sum(b.estimated_units) FILTER (WHERE b.status = 'pending'), 0)::int AS "pendingUnits"
         FROM products p LEFT JOIN stock_lot_balances b ON b.product_id = p.id
         WHERE ($1::text IS NULL OR p.partner_id = $1) AND ($2::text[] IS NULL OR p.id = ANY($2))
         GROUP BY p.id ORDER BY p.partner_id, p.id`,
        [filter.partnerId ?? null, filter.productIds ?? null, filter.asOf.toISOString().slice(0, 10)],
      )
      return rows
    },
  }
}

export type ProductStore = ReturnType<typeof createProductStore>
