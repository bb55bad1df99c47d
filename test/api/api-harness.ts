import { Point } from '@influxdata/influxdb-client'
import type { FastifyInstance } from 'fastify'
import { Redis } from 'ioredis'
import type pg from 'pg'
import { Registry } from 'prom-client'
import { openAlertEvents, type AlertEvents } from '../../platform/notifications/alert-events.js'
import { createYieldQueue } from '../../platform/yield/estimates.js'
import { buildApi } from '../../api/app.js'
import type { DeviceKind } from '../../firmware-contracts/index.js'
import type { Config } from '../../platform/config.js'
import { createInfluxConnection, type InfluxConnection } from '../../platform/influx/influx-connection.js'
import { measurementFor } from '../../platform/influx/measurements.js'
import { createLogger } from '../../platform/logger.js'
import { createPipelineMetrics, type PipelineMetrics } from '../../platform/metrics.js'
import { createPool } from '../../platform/postgres/pool.js'
import { createReadingsQueue } from '../../platform/readings-queue.js'
import { newSecret } from '../../platform/secrets.js'
import { testConfig, uniqueId } from '../support/test-config.js'

/** One API against the real services, with its own InfluxDB database and queue name. */
export interface ApiHarness {
  app: FastifyInstance
  config: Config
  pool: pg.Pool
  redis: Redis
  influx: InfluxConnection
  metrics: PipelineMetrics
  /** The API's ends of the alert-event bus (its channel is config.MTC_ALERT_EVENTS_CHANNEL). */
  alertEvents: Pick<AlertEvents, 'publisher' | 'metrics'>
  /** Registered through MTC_BOOTSTRAP_OPS_KEY, as a fresh install would. */
  opsKey: string
  close(): Promise<void>
}

export function influxFor(config: Config, overrides: { url?: string; timeoutMs?: number } = {}): InfluxConnection {
  return createInfluxConnection({
    url: overrides.url ?? config.MTC_INFLUX_URL,
    api: config.MTC_INFLUX_API,
    database: config.MTC_INFLUX_DATABASE,
    retentionPolicy: config.MTC_INFLUX_RETENTION_POLICY,
    org: config.MTC_INFLUX_ORG,
    token: config.MTC_INFLUX_TOKEN,
    timeoutMs: overrides.timeoutMs ?? config.MTC_INFLUX_TIMEOUT_MS,
  })
}

export async function startApi(
  env: Record<string, string> = {},
  influxOverrides: { url?: string; timeoutMs?: number } = {},
): Promise<ApiHarness> {
  const opsKey = newSecret()
  const config = testConfig({ MTC_BOOTSTRAP_OPS_KEY: opsKey, ...env })
  const pool = createPool({ url: config.MTC_POSTGRES_URL, poolSize: 4 })
  const redis = new Redis(config.MTC_REDIS_URL, { maxRetriesPerRequest: 1 })
  const influx = influxFor(config, influxOverrides)
  if (!influxOverrides.url) await influx.ensureDatabase()
  const readingsQueue = createReadingsQueue({ name: config.MTC_QUEUE_NAME, prefix: config.MTC_QUEUE_PREFIX, connection: redis })
  const metrics = createPipelineMetrics(new Registry())
  const logger = createLogger(config.MTC_LOG_LEVEL, 'api-test')
  const alertEvents = openAlertEvents(config, logger, metrics.registry)
  const yieldQueue = createYieldQueue({ name: config.MTC_YIELD_QUEUE_NAME, prefix: config.MTC_QUEUE_PREFIX, connection: redis })
  const app = await buildApi({ config, logger, pool, redis, influx, readingsQueue, metrics, alertEvents, yieldQueue })
  await alertEvents.subscriber.start()
  await app.ready()
  return {
    app,
    config,
    pool,
    redis,
    influx,
    metrics,
    alertEvents,
    opsKey,
    async close() {
      await app.close()
      await alertEvents.close()
      await yieldQueue.obliterate({ force: true })
      await yieldQueue.close()
      if (!influxOverrides.url) await influx.dropDatabase()
      await readingsQueue.close()
      await redis.quit()
      await pool.end()
    },
  }
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` })

export interface SeededPartner {
  partnerId: string
  siteId: string
  deviceId: string
  kind: DeviceKind
  /** A partner-role key confined to this partner. */
  key: string
}

/** A partner with one site and one device, registered through the API as an operator would. */
export async function seedPartner(h: ApiHarness, kind: DeviceKind = 'hive'): Promise<SeededPartner> {
  const ops = bearer(h.opsKey)
  const partnerId = uniqueId('p')
  const siteId = uniqueId('s')
  const deviceId = uniqueId('d')
  const calls = [
    { url: '/v1/partners', payload: { id: partnerId, name: `Partner ${partnerId}`, country: 'BE' } },
    {
      url: `/v1/partners/${partnerId}/sites`,
      payload: { id: siteId, name: 'Site', kind: kind === 'hive' ? 'apiary' : 'grove', timezone: 'Europe/Brussels' },
    },
    { url: '/v1/devices', payload: { id: deviceId, siteId, kind } },
    { url: '/v1/api-keys', payload: { role: 'partner', partnerId, name: `${partnerId} dashboard` } },
  ]
  let key = ''
  for (const call of calls) {
    const response = await h.app.inject({ method: 'POST', headers: ops, ...call })
    if (response.statusCode !== 201) throw new Error(`${call.url}: ${response.statusCode} ${response.body}`)
    key = (response.json() as { key?: string }).key ?? key
  }
  return { partnerId, siteId, deviceId, kind, key }
}

/** A stored reading as the processors lay it out (platform/influx/measurements.ts). */
export function readingPoint(
  seeded: SeededPartner,
  at: Date,
  fields: Record<string, number>,
  meta: { seq: number; sensor?: string; serverTime?: boolean },
): Point {
  const point = new Point(measurementFor[seeded.kind])
    .tag('partner', seeded.partnerId)
    .tag('site', seeded.siteId)
    .tag('device', seeded.deviceId)
    .intField('seq', meta.seq)
    .booleanField('server_time', meta.serverTime ?? false)
    .timestamp(at)
  if (meta.sensor) point.tag('sensor', meta.sensor)
  for (const [name, value] of Object.entries(fields)) point.floatField(name, value)
  return point
}
