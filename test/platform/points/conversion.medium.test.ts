import { afterAll, describe, expect, it } from 'vitest'
import { ConversionError, createPointsServices } from '../../../platform/points/index.js'
import { createPool } from '../../../platform/postgres/pool.js'
import { createStockServices } from '../../../platform/stock/index.js'
import { TEST_POSTGRES_URL, uniqueId } from '../../support/test-config.js'
import { audit, seedProducer, seedProduct, stockedLot } from '../stock/stock-fixtures.js'

// Enough connections that the contenders really are in the database together, queued on row locks.
const pool = createPool({ url: TEST_POSTGRES_URL, poolSize: 24 })
const points = createPointsServices(pool)
const stock = createStockServices(pool)
afterAll(() => pool.end())

const YEAR_MS = 365 * 86_400_000

async function offeredProduct(pointPrice: number, lots: number[]) {
  const producer = await seedProducer(pool)
  const product = await seedProduct(stock, producer.partnerId)
  for (const units of lots) await stockedLot(stock, product.id, units)
  await points.catalogue.put({ productId: product.id, pointPrice, active: true, updatedBy: 'ops-test' })
  return product
}

async function fundedAccount(pts: number) {
  const account = await points.accounts.create({ id: uniqueId('supporter'), displayName: null, createdBy: 'ops-test' })
  await points.ledger.credit({ accountId: account.id, points: pts, expiresAt: new Date(Date.now() + 2 * YEAR_MS) }, audit('welcome points'))
  return account
}

const convert = (accountId: string, productId: string, quantity = 1) =>
  points.conversions.convert({ accountId, productId, quantity, actor: 'supporter-key', requestId: uniqueId('req') })

/** Everything the ledgers say about a product and a set of accounts, summed from the raw rows. */
async function ledgerState(productId: string, accountIds: string[]) {
  const movements = await pool.query<{ onHand: number; reserved: number; conversions: number }>(
    `SELECT coalesce(sum(CASE WHEN kind IN ('receipt', 'return', 'adjustment') THEN quantity WHEN kind = 'shipment' THEN -quantity ELSE 0 END), 0)::int AS "onHand",
            coalesce(sum(CASE WHEN kind IN ('reservation', 'order') THEN quantity WHEN kind IN ('release', 'shipment') THEN -quantity ELSE 0 END), 0)::int AS reserved,
            count(DISTINCT conversion_id)::int AS conversions
     FROM stock_movements WHERE product_id = $1`,
    [productId],
  )
  const entries = await pool.query<{ debited: number; total: number; allocated: number }>(
    `SELECT coalesce(-sum(points) FILTER (WHERE kind = 'debit'), 0)::int AS debited, coalesce(sum(points), 0)::int AS total,
            (SELECT coalesce(sum(a.points), 0)::int FROM points_allocations a JOIN points_entries d ON d.id = a.debit_id WHERE d.account_id = ANY($1)) AS allocated
     FROM points_entries WHERE account_id = ANY($1)`,
    [accountIds],
  )
  return { ...movements.rows[0]!, ...entries.rows[0]! }
}

