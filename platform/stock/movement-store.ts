import type pg from 'pg'
import { inTransaction } from '../postgres/transaction.js'
import { StockError, movementProblem, type AuditContext, type BookedMovementKind, type LotBalance, type MovementKind, type OrderLine } from './stock-rules.js'
import { takeInOrder, type Source, type Take } from './take-in-order.js'

export interface StockMovement {
  id: string
  productId: string
  lotId: string
  kind: MovementKind
  quantity: number
  onHandDelta: number
  reservedDelta: number
  orderRef: string | null
  conversionId: string | null
  actor: string
  reason: string
  requestId: string | null
  occurredAt: Date
  recordedAt: Date
}

export interface NewMovement {
  lotId: string
  kind: BookedMovementKind
  /** In the product's units; signed for adjustments, positive otherwise. */
  quantity: number
  /** Required for every kind but adjustments (the database checks it too). */
  orderRef?: string | null | undefined
  occurredAt?: Date | undefined
}

export interface Allocation {
  productId: string
  quantity: number
  kind: 'order' | 'reservation'
  orderRef: string
  conversionId?: string | undefined
  /** Its UTC day decides which lots are past their best-before date. */
  at: Date
}

export interface MovementFilter {
  productId?: string | undefined
  lotId?: string | undefined
  limit: number
  /** Keyset cursor: only movements with a smaller id. */
  before?: string | undefined
}

export const MOVEMENT_COLUMNS = `m.id::text, m.product_id AS "productId", m.lot_id::text AS "lotId", m.kind, m.quantity,
  m.on_hand_delta AS "onHandDelta", m.reserved_delta AS "reservedDelta", m.order_ref AS "orderRef", m.conversion_id::text AS "conversionId",
  m.actor, m.reason, m.request_id AS "requestId", m.occurred_at AS "occurredAt", m.recorded_at AS "recordedAt"`

/**
 * Every movement that can lower a product's availability first locks that product's row, then
 * reads balances and books. One lock per product, rather than one per lot, because an order is
 * allocated across all of a product's lots and must see all of them stable; writers of different
 * products never wait for each other. Receipts do not take it (they only add). FOR NO KEY UPDATE,
 * not FOR UPDATE: it excludes the other stock writers just the same, but not the foreign-key checks
 * of rows that merely refer to the product (a new lot, a catalogue price), which need not wait.
 * Lock order, everywhere: products by id, then (conversions) the points account.
 */
export async function lockProducts(client: pg.PoolClient, productIds: readonly string[]): Promise<void> {
  const ids = [...new Set(productIds)].sort()
  const { rows } = await client.query<{ id: string }>('SELECT id FROM products WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE', [ids])
  if (rows.length !== ids.length) {
    const missing = ids.find((id) => !rows.some((r) => r.id === id))
    throw new StockError(`product "${missing}" not found`, 'not_found')
  }
}

/**
 * A product's lots with sellable units on `at`, earliest best-before first: the order an allocation
 * takes them in (FEFO, so nothing is left to go out of date behind a fresher lot). Read under the
 * product's lock, these stay true until the transaction ends.
 */
export async function sellableLots(client: pg.PoolClient, productId: string, at: Date): Promise<Source[]> {
  const { rows } = await client.query<Source>(
    `SELECT lot_id::text AS id, available FROM stock_lot_balances
     WHERE product_id = $1 AND status = 'confirmed' AND (best_before IS NULL OR best_before >= $2::date) AND available > 0
     ORDER BY best_before NULLS LAST, lot_id`,
    [productId, at.toISOString().slice(0, 10)],
  )
  return rows
}

/** Books an allocation computed from sellableLots, one movement per lot. */
export async function bookAllocation(client: pg.PoolClient, a: Allocation, takes: readonly Take[], audit: AuditContext): Promise<StockMovement[]> {
  const { rows } = await client.query<StockMovement>(
    `INSERT INTO stock_movements AS m (product_id, lot_id, kind, quantity, order_ref, conversion_id, actor, reason, request_id, occurred_at)
     SELECT $1, t.lot_id, $4, t.quantity, $5, $6, $7, $8, $9, $10 FROM unnest($2::bigint[], $3::int[]) AS t(lot_id, quantity)
     RETURNING ${MOVEMENT_COLUMNS}`,
    [a.productId, takes.map((t) => t.id), takes.map((t) => t.quantity), a.kind, a.orderRef, a.conversionId ?? null, audit.actor, audit.reason, audit.requestId, a.at],
  )
  return rows
}

