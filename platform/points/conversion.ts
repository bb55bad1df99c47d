import type pg from 'pg'
import { inTransaction } from '../postgres/transaction.js'
import { bookAllocation, lockProducts, MOVEMENT_COLUMNS, sellableLots, StockError, takeInOrder, type StockMovement } from '../stock/index.js'
import { lockAccount, openCredits, writeDebit } from './points-ledger.js'
import { PointsError } from './points-rules.js'

export const conversionRefusals = ['unknown_account', 'not_in_catalogue', 'insufficient_stock', 'insufficient_points', 'idempotency_key_reused'] as const
export type ConversionRefusal = (typeof conversionRefusals)[number]

/** A conversion that cannot be honoured; nothing was changed. `details` says by how much it fell short. */
export class ConversionError extends Error {
  override name = 'ConversionError'
  constructor(
    readonly reason: ConversionRefusal,
    message: string,
    readonly details: Record<string, number | string> = {},
  ) {
    super(message)
  }
}

export interface ConversionRequest {
  accountId: string
  productId: string
  quantity: number
  /** The API key's name. */
  actor: string
  requestId: string | null
  /**
   * The client's Idempotency-Key: a retry with the same key (per account) gets the first conversion
   * back, replayed, instead of a second one; the same key with another product or quantity is refused.
   */
  idempotencyKey?: string | undefined
  /** Decides which lots are past their best-before date and which credits have expired. */
  now?: Date | undefined
}

export interface Conversion {
  id: string
  accountId: string
  productId: string
  quantity: number
  pointPrice: number
  points: number
  actor: string
  requestId: string | null
  idempotencyKey: string | null
  occurredAt: Date
  /** True when this is an earlier conversion returned for a retried Idempotency-Key. */
  replayed: boolean
  /** The stock order (one movement per lot) and the points debit with the credits it consumed. */
  orderRef: string
  movements: StockMovement[]
  debitEntryId: string
  consumedCredits: { creditId: string; points: number }[]
}

const CONVERSION_COLUMNS = `c.id::text, c.account_id AS "accountId", c.product_id AS "productId", c.quantity, c.point_price AS "pointPrice",
  c.points, c.actor, c.request_id AS "requestId", c.idempotency_key AS "idempotencyKey", c.occurred_at AS "occurredAt",
  d.id::text AS "debitEntryId",
  (SELECT json_agg(json_build_object('creditId', a.credit_id::text, 'points', a.points) ORDER BY c.expires_at, c.id)
   FROM points_allocations a JOIN points_entries c ON c.id = a.credit_id WHERE a.debit_id = d.id) AS "consumedCredits"`

/** A conversion as it was booked, read back for a retried Idempotency-Key: credits in the order they were spent. */
async function bookedConversion(client: pg.PoolClient, accountId: string, idempotencyKey: string): Promise<Conversion | null> {
  const { rows } = await client.query<Omit<Conversion, 'movements' | 'orderRef' | 'replayed'>>(
    `SELECT ${CONVERSION_COLUMNS} FROM conversions c JOIN points_entries d ON d.conversion_id = c.id
     WHERE c.account_id = $1 AND c.idempotency_key = $2`,
    [accountId, idempotencyKey],
  )
  const booked = rows[0]
  if (!booked) return null
  const { rows: movements } = await client.query<StockMovement>(`SELECT ${MOVEMENT_COLUMNS} FROM stock_movements m WHERE m.conversion_id = $1 ORDER BY m.id`, [booked.id])
  return { ...booked, orderRef: movements[0]!.orderRef!, movements, replayed: true }
}

/**
 * Points into products. One transaction reserves the stock and debits the points, or does nothing.
 *
 * Concurrency: row locks, READ COMMITTED, always in the same order — the product row, then the
 * account row — rather than SERIALIZABLE with retries. Conversions of one product compete for the
 * same few lots, so under SERIALIZABLE nearly every concurrent one would abort with 40001 and retry,
 * again and again while stock lasts (work growing with the square of the contenders); with locks
 * they queue, each runs once and sees the previous one's result, and the loser of a race for the
 * last units gets a clean "insufficient stock" instead of a retry storm. The fixed order (every
 * writer of stock takes product locks first and by id; every spend or expiry takes the account
 * lock last) means two transactions never wait for each other in a cycle.
 */
