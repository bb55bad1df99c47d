import type pg from 'pg'
import { inTransaction } from '../postgres/transaction.js'
import { StockError, type AuditContext } from './stock-rules.js'

export type LotStatus = 'pending' | 'confirmed'

export interface Lot {
  id: string
  productId: string
  partnerId: string
  siteId: string | null
  interventionId: string | null
  /** Site-local day of the harvest (or of production for a batch made or bought in), YYYY-MM-DD. */
  harvestedOn: string
  bestBefore: string | null
  status: LotStatus
  estimatedKg: number | null
  estimatedUnits: number | null
  createdBy: string
  /** The request that opened it. */
  requestId: string | null
  createdAt: Date
  confirmedBy: string | null
  confirmedAt: Date | null
  /** Derived from the ledger. */
  onHand: number
  reserved: number
  available: number
}

export interface NewLot {
  productId: string
  siteId?: string | null | undefined
  harvestedOn: string
  bestBefore?: string | null | undefined
  estimatedUnits?: number | null | undefined
}

export interface LotFilter {
  partnerId?: string | undefined
  productId?: string | undefined
  status?: LotStatus | undefined
  limit: number
  /** Keyset cursor: only lots with a smaller id. */
  before?: string | undefined
}

export const LOT_COLUMNS = `l.id::text, l.product_id AS "productId", l.partner_id AS "partnerId", l.site_id AS "siteId",
  l.intervention_id::text AS "interventionId", l.harvested_on::text AS "harvestedOn", l.best_before::text AS "bestBefore", l.status,
  l.estimated_kg AS "estimatedKg", l.estimated_units AS "estimatedUnits", l.created_by AS "createdBy", l.request_id AS "requestId", l.created_at AS "createdAt",
  l.confirmed_by AS "confirmedBy", l.confirmed_at AS "confirmedAt", b.on_hand AS "onHand", b.reserved, b.available`

/** A lot with its balance: the view sums only this lot's movements (its filter is a grouping column). */
export const LOT_FROM = 'stock_lots l JOIN stock_lot_balances b ON b.lot_id = l.id'

/** Lots and their one status change, pending → confirmed, which books the lot's receipt. */
export function createLotStore(pool: pg.Pool) {
  async function get(id: string, partnerId?: string, db: pg.Pool | pg.PoolClient = pool): Promise<Lot | null> {
    const { rows } = await db.query<Lot>(`SELECT ${LOT_COLUMNS} FROM ${LOT_FROM} WHERE l.id = $1 AND ($2::text IS NULL OR l.partner_id = $2)`, [
      id,
      partnerId ?? null,
    ])
    return rows[0] ?? null
  }

  return {
    get: (id: string, partnerId?: string) => get(id, partnerId),

    /** A lot made or bought in (harvests open theirs through createLotFromHarvest), pending until confirmed. */
    async create(lot: NewLot, audit: AuditContext): Promise<Lot> {
      const { rows } = await pool.query<{ id: string }>(
        `INSERT INTO stock_lots (product_id, partner_id, site_id, harvested_on, best_before, estimated_units, created_by, request_id)
         SELECT p.id, p.partner_id, $2, $3, $4, $5, $6, $7 FROM products p
         WHERE p.id = $1 AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM sites s WHERE s.id = $2 AND s.partner_id = p.partner_id))
         RETURNING id::text`,
        [lot.productId, lot.siteId ?? null, lot.harvestedOn, lot.bestBefore ?? null, lot.estimatedUnits ?? null, audit.actor, audit.requestId],
      )
      if (!rows[0]) throw new StockError(`product "${lot.productId}" not found, or site "${lot.siteId}" is not its partner's`, 'not_found')
      return (await get(rows[0].id))!
    },

    async list(filter: LotFilter): Promise<Lot[]> {
      const { rows } = await pool.query<Lot>(
        `SELECT ${LOT_COLUMNS} FROM ${LOT_FROM}
         WHERE ($1::text IS NULL OR l.partner_id = $1) AND ($2::text IS NULL OR l.product_id = $2)
           AND ($3::text IS NULL OR l.status = $3) AND ($4::bigint IS NULL OR l.id < $4)
         ORDER BY l.id DESC LIMIT $5`,
        [filter.partnerId ?? null, filter.productId ?? null, filter.status ?? null, filter.before ?? null, filter.limit],
      )
      return rows
    },

    /**
     * Confirms a pending lot with the quantity actually bottled, in the product's units: the lot's
     * receipt. No product lock is needed: a receipt only adds stock, and the row lock of the UPDATE
     * (plus the one-receipt-per-lot index) makes a second confirmation wait and then fail.
     */
    async confirm(id: string, c: { quantity: number; bestBefore?: string | null | undefined; occurredAt?: Date | undefined }, audit: AuditContext): Promise<Lot> {
      if (!Number.isInteger(c.quantity) || c.quantity <= 0) throw new StockError('quantity must be a positive whole number of units', 'conflict')
      return inTransaction(pool, async (client) => {
        const { rows } = await client.query<{ id: string; productId: string }>(
          `UPDATE stock_lots SET status = 'confirmed', confirmed_by = $2, confirmed_at = now(), best_before = coalesce($3, best_before)
           WHERE id = $1 AND status = 'pending'
           RETURNING id::text, product_id AS "productId"`,
          [id, audit.actor, c.bestBefore ?? null],
        )
        const confirmed = rows[0]
        if (!confirmed) {
          const existing = await get(id, undefined, client)
          if (!existing) throw new StockError(`lot "${id}" not found`, 'not_found')
          throw new StockError(`lot "${id}" is already confirmed`, 'conflict')
        }
        await client.query(
          `INSERT INTO stock_movements (product_id, lot_id, kind, quantity, actor, reason, request_id, occurred_at)
           VALUES ($1, $2, 'receipt', $3, $4, $5, $6, coalesce($7, now()))`,
          [confirmed.productId, id, c.quantity, audit.actor, audit.reason, audit.requestId, c.occurredAt ?? null],
        )
        return (await get(id, undefined, client))!
      })
    },
  }
}

export type LotStore = ReturnType<typeof createLotStore>