describe('conversions of points into products', () => {
  it('50 supporters racing for 10 units: exactly 10 served, stock 0, points debited for those 10 only, ledgers equal balances', async () => {
    const product = await offeredProduct(25, [6, 4])
    const accounts = await Promise.all(Array.from({ length: 50 }, () => fundedAccount(100)))

    const outcomes = await Promise.allSettled(accounts.map((a) => convert(a.id, product.id)))
    const served = outcomes.filter((o) => o.status === 'fulfilled')
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []))
    expect(served).toHaveLength(10)
    expect(refused).toHaveLength(40)
    for (const error of refused) expect(error).toMatchObject({ name: 'ConversionError', reason: 'insufficient_stock', details: { requested: 1, available: 0 } })

    const [balance] = await stock.products.balances({ productIds: [product.id], asOf: new Date() })
    expect(balance).toMatchObject({ onHand: 10, reserved: 10, available: 0 })
    const state = await ledgerState(product.id, accounts.map((a) => a.id))
    expect(state).toEqual({ onHand: 10, reserved: 10, conversions: 10, debited: 10 * 25, total: 50 * 100 - 10 * 25, allocated: 10 * 25 })

    const balances = await Promise.all(accounts.map((a) => points.ledger.balance(a.id, new Date())))
    expect(balances.filter((b) => b.balance === 75)).toHaveLength(10)
    expect(balances.filter((b) => b.balance === 100)).toHaveLength(40)
    for (const b of balances) expect(b.spendable).toBe(b.balance)
  })

  it('one supporter racing 20 conversions of ten products with points for 4: exactly 4 served, never overdrawn', async () => {
    // Different products, so the product locks do not serialise them: only the account lock does.
    const products = await Promise.all(Array.from({ length: 10 }, () => offeredProduct(25, [100])))
    const account = await fundedAccount(100)
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => convert(account.id, products[i % 10]!.id)))
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(4)
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toMatchObject({ reason: 'insufficient_points', details: { required: 25, spendable: 0 } })
    expect(await points.ledger.balance(account.id, new Date())).toMatchObject({ balance: 0, spendable: 0 })
    const balances = await stock.products.balances({ productIds: products.map((p) => p.id), asOf: new Date() })
    expect(balances.reduce((sum, b) => sum + b.reserved, 0)).toBe(4)
  })

  it('refuses what cannot be honoured with its reason, and changes nothing', async () => {
    const product = await offeredProduct(40, [3])
    const account = await fundedAccount(100)
    const before = await ledgerState(product.id, [account.id])

    const refusal = (promise: Promise<unknown>) => promise.then(() => 'served', (error: unknown) => (error instanceof ConversionError ? error.reason : error))
    expect(await refusal(convert(account.id, product.id, 4))).toBe('insufficient_stock')
    expect(await refusal(convert(account.id, product.id, 3))).toBe('insufficient_points')
    expect(await refusal(convert('nobody-' + uniqueId('x'), product.id))).toBe('unknown_account')
    expect(await refusal(convert(account.id, 'no-such-product'))).toBe('not_in_catalogue')
    await points.catalogue.put({ productId: product.id, pointPrice: 40, active: false, updatedBy: 'ops-test' })
    expect(await refusal(convert(account.id, product.id))).toBe('not_in_catalogue')
    expect(await ledgerState(product.id, [account.id])).toEqual(before)

    await points.catalogue.put({ productId: product.id, pointPrice: 40, active: true, updatedBy: 'ops-test' })
    const served = await convert(account.id, product.id, 2)
    expect(served).toMatchObject({ quantity: 2, pointPrice: 40, points: 80, orderRef: `conversion-${served.id}`, actor: 'supporter-key' })
    expect(served.movements).toEqual([expect.objectContaining({ kind: 'order', quantity: 2, conversionId: served.id, orderRef: served.orderRef, reason: expect.stringContaining('80 points') })])
  })

  it('a retried Idempotency-Key gets the first conversion back, even raced and after the stock ran out; another request under it is refused', async () => {
    const product = await offeredProduct(10, [3])
    const account = await fundedAccount(100)
    // A sooner-expiring credit: the conversion spends it first, then part of the other.
    await points.ledger.credit({ accountId: account.id, points: 20, expiresAt: new Date(Date.now() + YEAR_MS) }, audit('campaign'))
    const key = uniqueId('idem')
    const retry = () => points.conversions.convert({ accountId: account.id, productId: product.id, quantity: 3, actor: 'supporter-key', requestId: uniqueId('req'), idempotencyKey: key })

    const outcomes = await Promise.all(Array.from({ length: 8 }, retry))
    expect(new Set(outcomes.map((c) => c.id)).size).toBe(1)
    expect(outcomes.filter((c) => !c.replayed)).toHaveLength(1)
    const first = outcomes.find((c) => !c.replayed)!
    expect(first.consumedCredits.map((c) => c.points)).toEqual([20, 10])
    // The stock is gone now: a retry still answers with what it bought.
    const later = await retry()
    expect(later).toEqual({ ...first, replayed: true })
    expect(await ledgerState(product.id, [account.id])).toMatchObject({ reserved: 3, conversions: 1, debited: 30 })

    await expect(points.conversions.convert({ accountId: account.id, productId: product.id, quantity: 1, actor: 'supporter-key', requestId: null, idempotencyKey: key })).rejects.toMatchObject({
      reason: 'idempotency_key_reused',
      details: { conversionId: first.id },
    })
    // Keys are per account: another supporter's same key is a conversion of their own.
    const other = await fundedAccount(100)
    await expect(points.conversions.convert({ accountId: other.id, productId: product.id, quantity: 1, actor: 'k', requestId: null, idempotencyKey: key })).rejects.toMatchObject({ reason: 'insufficient_stock' })
  })
})
