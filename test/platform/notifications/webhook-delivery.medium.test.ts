import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AlertEvent } from '../../../platform/alerts/alert-event.js'
import { alertEventId } from '../../../platform/notifications/alert-event-codec.js'
import { DELIVER_JOB, deliverJobId } from '../../../platform/notifications/notifications-queue.js'
import { verifyWebhookSignature } from '../../../platform/notifications/webhook-signature.js'
import type { NewWebhook, WebhookDelivery } from '../../../platform/notifications/webhook-store.js'
import { createPool } from '../../../platform/postgres/pool.js'
import { newSecret } from '../../../platform/secrets.js'
import { provisionPartner } from '../../support/provisioning.js'
import { TEST_POSTGRES_URL, testConfig, uniqueId } from '../../support/test-config.js'
import { alertEvent } from './alert-event-fixture.js'
import { startNotificationPipeline } from './notification-pipeline.js'
import { startWebhookReceiver, waitFor, type WebhookReceiver } from './webhook-receiver.js'

const config = testConfig({
  MTC_ALERT_EVENTS_CHANNEL: uniqueId('alert-events'),
  MTC_NOTIFY_QUEUE_NAME: uniqueId('notifications'),
  MTC_WEBHOOK_ATTEMPTS: '3',
  MTC_WEBHOOK_BACKOFF_MS: '50',
  MTC_WEBHOOK_TIMEOUT_MS: '300',
})

