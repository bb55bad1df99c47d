import { afterAll, describe, expect, it } from 'vitest'
import { createPool } from '../../../platform/postgres/pool.js'
import { createStockServices, StockError } from '../../../platform/stock/index.js'
import { createInterventionStore } from '../../../platform/stores/intervention-store.js'
import { TEST_POSTGRES_URL, uniqueId } from '../../support/test-config.js'
import { audit, seedProducer, seedProduct, stockedLot } from './stock-fixtures.js'

const pool = createPool({ url: TEST_POSTGRES_URL, poolSize: 8 })
const stock = createStockServices(pool, { oilFraction: 0.16 })
const interventions = createInterventionStore(pool)
afterAll(() => pool.end())

const asOf = new Date()

/** The ledger, summed by kind with nothing derived: what every balance must equal. */
async function ledgerSums(productId: string) {
  const { rows } = await pool.query<{ onHand: number; reserved: number }>(
    `SELECT coalesce(sum(CASE kind WHEN 'receipt' THEN quantity WHEN 'return' THEN quantity WHEN 'adjustment' THEN quantity WHEN 'shipment' THEN -quantity ELSE 0 END), 0)::int AS "onHand",
            coalesce(sum(CASE kind WHEN 'reservation' THEN quantity WHEN 'order' THEN quantity WHEN 'release' THEN -quantity WHEN 'shipment' THEN -quantity ELSE 0 END), 0)::int AS reserved
     FROM stock_movements WHERE product_id = $1`,
    [productId],
  )
  return rows[0]!
}

