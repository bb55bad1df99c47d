import { afterAll, describe, expect, it } from 'vitest'
import { createPool } from '../../../platform/postgres/pool.js'
import { createStockServices, type Product } from '../../../platform/stock/index.js'
import { createInterventionStore } from '../../../platform/stores/intervention-store.js'
import { createYieldStore } from '../../../platform/stores/yield-store.js'
import type { HoneyEstimate } from '../../../platform/yield/estimates.js'
import { TEST_POSTGRES_URL, uniqueId } from '../../support/test-config.js'
import { audit, seedProducer, seedProduct, stockedLot } from './stock-fixtures.js'

const pool = createPool({ url: TEST_POSTGRES_URL, poolSize: 8 })
const stock = createStockServices(pool, { demandWindowDays: 30, horizonDays: 90, minCoverDays: 21 })
const interventions = createInterventionStore(pool)
const yields = createYieldStore(pool)
afterAll(() => pool.end())

const NOW = new Date('2026-06-15T12:00:00Z')
const DAY_MS = 86_400_000

/** 10 units a day over the 30 days before NOW, as shop orders. */
async function steadyDemand(product: Product) {
  for (let day = 1; day <= 30; day++) {
    await stock.movements.allocate(
      { productId: product.id, quantity: 10, kind: 'order', orderRef: uniqueId('order'), at: new Date(NOW.getTime() - day * DAY_MS) },
      audit('shop order'),
    )
  }
}

function honeyForecast(partnerId: string, estimate: Pick<HoneyEstimate, 'seasonToDateKg' | 'harvestableKg'> & { expectedSeasonKg: number }) {
  const full: HoneyEstimate = {
    seasonStart: '2026-03-01',
    seasonEnd: '2026-09-30',
    asOfDay: '2026-06-14',
    seasonToDateKg: estimate.seasonToDateKg,
    harvestableKg: estimate.harvestableKg,
    colonyLossKg: 0,
    flowActive: true,
    forecast: { expectedSeasonKg: estimate.expectedSeasonKg, lowKg: 0, highKg: 0, level: 0.8 },
    hives: 4,
  }
  return yields.addEstimate({
    scope: 'partner',
    scopeId: partnerId,
    partnerId,
    product: 'honey',
    season: '2026',
    modelVersion: 'test',
    inputsFrom: new Date('2026-03-01T00:00:00Z'),
    inputsTo: NOW,
    estimate: full as unknown as Record<string, unknown>,
  })
}

describe('projected availability and stock cover', () => {
  it('follows a harvest to available stock, and reports a stock-out risk when demand outruns the forecast production', async () => {
    const producer = await seedProducer(pool, 'hive')
    const honey = await seedProduct(stock, producer.partnerId, { receivesHarvests: true })
    const harvest = await interventions.add({
      partnerId: producer.partnerId,
      siteId: producer.siteId,
      deviceId: producer.deviceId,
      kind: 'harvest',
      occurredAt: new Date('2026-04-30T09:00:00Z'),
      kg: 90,
      notes: null,
      recordedBy: 'beekeeper',
    })
    const created = await stock.harvests.createLotFromHarvest({ ...harvest, kind: 'harvest', kg: 90 })
    if (created.status !== 'created') throw new Error(`no lot: ${created.status}`)
    expect(created.lot).toMatchObject({ status: 'pending', estimatedUnits: 360, available: 0 })
    const lot = await stock.lots.confirm(created.lot.id, { quantity: 340, occurredAt: new Date('2026-05-01T09:00:00Z') }, audit('bottled'))
    expect(lot).toMatchObject({ status: 'confirmed', available: 340 })

    await steadyDemand(honey)
    // Still to come: 2.5 kg ready in the hives + (100 − 90) kg the season should still give = 12.5 kg = 50 jars.
    await honeyForecast(producer.partnerId, { seasonToDateKg: 90, harvestableKg: 2.5, expectedSeasonKg: 100 })

    const [projection] = await stock.projection.projectedAvailability(NOW, producer.partnerId)
    expect(projection).toMatchObject({ productId: honey.id, available: 40, pendingUnits: 0, forecastUnits: 50, dailyDemand: 10, projectedUnits: 90 - 900, coverDays: 4, projectedCoverDays: 9 })

    const findings = (await stock.projection.checkStockCover(NOW)).filter((f) => f.partnerId === producer.partnerId)
    expect(findings).toEqual([
      {
        productId: honey.id,
        partnerId: producer.partnerId,
        kind: 'stock_out_risk',
        coverDays: 9,
        evidence: expect.objectContaining({ availableUnits: 40, forecastUnits: 50, dailyDemand: 10, thresholdDays: 21 }),
      },
    ])
  })

  it('asks to replenish when pending lots would cover, and is silent for covered products and the product’s own threshold', async () => {
    const producer = await seedProducer(pool)
    const short = await seedProduct(stock, producer.partnerId)
    const covered = await seedProduct(stock, producer.partnerId)
    const patient = await seedProduct(stock, producer.partnerId, { minCoverDays: 3 })
    for (const [product, units] of [
      [short, 340],
      [covered, 600],
      [patient, 340],
    ] as const) {
      await stockedLot(stock, product.id, units)
      await steadyDemand(product)
    }
    await stock.lots.create({ productId: short.id, harvestedOn: '2026-06-10', estimatedUnits: 400 }, audit('batch on its way'))

    const findings = (await stock.projection.checkStockCover(NOW)).filter((f) => f.partnerId === producer.partnerId)
    expect(findings.map((f) => [f.productId, f.kind, f.coverDays])).toEqual([[short.id, 'replenish', 4]])
  })
})