export function createConversions(pool: pg.Pool) {
  return {
    async convert(r: ConversionRequest): Promise<Conversion> {
      if (!Number.isInteger(r.quantity) || r.quantity <= 0) throw new RangeError(`quantity must be a positive integer, got ${r.quantity}`)
      const now = r.now ?? new Date()
      return inTransaction(pool, async (client) => {
        if (r.idempotencyKey !== undefined) {
          // Taken before any row lock, so it cannot join a lock cycle: a retry racing its original
          // waits here until that commits, then finds it.
          await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`conversion\n${r.accountId}\n${r.idempotencyKey}`])
          const earlier = await bookedConversion(client, r.accountId, r.idempotencyKey)
          if (earlier && (earlier.productId !== r.productId || earlier.quantity !== r.quantity)) {
            throw new ConversionError(
              'idempotency_key_reused',
              `Idempotency-Key already used for conversion ${earlier.id} (${earlier.quantity} × ${earlier.productId}): a new conversion needs a new key`,
              { conversionId: earlier.id },
            )
          }
          if (earlier) return earlier
        }
        await lockProducts(client, [r.productId]).catch((error: unknown) => {
          if (error instanceof StockError) throw new ConversionError('not_in_catalogue', `product "${r.productId}" is not offered for points`)
          throw error
        })
        const { rows: offers } = await client.query<{ pointPrice: number; name: string }>(
          `SELECT c.point_price AS "pointPrice", p.name FROM points_catalogue c JOIN products p ON p.id = c.product_id
           WHERE c.product_id = $1 AND c.active`,
          [r.productId],
        )
        const offer = offers[0]
        if (!offer) throw new ConversionError('not_in_catalogue', `product "${r.productId}" is not offered for points`)

        const lots = await sellableLots(client, r.productId, now)
        const lotTakes = takeInOrder(lots, r.quantity)
        const available = lots.reduce((sum, lot) => sum + lot.available, 0)
        if (!lotTakes) throw new ConversionError('insufficient_stock', `${r.quantity} requested, ${available} available`, { requested: r.quantity, available })

        await lockAccount(client, r.accountId).catch((error: unknown) => {
          if (error instanceof PointsError) throw new ConversionError('unknown_account', error.message)
          throw error
        })
        const points = r.quantity * offer.pointPrice
        const credits = await openCredits(client, r.accountId, now)
        // Oldest-expiring first: the supporter loses as little as possible to expiry.
        const creditTakes = takeInOrder(credits, points)
        const spendable = credits.reduce((sum, c) => sum + c.available, 0)
        if (!creditTakes) throw new ConversionError('insufficient_points', `${points} points needed, ${spendable} spendable`, { required: points, spendable })

        const { rows } = await client.query<{ id: string; occurredAt: Date }>(
          `INSERT INTO conversions (account_id, product_id, quantity, point_price, points, actor, request_id, idempotency_key, occurred_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id::text, occurred_at AS "occurredAt"`,
          [r.accountId, r.productId, r.quantity, offer.pointPrice, points, r.actor, r.requestId, r.idempotencyKey ?? null, now],
        )
        const conversion = rows[0]!
        const orderRef = `conversion-${conversion.id}`
        const audit = { actor: r.actor, reason: `conversion ${conversion.id}: ${r.quantity} × ${offer.name} for ${points} points`, requestId: r.requestId }
        const movements = await bookAllocation(client, { productId: r.productId, quantity: r.quantity, kind: 'order', orderRef, conversionId: conversion.id, at: now }, lotTakes, audit)
        const debitEntryId = await writeDebit(client, { accountId: r.accountId, kind: 'debit', takes: creditTakes, conversionId: conversion.id, occurredAt: now }, audit)
        return {
          id: conversion.id,
          accountId: r.accountId,
          productId: r.productId,
          quantity: r.quantity,
          pointPrice: offer.pointPrice,
          points,
          actor: r.actor,
          requestId: r.requestId,
          idempotencyKey: r.idempotencyKey ?? null,
          occurredAt: conversion.occurredAt,
          replayed: false,
          orderRef,
          movements,
          debitEntryId,
          consumedCredits: creditTakes.map((t) => ({ creditId: t.id, points: t.quantity })),
        }
      })
    },
  }
}

export type Conversions = ReturnType<typeof createConversions>