describe('stock ledger', () => {
  it('turns a recorded harvest into one pending lot, whose confirmation makes it available stock', async () => {
    const producer = await seedProducer(pool, 'hive')
    const product = await seedProduct(stock, producer.partnerId, { receivesHarvests: true })
    const harvest = await interventions.add({
      partnerId: producer.partnerId,
      siteId: producer.siteId,
      deviceId: producer.deviceId,
      kind: 'harvest',
      // 23:30 UTC on 14 July is already 15 July in Brussels: the lot is dated by the site's day.
      occurredAt: new Date('2026-07-14T23:30:00Z'),
      kg: 18.5,
      notes: null,
      recordedBy: 'beekeeper',
    })
    const input = { id: harvest.id, partnerId: producer.partnerId, siteId: producer.siteId, kind: 'harvest' as const, occurredAt: harvest.occurredAt, kg: 18.5 }

    const results = await Promise.all(Array.from({ length: 5 }, () => stock.harvests.createLotFromHarvest(input, 'beekeeper', 'req-1')))
    expect(results.filter((r) => r.status === 'created')).toHaveLength(1)
    expect(new Set(results.map((r) => (r.status === 'no_product' ? null : r.lot.id))).size).toBe(1)
    const first = results.find((r) => r.status === 'created')!
    if (first.status !== 'created') throw new Error('unreachable')
    expect(first.lot).toMatchObject({ productId: product.id, status: 'pending', harvestedOn: '2026-07-15', estimatedKg: 18.5, estimatedUnits: 74, available: 0 })

    let [balance] = await stock.products.balances({ productIds: [product.id], asOf })
    expect(balance).toMatchObject({ onHand: 0, available: 0, pendingLots: 1, pendingUnits: 74 })

    const confirmed = await stock.lots.confirm(first.lot.id, { quantity: 71, bestBefore: '2028-07-15' }, audit('extracted and bottled: 71 jars'))
    expect(confirmed).toMatchObject({ status: 'confirmed', bestBefore: '2028-07-15', onHand: 71, available: 71, confirmedBy: 'ops-test' })
    ;[balance] = await stock.products.balances({ productIds: [product.id], asOf })
    expect(balance).toMatchObject({ onHand: 71, reserved: 0, available: 71, pendingLots: 0, pendingUnits: 0 })
    await expect(stock.lots.confirm(first.lot.id, { quantity: 71 }, audit())).rejects.toMatchObject({ kind: 'conflict' })
    expect((await stock.harvests.createLotFromHarvest(input)).status).toBe('exists')
  })

  it('stocks olive harvests as oil by the configured fraction, and leaves harvests without a product alone', async () => {
    const producer = await seedProducer(pool, 'grove')
    const harvest = (kg: number) =>
      interventions.add({ partnerId: producer.partnerId, siteId: producer.siteId, deviceId: null, kind: 'olive_harvest', occurredAt: new Date('2026-11-03T10:00:00Z'), kg, notes: null, recordedBy: 'grower' })
    const early = await harvest(1000)
    const input = (id: string, kg: number) => ({ id, partnerId: producer.partnerId, siteId: producer.siteId, kind: 'olive_harvest' as const, occurredAt: new Date('2026-11-03T10:00:00Z'), kg })
    expect(await stock.harvests.createLotFromHarvest(input(early.id, 1000))).toEqual({ status: 'no_product', productKind: 'olive_oil' })

    const oil = await seedProduct(stock, producer.partnerId, { id: uniqueId('oil'), name: 'Olive oil 500 ml', kind: 'olive_oil', unit: 'bottle 500 ml', unitKg: 0.46, receivesHarvests: true })
    const later = await harvest(1000)
    const result = await stock.harvests.createLotFromHarvest(input(later.id, 1000))
    // 1000 kg of fruit × 0.16 = 160 kg of oil = 347 full bottles of 0.46 kg.
    expect(result).toMatchObject({ status: 'created', lot: { productId: oil.id, estimatedKg: 1000, estimatedUnits: 347 } })
    await expect(seedProduct(stock, producer.partnerId, { kind: 'olive_oil', unitKg: 1, receivesHarvests: true })).rejects.toBeInstanceOf(StockError)
  })

  it('allocates orders earliest best-before first, ships and takes back by order, and refuses what the balances do not allow', async () => {
    const producer = await seedProducer(pool)
    const product = await seedProduct(stock, producer.partnerId)
    const late = await stockedLot(stock, product.id, 5, '2028-01-01')
    const soon = await stockedLot(stock, product.id, 3, '2027-01-01')
    const undated = await stockedLot(stock, product.id, 10)
    const orderRef = uniqueId('shop-order')

    const booked = await stock.movements.allocate({ productId: product.id, quantity: 6, kind: 'order', orderRef, at: asOf }, audit('web shop order'))
    expect(booked.map((m) => [m.lotId, m.quantity])).toEqual([
      [soon.id, 3],
      [late.id, 3],
    ])
    await expect(stock.movements.allocate({ productId: product.id, quantity: 13, kind: 'order', orderRef: 'too-big', at: asOf }, audit())).rejects.toThrow(
      '13 requested, 12 available',
    )

    await expect(stock.movements.record({ lotId: soon.id, kind: 'shipment', quantity: 4, orderRef }, audit())).rejects.toThrow(/3 reserved/)
    const shipped = await stock.movements.closeOrder(orderRef, 'shipment', audit('posted'))
    expect(shipped.map((m) => [m.lotId, m.kind, m.quantity])).toEqual([
      [late.id, 'shipment', 3],
      [soon.id, 'shipment', 3],
    ])
    await expect(stock.movements.closeOrder(orderRef, 'shipment', audit())).rejects.toMatchObject({ kind: 'conflict' })
    await stock.movements.record({ lotId: soon.id, kind: 'return', quantity: 1, orderRef }, audit('broken jar sent back'))
    await expect(stock.movements.record({ lotId: soon.id, kind: 'return', quantity: 3, orderRef }, audit())).rejects.toThrow(/2 shipped and not returned/)

    const hold = uniqueId('market-stall')
    await stock.movements.record({ lotId: undated.id, kind: 'reservation', quantity: 8, orderRef: hold }, audit('market on Saturday'))
    await expect(stock.movements.record({ lotId: undated.id, kind: 'adjustment', quantity: -3 }, audit())).rejects.toThrow(/only 2 can be written off/)
    await stock.movements.record({ lotId: undated.id, kind: 'adjustment', quantity: -2 }, audit('two jars broken in the store'))
    await stock.movements.closeOrder(hold, 'release', audit('market cancelled'))

    const [balance] = await stock.products.balances({ productIds: [product.id], asOf })
    // 18 received − 6 shipped + 1 returned − 2 written off; nothing reserved.
    expect(balance).toMatchObject({ onHand: 11, reserved: 0, available: 11 })
    expect(await ledgerSums(product.id)).toEqual({ onHand: balance!.onHand, reserved: balance!.reserved })
    expect((await stock.movements.history({ lotId: undated.id, limit: 10 })).map((m) => m.kind)).toEqual(['release', 'adjustment', 'reservation', 'receipt'])
  })

  it('keeps lots past their best-before date out of what is available', async () => {
    const producer = await seedProducer(pool)
    const product = await seedProduct(stock, producer.partnerId)
    await stockedLot(stock, product.id, 4, '2026-01-31')
    await stockedLot(stock, product.id, 6, '2026-03-31')
    const [balance] = await stock.products.balances({ productIds: [product.id], asOf: new Date('2026-02-01T00:00:00Z') })
    expect(balance).toMatchObject({ onHand: 10, available: 6, expiredUnits: 4 })
  })

  it('refuses, in the database, to change or remove ledger rows, and lets a lot change only by its confirmation', async () => {
    const producer = await seedProducer(pool)
    const product = await seedProduct(stock, producer.partnerId)
    const lot = await stockedLot(stock, product.id, 3)
    const client = await pool.connect()
    // Each attempt inside a transaction rolled back: were a guard missing, nothing would be lost.
    const attempt = async (sql: string) => {
      await client.query('BEGIN')
      try {
        await client.query(sql)
        return 'allowed'
      } catch (error) {
        return (error as Error).message
      } finally {
        await client.query('ROLLBACK')
      }
    }
    try {
      expect(await attempt(`UPDATE stock_movements SET quantity = 300 WHERE lot_id = ${lot.id}`)).toMatch(/stock_movements is append-only: UPDATE refused/)
      expect(await attempt(`DELETE FROM stock_movements WHERE lot_id = ${lot.id}`)).toMatch(/append-only: DELETE refused/)
      expect(await attempt('TRUNCATE stock_movements')).toMatch(/append-only: TRUNCATE refused/)
      expect(await attempt(`UPDATE stock_lots SET harvested_on = '2020-01-01' WHERE id = ${lot.id}`)).toMatch(/may only be confirmed once/)
      expect(await attempt(`UPDATE stock_lots SET status = 'pending', confirmed_at = NULL, confirmed_by = NULL WHERE id = ${lot.id}`)).toMatch(/may only be confirmed once/)
      expect(await attempt(`DELETE FROM stock_lots WHERE id = ${lot.id}`)).toMatch(/append-only: DELETE refused/)
    } finally {
      client.release()
    }
    expect((await stock.lots.get(lot.id))!.onHand).toBe(3)
  })
})
