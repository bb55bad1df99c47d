import { afterAll, describe, expect, it } from 'vitest'
import type { AlertEvent } from '../../platform/alerts/alert-event.js'
import { createLogger } from '../../platform/logger.js'
import { createPool } from '../../platform/postgres/pool.js'
import { createStockServices } from '../../platform/stock/index.js'
import { createAlertStore } from '../../platform/stores/alert-store.js'
import { createYieldStore } from '../../platform/stores/yield-store.js'
import { createLedgerDuties } from '../../processors/ledger-duties.js'
import { audit, seedProducer, seedProduct, stockedLot } from '../platform/stock/stock-fixtures.js'
import { TEST_POSTGRES_URL, testConfig, uniqueId } from '../support/test-config.js'

const pool = createPool({ url: TEST_POSTGRES_URL, poolSize: 4 })
const config = testConfig()
const stock = createStockServices(pool, { minCoverDays: config.MTC_STOCK_MIN_COVER_DAYS })
const alerts = createAlertStore(pool)
afterAll(() => pool.end())

const NOW = Date.parse('2026-06-15T12:00:00Z')
const DAY_MS = 86_400_000

describe('daily stock and points duties', () => {
  it('raises one stock-out alert while demand outruns stock and forecast, and resolves it when cover is back', async () => {
    const producer = await seedProducer(pool, 'hive')
    const honey = await seedProduct(stock, producer.partnerId, { receivesHarvests: true })
    await stockedLot(stock, honey.id, 340)
    for (let day = 1; day <= 30; day++) {
      await stock.movements.allocate({ productId: honey.id, quantity: 10, kind: 'order', orderRef: uniqueId('order'), at: new Date(NOW - day * DAY_MS) }, audit('shop order'))
    }
    await createYieldStore(pool).addEstimate({
      scope: 'partner',
      scopeId: producer.partnerId,
      partnerId: producer.partnerId,
      product: 'honey',
      season: '2026',
      modelVersion: 'test',
      inputsFrom: new Date('2026-03-01T00:00:00Z'),
      inputsTo: new Date(NOW),
      estimate: { seasonStart: '2026-03-01', seasonEnd: '2026-09-30', asOfDay: '2026-06-14', seasonToDateKg: 90, harvestableKg: 2.5, colonyLossKg: 0, flowActive: true, forecast: { expectedSeasonKg: 100, lowKg: 90, highKg: 110, level: 0.8 }, hives: 4 },
    })
    const published: AlertEvent[] = []
    const duties = createLedgerDuties(pool, config, createLogger('silent', 'test'), alerts, (e) => published.push(e))

    await duties(NOW)
    await duties(NOW + 60_000)
    const open = await alerts.list({ rule: 'stock.stock_out_risk', status: 'active', partnerId: producer.partnerId, limit: 10 })
    expect(open).toHaveLength(1)
    expect(open[0]).toMatchObject({ productId: honey.id, deviceId: null, severity: 'critical', evidence: expect.objectContaining({ thresholdDays: 21 }) })
    expect(published.filter((e) => e.alert.productId === honey.id).map((e) => e.type)).toEqual(['opened'])

    // A big lot arrives: cover is back, the alert resolves.
    await stockedLot(stock, honey.id, 5000)
    await duties(NOW + 120_000)
    expect(await alerts.list({ rule: 'stock.stock_out_risk', status: 'active', partnerId: producer.partnerId, limit: 10 })).toHaveLength(0)
    expect(published.filter((e) => e.alert.productId === honey.id).map((e) => e.type)).toEqual(['opened', 'resolved'])
  })
})
