import { once } from 'node:events'
import { get } from 'node:http'
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AlertEvent } from '../../platform/alerts/alert-event.js'
import { alertEventId } from '../../platform/notifications/alert-event-codec.js'
import { createPool } from '../../platform/postgres/pool.js'
import { alertEvent } from '../platform/notifications/alert-event-fixture.js'
import { startNotificationPipeline } from '../platform/notifications/notification-pipeline.js'
import { startWebhookReceiver, waitFor, type WebhookReceiver } from '../platform/notifications/webhook-receiver.js'
import { uniqueId } from '../support/test-config.js'
import { bearer, seedPartner, startApi, type ApiHarness, type SeededPartner } from './api-harness.js'

const env = {
  MTC_ALERT_EVENTS_CHANNEL: uniqueId('alert-events'),
  MTC_NOTIFY_QUEUE_NAME: uniqueId('notifications'),
  MTC_WEBHOOK_ATTEMPTS: '2',
  MTC_WEBHOOK_BACKOFF_MS: '20',
  MTC_WEBHOOK_TIMEOUT_MS: '1000',
}

interface StreamedEvent {
  id: string
  event: string
  data: string
}

describe('webhook and alert-stream routes', () => {
  let h: ApiHarness
  let pipeline: Awaited<ReturnType<typeof startNotificationPipeline>>
  let baseUrl: string
  let alpha: SeededPartner
  let beta: SeededPartner
  let failing: WebhookReceiver
  let apiClosed = false
  let pool: pg.Pool
  const ops = () => bearer(h.opsKey)

  /**
   * An SSE client as a dashboard would write it with fetch, reading the body as it streams. It is
   * left open: aborting a fetch makes undici open a spare connection that holds server.close() for
   * seconds, so streams here end when the API closes them, and a departing client is node:http.
   */
  async function openStream(key: string) {
    const response = await fetch(`${baseUrl}/v1/alerts/stream`, { headers: bearer(key) })
    const events: StreamedEvent[] = []
    let raw = ''
    const ended = (async () => {
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
      for (;;) {
        const { value, done } = await reader.read()
        if (done) return
        raw += value
        let end: number
        while ((end = raw.indexOf('\n\n')) >= 0) {
          const block = raw.slice(0, end)
          raw = raw.slice(end + 2)
          const fields = Object.fromEntries(
            block
              .split('\n')
              .filter((line) => !line.startsWith(':'))
              .map((line) => [line.slice(0, line.indexOf(': ')), line.slice(line.indexOf(': ') + 2)]),
          )
          if (fields.event) events.push(fields as unknown as StreamedEvent)
        }
      }
    })()
    return {
      response,
      events,
      alertIds: () => events.map((e) => (JSON.parse(e.data) as AlertEvent).alert.id),
      /** Resolves when the server ends the stream. */
      ended,
    }
  }

  async function streamClients(): Promise<number> {
    return (await h.alertEvents.metrics.streamClients.get()).values[0]?.value ?? 0
  }

  beforeAll(async () => {
    // The API listens, for streaming clients; the processors' side of notifications runs beside it
    // on the same bus channel and queue.
    h = await startApi(env)
    await h.app.listen({ host: '127.0.0.1', port: 0 })
    baseUrl = `http://127.0.0.1:${(h.app.server.address() as { port: number }).port}`
    pool = createPool({ url: h.config.MTC_POSTGRES_URL, poolSize: 4 })
    pipeline = await startNotificationPipeline(h.config, pool)
    alpha = await seedPartner(h)
    beta = await seedPartner(h)
    failing = await startWebhookReceiver(() => 500)
  })
  afterAll(async () => {
    if (!apiClosed) await h?.close()
    await pipeline?.close()
    // An ops-wide webhook left behind would receive every later test's events.
    await pool?.query('DELETE FROM webhooks WHERE url = $1 OR partner_id = ANY($2)', [failing.url, [alpha.partnerId, beta.partnerId]])
    await failing?.close()
    await pool?.end()
  })

  describe('webhooks', () => {
    it("registers a partner's webhook with its key and shows the secret once", async () => {
      const created = await h.app.inject({
        method: 'POST',
        url: '/v1/webhooks',
        headers: bearer(alpha.key),
        payload: { url: 'https://hooks.example.org/mtc', rules: ['hive.swarm', 'hive.swarm', 'hive.theft'] },
      })
      expect(created.statusCode).toBe(201)
      expect(created.headers['cache-control']).toBe('no-store')
      const body = created.json()
      expect(body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/)
      expect(body.webhook).toMatchObject({ partnerId: alpha.partnerId, minSeverity: 'warning', rules: ['hive.swarm', 'hive.theft'], enabled: true })

      const listed = await h.app.inject({ url: '/v1/webhooks', headers: bearer(alpha.key) })
      expect(listed.json().webhooks).toEqual([body.webhook])
      expect(listed.body).not.toContain(body.secret)
    })

    it('lets ops register ops-wide and any partner; a partner only its own', async () => {
      const opsWide = await h.app.inject({ method: 'POST', url: '/v1/webhooks', headers: ops(), payload: { url: failing.url, minSeverity: 'critical' } })
      expect(opsWide.statusCode).toBe(201)
      expect(opsWide.json().webhook.partnerId).toBeNull()
      const forBeta = await h.app.inject({ method: 'POST', url: '/v1/webhooks', headers: ops(), payload: { url: 'https://b.example.org/', partnerId: beta.partnerId } })
      expect(forBeta.json().webhook.partnerId).toBe(beta.partnerId)

      const foreign = await h.app.inject({ method: 'POST', url: '/v1/webhooks', headers: bearer(alpha.key), payload: { url: 'https://a.example.org/', partnerId: beta.partnerId } })
      expect(foreign.statusCode).toBe(403)

      const betaSees = (await h.app.inject({ url: '/v1/webhooks', headers: bearer(beta.key) })).json().webhooks
      expect(betaSees.map((w: { partnerId: string }) => w.partnerId)).toEqual([beta.partnerId])
      const opsSees = (await h.app.inject({ url: '/v1/webhooks', headers: ops() })).json().webhooks.map((w: { id: string }) => w.id)
      expect(opsSees).toEqual(expect.arrayContaining([opsWide.json().webhook.id, forBeta.json().webhook.id]))
    })

    it('answers 4xx naming the field', async () => {
      const post = (payload: object, key = h.opsKey) => h.app.inject({ method: 'POST', url: '/v1/webhooks', headers: bearer(key), payload })
      const cases: [object, RegExp][] = [
        [{}, /body\/url is required/],
        [{ url: 'not a url' }, /body\/url/],
        [{ url: 'ftp://files.example.org/' }, /body\/url must be an http or https URL/],
        [{ url: 'mailto:ops@example.org' }, /body\/url must be an http or https URL/],
        [{ url: 'https://x.example.org/', minSeverity: 'loud' }, /body\/minSeverity must be one of info, warning, critical/],
        [{ url: 'https://x.example.org/', rules: ['hive.dragon'] }, /body\/rules\/0 must be one of/],
        [{ url: 'https://x.example.org/', partnerId: 'no-such-partner' }, /body\/partnerId names no partner/],
      ]
      for (const [payload, message] of cases) {
        const response = await post(payload)
        expect(response.statusCode, JSON.stringify(payload)).toBe(400)
        expect(response.json().message).toMatch(message)
      }
    })

    it('lets ops register a points webhook (every supporter notice, no partner, no rules); partners may not', async () => {
      const post = (payload: object, key = h.opsKey) => h.app.inject({ method: 'POST', url: '/v1/webhooks', headers: bearer(key), payload })
      const created = await post({ topic: 'points', url: 'https://platform.example.org/hooks/points', minSeverity: 'info' })
      expect(created.statusCode).toBe(201)
      expect(created.json().webhook).toMatchObject({ topic: 'points', partnerId: null, rules: null })
      await h.pool.query('DELETE FROM webhooks WHERE id = $1', [created.json().webhook.id])

      expect((await post({ topic: 'points', url: 'https://a.example.org/' }, alpha.key)).statusCode).toBe(403)
      const cases: [object, RegExp][] = [
        [{ topic: 'points', url: 'https://x.example.org/', partnerId: alpha.partnerId }, /body\/partnerId a points webhook receives every supporter's notices/],
        [{ topic: 'points', url: 'https://x.example.org/', rules: ['hive.swarm'] }, /body\/rules rules filter alert events/],
        [{ topic: 'stock', url: 'https://x.example.org/' }, /body\/topic must be one of alerts, points/],
      ]
      for (const [payload, message] of cases) {
        const response = await post(payload)
        expect(response.statusCode, JSON.stringify(payload)).toBe(400)
        expect(response.json().message).toMatch(message)
      }
    })

    it("deletes a webhook; another partner's is reported missing", async () => {
      const created = await h.app.inject({ method: 'POST', url: '/v1/webhooks', headers: bearer(alpha.key), payload: { url: 'https://d.example.org/' } })
      const id = created.json().webhook.id as string
      expect((await h.app.inject({ method: 'DELETE', url: `/v1/webhooks/${id}`, headers: bearer(beta.key) })).statusCode).toBe(404)
      expect((await h.app.inject({ method: 'DELETE', url: `/v1/webhooks/${id}`, headers: bearer(alpha.key) })).statusCode).toBe(204)
      expect((await h.app.inject({ url: `/v1/webhooks/${id}/deliveries`, headers: bearer(alpha.key) })).statusCode).toBe(404)
      expect((await h.app.inject({ method: 'DELETE', url: '/v1/webhooks/abc', headers: ops() })).json().message).toMatch(/params\/webhookId/)
    })

    it('shows a final failure with its reason through GET deliveries', async () => {
      const created = await h.app.inject({ method: 'POST', url: '/v1/webhooks', headers: bearer(alpha.key), payload: { url: failing.url } })
      const id = created.json().webhook.id as string
      const event = alertEvent({ partnerId: alpha.partnerId, severity: 'warning' })
      pipeline.publisher.publish(event)

      const deliveries = async (query = '', key = alpha.key) => h.app.inject({ url: `/v1/webhooks/${id}/deliveries${query}`, headers: bearer(key) })
      await waitFor(async () => (await deliveries('?status=failed')).json().deliveries.length === 1)
      const [row] = (await deliveries()).json().deliveries
      expect(row).toMatchObject({
        webhookId: id,
        eventId: alertEventId(event),
        eventType: 'opened',
        alertId: event.alert.id,
        status: 'failed',
        attempts: 2,
        lastStatusCode: 500,
        lastError: 'HTTP 500 Internal Server Error',
        deliveredAt: null,
      })
      expect(Date.parse(row.failedAt)).not.toBeNaN()
      expect(failing.requestsFor(alertEventId(event))).toHaveLength(2)
      expect((await deliveries('', beta.key)).statusCode).toBe(404)
      expect((await deliveries('?status=sent')).json().message).toMatch(/querystring\/status must be one of/)
    })
  })

  describe('live stream (SSE)', () => {
    it('needs a key', async () => {
      const response = await fetch(`${baseUrl}/v1/alerts/stream`)
      expect(response.status).toBe(401)
    })

    const streams: Awaited<ReturnType<typeof openStream>>[] = []

    it("streams bus events; a partner key sees only its partner's, an ops key all", async () => {
      const [alphaStream, betaStream, opsStream] = await Promise.all([openStream(alpha.key), openStream(beta.key), openStream(h.opsKey)])
      streams.push(alphaStream!, betaStream!, opsStream!)
      expect(alphaStream.response.status).toBe(200)
      expect(alphaStream.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
      expect(await streamClients()).toBe(3)

      const forAlpha = alertEvent({ partnerId: alpha.partnerId })
      const forBeta = alertEvent({ partnerId: beta.partnerId })
      pipeline.publisher.publish(forAlpha)
      pipeline.publisher.publish(forBeta)
      await waitFor(() => opsStream.events.length === 2 && betaStream.events.length === 1 && alphaStream.events.length === 1)

      expect(alphaStream.events[0]).toEqual({ id: alertEventId(forAlpha), event: 'alert', data: JSON.stringify(forAlpha) })
      expect(JSON.parse(alphaStream.events[0]!.data)).toEqual(forAlpha)
      // Events arrive in order: beta's first event being its own means alpha's was not sent to it.
      expect(betaStream.alertIds()).toEqual([forBeta.alert.id])
      expect(opsStream.alertIds()).toEqual([forAlpha.alert.id, forBeta.alert.id])
    })

    it('lets go of a client that disconnects', async () => {
      const request = get(`${baseUrl}/v1/alerts/stream`, { headers: bearer(alpha.key) })
      await once(request, 'response')
      expect(await streamClients()).toBe(4)
      request.destroy()
      await waitFor(async () => (await streamClients()) === 3)
    })

    it('ends the open streams when the API closes, instead of waiting for their clients', async () => {
      const started = Date.now()
      await h.close()
      apiClosed = true
      await Promise.all(streams.map((s) => s.ended))
      expect(Date.now() - started).toBeLessThan(2000)
      expect(await streamClients()).toBe(0)
    })
  })
})