describe('webhook notifications (bus → fan-out → signed delivery)', () => {
  let pool: pg.Pool
  let pipeline: Awaited<ReturnType<typeof startNotificationPipeline>>
  let partnerA: string
  let partnerB: string
  const receivers: WebhookReceiver[] = []
  const created: string[] = []

  async function receiver(answer?: (attempt: number) => number | null) {
    const r = await startWebhookReceiver(answer)
    receivers.push(r)
    return r
  }

  async function webhook(url: string, fields: Partial<NewWebhook> = {}) {
    const secret = `whsec_${newSecret()}`
    const hook = await pipeline.webhooks.create({ partnerId: partnerA, minSeverity: 'warning', rules: null, ...fields, url, secret })
    created.push(hook.id)
    return { ...hook, secret }
  }

  async function delivery(webhookId: string, event: AlertEvent): Promise<WebhookDelivery | undefined> {
    const rows = await pipeline.webhooks.listDeliveries(webhookId, { limit: 1000 })
    return rows.find((d) => d.eventId === alertEventId(event))
  }

  async function settled(webhookId: string, event: AlertEvent): Promise<WebhookDelivery> {
    await waitFor(async () => ['delivered', 'failed'].includes((await delivery(webhookId, event))?.status ?? ''))
    return (await delivery(webhookId, event))!
  }

  beforeAll(async () => {
    pool = createPool({ url: TEST_POSTGRES_URL, poolSize: 4 })
    partnerA = (await provisionPartner(pool, { hive: 1 }))[0]!.partnerId
    partnerB = (await provisionPartner(pool, { hive: 1 }))[0]!.partnerId
    pipeline = await startNotificationPipeline(config, pool)
  })
  afterAll(async () => {
    await pipeline?.close()
    // Ops-wide webhooks match every test's events: leave none behind.
    await pool?.query('DELETE FROM webhooks WHERE id = ANY($1::bigint[])', [created])
    await Promise.all(receivers.map((r) => r.close()))
    await pool?.end()
  })

  it('POSTs the event signed: the receiver verifies signature and timestamp', async () => {
    const r = await receiver()
    const hook = await webhook(r.url)
    const event = alertEvent({ partnerId: partnerA })
    pipeline.publisher.publish(event)

    const row = await settled(hook.id, event)
    expect(row).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 200, eventType: 'opened', alertId: event.alert.id })
    const [request] = r.requestsFor(alertEventId(event))
    expect(request!.headers['content-type']).toBe('application/json')
    const timestamp = request!.headers['x-mtc-timestamp'] as string
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(10)
    expect(verifyWebhookSignature(hook.secret, timestamp, request!.body, request!.headers['x-mtc-signature'] as string, 300)).toBe(true)
    expect(verifyWebhookSignature('whsec_wrong', timestamp, request!.body, request!.headers['x-mtc-signature'] as string, 300)).toBe(false)
    expect(JSON.parse(request!.body)).toEqual({ type: event.type, alert: event.alert, actor: event.actor, comment: event.comment, at: event.at })
  })

  it('retries a failing receiver with backoff and delivers once; a re-published event is not sent again', async () => {
    const r = await receiver((attempt) => (attempt <= 2 ? 500 : 200))
    const hook = await webhook(r.url)
    const event = alertEvent({ partnerId: partnerA })
    pipeline.publisher.publish(event)

    const row = await settled(hook.id, event)
    expect(row).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 200 })
    expect(r.requestsFor(alertEventId(event)).map((q) => q.answeredWith)).toEqual([500, 500, 200])
    // Each attempt is signed afresh (its own timestamp), so a retry is never outside the receiver's window.
    for (const q of r.requestsFor(alertEventId(event))) {
      expect(verifyWebhookSignature(hook.secret, q.headers['x-mtc-timestamp'] as string, q.body, q.headers['x-mtc-signature'] as string, 300)).toBe(true)
    }

    pipeline.publisher.publish(event)
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(r.requestsFor(alertEventId(event))).toHaveLength(3)
    expect((await pipeline.webhooks.listDeliveries(hook.id, { limit: 10 })).length).toBe(1)
  })

  it('ends a delivery failed, with its reason, once the attempts are spent; the metric counts it', async () => {
    const r = await receiver(() => 500)
    const hook = await webhook(r.url)
    const event = alertEvent({ partnerId: partnerA })
    pipeline.publisher.publish(event)

    const row = await settled(hook.id, event)
    expect(row).toMatchObject({ status: 'failed', attempts: 3, lastStatusCode: 500, lastError: 'HTTP 500 Internal Server Error', deliveredAt: null })
    expect(row.failedAt).toBeInstanceOf(Date)
    expect(r.requestsFor(alertEventId(event))).toHaveLength(3)
    const failed = (await pipeline.metrics.webhookDeliveries.get()).values.find((v) => v.labels.outcome === 'failed')
    expect(failed?.value).toBeGreaterThanOrEqual(1)
  })

  it('gives up at once on 410 Gone', async () => {
    const r = await receiver(() => 410)
    const hook = await webhook(r.url)
    const event = alertEvent({ partnerId: partnerA })
    pipeline.publisher.publish(event)

    const row = await settled(hook.id, event)
    expect(row).toMatchObject({ status: 'failed', attempts: 1, lastStatusCode: 410 })
    expect(row.lastError).toMatch(/410 Gone.*permanent/)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(r.requestsFor(alertEventId(event))).toHaveLength(1)
  })

  it('retries a receiver that does not answer in time, and one that refuses connections', async () => {
    const hung = await receiver((attempt) => (attempt === 1 ? null : 204))
    const slowHook = await webhook(hung.url)
    const closed = await receiver()
    await closed.close()
    const closedHook = await webhook(closed.url)
    const event = alertEvent({ partnerId: partnerA })
    pipeline.publisher.publish(event)

    expect(await settled(slowHook.id, event)).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 204 })
    expect(await settled(closedHook.id, event)).toMatchObject({ status: 'failed', attempts: 3, lastStatusCode: null, lastError: 'ECONNREFUSED' })
    const timeouts = (await pipeline.metrics.webhookAttemptFailures.get()).values.find((v) => v.labels.kind === 'timeout')
    expect(timeouts?.value).toBeGreaterThanOrEqual(1)
  })

  it('sends nothing for a delivery whose webhook was disabled after the fan-out, and says why', async () => {
    const r = await receiver()
    const hook = await webhook(r.url)
    const event = alertEvent({ partnerId: partnerA })
    const eventId = alertEventId(event)
    // As a fan-out would leave it, then the webhook is switched off before the delivery runs.
    await pipeline.webhooks.addDeliveries([hook.id], eventId, event)
    await pool.query('UPDATE webhooks SET enabled = false WHERE id = $1', [hook.id])
    await pipeline.queue.add(DELIVER_JOB, { webhookId: hook.id, eventId, payload: event }, { jobId: deliverJobId(hook.id, eventId) })

    expect(await settled(hook.id, event)).toMatchObject({ status: 'failed', attempts: 0, lastError: 'webhook disabled' })
    expect(r.requestsFor(eventId)).toEqual([])
  })

  it("sends a partner's alerts to its own webhooks and the ops ones, never to another partner's", async () => {
    const r = await receiver()
    const aWarning = await webhook(r.url, { partnerId: partnerA, minSeverity: 'warning' })
    const aInfo = await webhook(r.url, { partnerId: partnerA, minSeverity: 'info' })
    const aFrostOnly = await webhook(r.url, { partnerId: partnerA, minSeverity: 'info', rules: ['grove.frost'] })
    const bWarning = await webhook(r.url, { partnerId: partnerB, minSeverity: 'warning' })
    const opsCritical = await webhook(r.url, { partnerId: null, minSeverity: 'critical' })

    const aWarn = alertEvent({ partnerId: partnerA, severity: 'warning', rule: 'hive.swarm' })
    const aInspection = alertEvent({ partnerId: partnerA, severity: 'info', rule: 'hive.manipulation' })
    const bCritical = alertEvent({ partnerId: partnerB, severity: 'critical', rule: 'hive.theft' })
    for (const event of [aWarn, aInspection, bCritical]) pipeline.publisher.publish(event)

    // Delivery rows are written by the fan-out before any POST: once the expected ones have
    // settled, a missing row is a webhook that was not matched.
    const expected = [
      [aWarning, aWarn],
      [aInfo, aWarn],
      [aInfo, aInspection],
      [bWarning, bCritical],
      [opsCritical, bCritical],
    ] as const
    for (const [hook, event] of expected) expect((await settled(hook.id, event)).status).toBe('delivered')

    const unexpected = [
      [aWarning, aInspection],
      [aWarning, bCritical],
      [aInfo, bCritical],
      [aFrostOnly, aWarn],
      [aFrostOnly, aInspection],
      [bWarning, aWarn],
      [bWarning, aInspection],
      [opsCritical, aWarn],
    ] as const
    for (const [hook, event] of unexpected) expect(await delivery(hook.id, event)).toBeUndefined()
    expect(r.requestsFor(alertEventId(bCritical))).toHaveLength(2)
    for (const q of r.requestsFor(alertEventId(bCritical))) expect(JSON.parse(q.body).alert.partnerId).toBe(partnerB)
  })
})
