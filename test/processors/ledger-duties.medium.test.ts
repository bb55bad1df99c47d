import { afterAll, describe, expect, it } from 'vitest'
import type { AlertEvent } from '../../platform/alerts/alert-event.js'
import { createLogger } from '../../platform/logger.js'
import { createPointsNotices, pointsExpiryEventId, verifyWebhookSignature } from '../../platform/notifications/index.js'
import { createPointsServices } from '../../platform/points/index.js'
import { createPool } from '../../platform/postgres/pool.js'
import { newSecret } from '../../platform/secrets.js'
import { createStockServices } from '../../platform/stock/index.js'
import { createAlertStore } from '../../platform/stores/alert-store.js'
import { createYieldStore } from '../../platform/stores/yield-store.js'
import { createLedgerDuties } from '../../processors/ledger-duties.js'
import { startNotificationPipeline } from '../platform/notifications/notification-pipeline.js'
import { startWebhookReceiver, waitFor } from '../platform/notifications/webhook-receiver.js'
import { audit, seedProducer, seedProduct, stockedLot } from '../platform/stock/stock-fixtures.js'
import { TEST_POSTGRES_URL, testConfig, uniqueId } from '../support/test-config.js'

const pool = createPool({ url: TEST_POSTGRES_URL, poolSize: 4 })
const config = testConfig({ MTC_ALERT_EVENTS_CHANNEL: uniqueId('alert-events'), MTC_NOTIFY_QUEUE_NAME: uniqueId('notifications'), MTC_WEBHOOK_BACKOFF_MS: '50' })
const logger = createLogger('silent', 'test')
const stock = createStockServices(pool, { minCoverDays: config.MTC_STOCK_MIN_COVER_DAYS })
const alerts = createAlertStore(pool)
afterAll(() => pool.end())

/** Stands in for the notifications queue while Redis is away. */
const unreachableQueue = { addBulk: () => Promise.reject(new Error('Connection is closed.')) } as const

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
    const pointsNotices = createPointsNotices({ pool, queue: { addBulk: () => Promise.resolve([]) } })
    const duties = createLedgerDuties({ pool, config, logger, alerts, publish: (e) => published.push(e), pointsNotices })

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

describe('points expiry warnings', () => {
  const DAY = 86_400_000

  it('reach the points webhooks once per credit, signed; a run that could not enqueue is completed by the next', async () => {
    const pipeline = await startNotificationPipeline(config, pool)
    const platform = await startWebhookReceiver()
    const alertsOnly = await startWebhookReceiver()
    const secret = `whsec_${newSecret()}`
    const pointsHook = await pipeline.webhooks.create({ topic: 'points', partnerId: null, url: platform.url, secret, minSeverity: 'info', rules: null })
    const alertHook = await pipeline.webhooks.create({ partnerId: null, url: alertsOnly.url, secret, minSeverity: 'info', rules: null })
    try {
      // Relative to the real clock: the expiry job is global, and other test files' credits expire years ahead.
      const now = Date.now()
      const points = createPointsServices(pool)
      const account = await points.accounts.create({ id: uniqueId('supporter'), displayName: 'Ana', createdBy: 'ops-test' })
      const soon = await points.ledger.credit({ accountId: account.id, points: 120, expiresAt: new Date(now + 30 * DAY) }, audit('campaign'))
      const later = await points.ledger.credit({ accountId: account.id, points: 80, expiresAt: new Date(now + 90 * DAY) }, audit('campaign'))

      // Redis away: the warning is made (once, for good) but its delivery waits, pending.
      const offline = createLedgerDuties({ pool, config, logger, alerts, publish: () => undefined, pointsNotices: createPointsNotices({ pool, queue: unreachableQueue }) })
      expect(await offline(now)).toMatchObject({ noticesEnqueued: 0 })
      const [pending] = (await pipeline.webhooks.listDeliveries(pointsHook.id, { limit: 1000 })).filter((d) => d.creditId === soon.id)
      expect(pending).toMatchObject({ status: 'pending', eventType: 'points.expiry_warning', alertId: null })

      const duties = createLedgerDuties({ pool, config, logger, alerts, publish: () => undefined, pointsNotices: createPointsNotices({ pool, queue: pipeline.queue }) })
      await duties(now + 60_000)
      await duties(now + 120_000)
      const { rows: warnings } = await pool.query<{ warnedAt: Date }>('SELECT warned_at AS "warnedAt" FROM points_expiry_warnings WHERE account_id = $1', [account.id])
      expect(warnings).toHaveLength(1)

      const eventId = pointsExpiryEventId(soon.id)
      await waitFor(() => platform.requestsFor(eventId).length > 0)
      await new Promise((resolve) => setTimeout(resolve, 300))
      const requests = platform.requestsFor(eventId)
      expect(requests).toHaveLength(1)
      const { headers, body } = requests[0]!
      expect(verifyWebhookSignature(secret, headers['x-mtc-timestamp'] as string, body, headers['x-mtc-signature'] as string, 300)).toBe(true)
      expect(JSON.parse(body)).toEqual({
        type: 'points.expiry_warning',
        account: { id: account.id, displayName: 'Ana' },
        credit: { id: soon.id, points: 120, expiresAt: new Date(now + 30 * DAY).toISOString() },
        warnedAt: warnings[0]!.warnedAt.toISOString(),
      })
      expect(platform.requestsFor(pointsExpiryEventId(later.id))).toHaveLength(0)
      expect(alertsOnly.requestsFor(eventId)).toHaveLength(0)
      await waitFor(async () => (await pipeline.webhooks.listDeliveries(pointsHook.id, { limit: 1000 })).some((d) => d.creditId === soon.id && d.status === 'delivered'))
    } finally {
      await pool.query('DELETE FROM webhooks WHERE id = ANY($1::bigint[])', [[pointsHook.id, alertHook.id]])
      await pipeline.close()
      await Promise.all([platform.close(), alertsOnly.close()])
    }
  })
})