describe('stock KPIs', () => {
  it('measures availability, stock-out days, returns and order-to-shipment times over UTC days', async () => {
    const producer = await seedProducer(pool)
    const product = await seedProduct(stock, producer.partnerId)
    const other = await seedProduct(stock, producer.partnerId)
    const at = (iso: string) => new Date(iso)
    // The other product's only lot is sellable on 1 and 2 March, out of date from the 3rd.
    const dated = await stock.lots.create({ productId: other.id, harvestedOn: '2026-02-20', bestBefore: '2026-03-02' }, audit())
    await stock.lots.confirm(dated.id, { quantity: 1, occurredAt: at('2026-03-01T09:00:00Z') }, audit())
    const lot = await stock.lots.create({ productId: product.id, harvestedOn: '2026-02-20' }, audit())
    await stock.lots.confirm(lot.id, { quantity: 10, occurredAt: at('2026-03-01T08:00:00Z') }, audit())
    await stock.movements.allocate({ productId: product.id, quantity: 4, kind: 'order', orderRef: uniqueId('a'), at: at('2026-03-01T10:00:00Z') }, audit())
    const [a] = await stock.movements.history({ productId: product.id, limit: 1 })
    await stock.movements.allocate({ productId: product.id, quantity: 6, kind: 'order', orderRef: uniqueId('b'), at: at('2026-03-02T10:00:00Z') }, audit())
    const [b] = await stock.movements.history({ productId: product.id, limit: 1 })
    await stock.movements.closeOrder(a!.orderRef!, 'shipment', audit(), at('2026-03-02T10:00:00Z'))
    await stock.movements.closeOrder(b!.orderRef!, 'shipment', audit(), at('2026-03-03T04:00:00Z'))
    await stock.movements.record({ lotId: lot.id, kind: 'return', quantity: 1, orderRef: a!.orderRef!, occurredAt: at('2026-03-03T12:00:00Z') }, audit('returned'))

    const kpis = await stock.kpis.kpis({ from: '2026-03-01', to: '2026-03-04', partnerId: producer.partnerId })
    expect(kpis).toMatchObject({
      products: 2,
      // at the end of the window the product has the returned unit; the other one's lot is out of date
      availability: 0.5,
      shippedUnits: 10,
      returnedUnits: 1,
      returnsRate: 0.1,
      // 24 h and 18 h from order to shipment
      ordersShipped: 2,
      shippingHoursP50: 21,
      shippingHoursP95: 23.7,
    })
    // Six product-days from the first receipts; empty at the end of: the product on the 2nd, the other on the 3rd.
    expect(kpis).toMatchObject({ productDays: 6, stockOutDays: 2 })
    expect(kpis.stockOutRate).toBeCloseTo(2 / 6)
  })
})
