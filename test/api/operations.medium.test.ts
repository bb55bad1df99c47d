import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createReadingsQueue } from '../../platform/readings-queue.js'
import { bearer, startApi, type ApiHarness } from './api-harness.js'

describe('auth, /health, /metrics and /docs', () => {
  let h: ApiHarness

  beforeAll(async () => {
    h = await startApi()
  })
  afterAll(() => h.close())

  it('answers 401 without a key and with an unknown key; accepts Bearer and x-api-key', async () => {
    const none = await h.app.inject({ url: '/v1/partners' })
    expect(none.statusCode).toBe(401)
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/)
    expect(none.json()).toEqual({ error: 'Unauthorized', message: expect.stringContaining('API key is required') })
    const wrong = await h.app.inject({ url: '/v1/partners', headers: bearer('not-a-key-we-issued') })
    expect(wrong.statusCode).toBe(401)
    // Authentication comes before validation: an anonymous caller learns nothing about parameters.
    const anonymousBad = await h.app.inject({ url: '/v1/devices/x/series?from=nope' })
    expect(anonymousBad.statusCode).toBe(401)

    expect((await h.app.inject({ url: '/v1/partners', headers: bearer(h.opsKey) })).statusCode).toBe(200)
    expect((await h.app.inject({ url: '/v1/partners', headers: { 'x-api-key': h.opsKey } })).statusCode).toBe(200)
  })

  it('reports each dependency on /health without a key', async () => {
    const response = await h.app.inject({ url: '/health' })
    expect(response.statusCode).toBe(200)
    const body = response.json()
    expect(body.status).toBe('ok')
    for (const name of ['postgres', 'redis', 'influxdb'] as const) {
      expect(body.checks[name]).toEqual({ ok: true, latencyMs: expect.any(Number) })
    }
    expect(body.checks.queue).toMatchObject({ ok: true, waiting: 0, bound: h.config.MTC_QUEUE_MAX_WAITING_JOBS })
  })

  it('answers 503 on /health when InfluxDB is unreachable, within the check timeout', async () => {
    const down = await startApi({}, { url: 'http://127.0.0.1:1', timeoutMs: 500 })
    try {
      const started = Date.now()
      const response = await down.app.inject({ url: '/health' })
      expect(Date.now() - started).toBeLessThan(2_000)
      expect(response.statusCode).toBe(503)
      const body = response.json()
      expect(body.status).toBe('unavailable')
      expect(body.checks.influxdb).toMatchObject({ ok: false, error: expect.any(String) })
      expect(body.checks.postgres.ok).toBe(true)
      expect(body.checks.redis.ok).toBe(true)
    } finally {
      await down.close()
    }
  })

  it('answers 503 on /health when the queue is at its bound', async () => {
    const full = await startApi({ MTC_QUEUE_MAX_WAITING_JOBS: '1' })
    try {
      const queue = createReadingsQueue({
        name: full.config.MTC_QUEUE_NAME,
        prefix: full.config.MTC_QUEUE_PREFIX,
        connection: full.redis,
      })
      await queue.add('messages', { messages: [] })
      const response = await full.app.inject({ url: '/health' })
      expect(response.statusCode).toBe(503)
      expect(response.json().checks.queue).toMatchObject({ ok: false, waiting: 1, bound: 1 })
      await queue.obliterate({ force: true })
      await queue.close()
    } finally {
      await full.close()
    }
  })

  it('exposes mtc_ metrics without a key, queue depth read at scrape time', async () => {
    h.metrics.queueWaiting.set(42)
    const response = await h.app.inject({ url: '/metrics' })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toContain('text/plain')
    expect(response.body).toContain('mtc_ingest_messages_received_total')
    expect(response.body).toMatch(/^mtc_queue_waiting_jobs 0$/m)
    expect(response.body).toContain('process_cpu_user_seconds_total')
  })

  it('serves an OpenAPI 3 document describing every route and the key schemes', async () => {
    const response = await h.app.inject({ url: '/docs/json' })
    expect(response.statusCode).toBe(200)
    const doc = response.json()
    expect(doc.openapi).toMatch(/^3\./)
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['apiKeyHeader', 'bearerKey'])
    for (const path of [
      '/v1/partners',
      '/v1/partners/{partnerId}/sites',
      '/v1/sites',
      '/v1/devices',
      '/v1/devices/{deviceId}',
      '/v1/devices/{deviceId}/series',
      '/v1/dead-letters',
      '/v1/api-keys',
      '/health',
      '/metrics',
    ]) {
      expect(doc.paths, path).toHaveProperty([path])
    }
    const seriesOp = doc.paths['/v1/devices/{deviceId}/series'].get
    expect(seriesOp.security).toEqual([{ bearerKey: [] }, { apiKeyHeader: [] }])
    expect(seriesOp.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['deviceId', 'from', 'to', 'fields', 'window', 'aggregate', 'sensor', 'limit']),
    )
    expect(Object.keys(seriesOp.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '404', '503']))
    expect(doc.paths['/health'].get.security).toBeUndefined()
    expect(doc.paths['/v1/partners'].post.responses).toHaveProperty('403')
    expect((await h.app.inject({ url: '/docs' })).statusCode).toBeLessThan(400)
  })
})