/** Movements booked by people and the shop: single-lot movements, FEFO orders, and closing an order. */
export function createMovementStore(pool: pg.Pool) {
  return {
    /** One movement on one lot, checked against the lot's and the order's balances under the product lock. */
    async record(m: NewMovement, audit: AuditContext): Promise<StockMovement> {
      return inTransaction(pool, async (client) => {
        const { rows: lots } = await client.query<{ productId: string }>('SELECT product_id AS "productId" FROM stock_lots WHERE id = $1', [m.lotId])
        if (!lots[0]) throw new StockError(`lot "${m.lotId}" not found`, 'not_found')
        await lockProducts(client, [lots[0].productId])
        const { rows: balances } = await client.query<LotBalance>(
          'SELECT status, on_hand AS "onHand", reserved, available FROM stock_lot_balances WHERE lot_id = $1',
          [m.lotId],
        )
        let line: OrderLine | null = null
        if (m.orderRef) {
          const { rows } = await client.query<OrderLine>(
            `SELECT coalesce(sum(reserved_delta), 0)::int AS reserved, coalesce(sum(quantity) FILTER (WHERE kind = 'shipment'), 0)::int AS shipped,
                    coalesce(sum(quantity) FILTER (WHERE kind = 'return'), 0)::int AS returned
             FROM stock_movements WHERE order_ref = $1 AND lot_id = $2`,
            [m.orderRef, m.lotId],
          )
          line = rows[0]!
        }
        const problem = movementProblem(m.kind, m.quantity, balances[0]!, line)
        if (problem) throw new StockError(`${m.kind} of ${m.quantity} refused: ${problem}`, 'conflict')
        const { rows } = await client.query<StockMovement>(
          `INSERT INTO stock_movements AS m (product_id, lot_id, kind, quantity, order_ref, actor, reason, request_id, occurred_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, coalesce($9, now())) RETURNING ${MOVEMENT_COLUMNS}`,
          [lots[0].productId, m.lotId, m.kind, m.quantity, m.orderRef ?? null, audit.actor, audit.reason, audit.requestId, m.occurredAt ?? null],
        )
        return rows[0]!
      })
    },

    /** An order (or hold) for a product, allocated across its lots; refused whole when stock is short. */
    async allocate(a: Allocation, audit: AuditContext): Promise<StockMovement[]> {
      return inTransaction(pool, async (client) => {
        await lockProducts(client, [a.productId])
        const lots = await sellableLots(client, a.productId, a.at)
        const takes = takeInOrder(lots, a.quantity)
        if (!takes) throw new StockError(`${a.quantity} requested, ${lots.reduce((sum, l) => sum + l.available, 0)} available`, 'conflict')
        return bookAllocation(client, a, takes, audit)
      })
    },

    /**
     * Ships (or releases) everything an order still has reserved, on every lot and product it
     * reserved. Products are locked in id order, then the order's lines are read again under the locks.
     */
    async closeOrder(orderRef: string, kind: 'shipment' | 'release', audit: AuditContext, occurredAt?: Date): Promise<StockMovement[]> {
      return inTransaction(pool, async (client) => {
        const outstanding = () =>
          client.query<{ productId: string; lotId: string; reserved: number }>(
            `SELECT product_id AS "productId", lot_id::text AS "lotId", sum(reserved_delta)::int AS reserved
             FROM stock_movements WHERE order_ref = $1 GROUP BY product_id, lot_id ORDER BY lot_id`,
            [orderRef],
          )
        const seen = await outstanding()
        if (seen.rows.length === 0) throw new StockError(`order "${orderRef}" not found`, 'not_found')
        await lockProducts(client, seen.rows.map((r) => r.productId))
        const lines = (await outstanding()).rows.filter((r) => r.reserved > 0)
        if (lines.length === 0) throw new StockError(`order "${orderRef}" has nothing reserved left to ${kind === 'shipment' ? 'ship' : 'release'}`, 'conflict')
        const { rows } = await client.query<StockMovement>(
          `INSERT INTO stock_movements AS m (product_id, lot_id, kind, quantity, order_ref, actor, reason, request_id, occurred_at)
           SELECT t.product_id, t.lot_id, $4, t.quantity, $5, $6, $7, $8, coalesce($9, now())
           FROM unnest($1::text[], $2::bigint[], $3::int[]) AS t(product_id, lot_id, quantity)
           RETURNING ${MOVEMENT_COLUMNS}`,
          [lines.map((l) => l.productId), lines.map((l) => l.lotId), lines.map((l) => l.reserved), kind, orderRef, audit.actor, audit.reason, audit.requestId, occurredAt ?? null],
        )
        return rows
      })
    },

    /** The audit trail of a lot or a product: newest first. */
    async history(filter: MovementFilter): Promise<StockMovement[]> {
      const { rows } = await pool.query<StockMovement>(
        `SELECT ${MOVEMENT_COLUMNS} FROM stock_movements m
         WHERE ($1::text IS NULL OR m.product_id = $1) AND ($2::bigint IS NULL OR m.lot_id = $2) AND ($3::bigint IS NULL OR m.id < $3)
         ORDER BY m.id DESC LIMIT $4`,
        [filter.productId ?? null, filter.lotId ?? null, filter.before ?? null, filter.limit],
      )
      return rows
    },
  }
}

export type MovementStore = ReturnType<typeof createMovementStore>
