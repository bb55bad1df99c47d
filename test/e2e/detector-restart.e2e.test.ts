import mqtt, { type MqttClient } from 'mqtt'
import type pg from 'pg'
import { Registry } from 'prom-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDeployable, type Deployable } from '../../bench/deployables.js'
import { deviceTopic } from '../../firmware-contracts/index.js'
import { startIngest, type Ingest } from '../../ingest/app.js'
import { createLogger } from '../../platform/logger.js'
import { createPipelineMetrics } from '../../platform/metrics.js'
import { createNotificationMetrics } from '../../platform/notifications/index.js'
import { createPool } from '../../platform/postgres/pool.js'
import { createReadingsQueue } from '../../platform/readings-queue.js'
import { redisOptions } from '../../platform/services.js'
import { createAlertStore } from '../../platform/stores/alert-store.js'
import { createApiKeyStore } from '../../platform/stores/api-key-store.js'
import { createRegistryStore } from '../../platform/stores/registry-store.js'
import { influxFor } from '../api/api-harness.js'
import { provisionPartner, type ProvisionedDevice } from '../support/provisioning.js'
import { testConfig } from '../support/test-config.js'

const config = testConfig()
/** The processors deployable sees the same database, queue and channel names as this test. */
const processorsEnv: Record<string, string> = {
  MTC_LOG_LEVEL: 'error',
  MTC_POSTGRES_URL: config.MTC_POSTGRES_URL,
  MTC_REDIS_URL: config.MTC_REDIS_URL,
  MTC_INFLUX_URL: config.MTC_INFLUX_URL,
  MTC_INFLUX_DATABASE: config.MTC_INFLUX_DATABASE,
  MTC_QUEUE_NAME: config.MTC_QUEUE_NAME,
  MTC_QUEUE_PREFIX: config.MTC_QUEUE_PREFIX,
  MTC_NOTIFY_QUEUE_NAME: config.MTC_NOTIFY_QUEUE_NAME,
  MTC_ALERT_EVENTS_CHANNEL: config.MTC_ALERT_EVENTS_CHANNEL,
  MTC_API_HOST: '127.0.0.1',
  MTC_OPS_PORT_PROCESSORS: '0',
}
const MIN = 60_000
const start = Date.parse('2026-04-12T00:00:00Z')

let pool: pg.Pool
let ingest: Ingest
let grove: ProvisionedDevice
let client: MqttClient
let processors: Deployable | null = null
const queue = createReadingsQueue({ name: config.MTC_QUEUE_NAME, prefix: config.MTC_QUEUE_PREFIX, connection: redisOptions(config, 'producer') })
const influx = influxFor(config)

async function waitFor(probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

async function storedPoints(): Promise<number> {
  const series = await influx.query('SELECT count("seq") FROM "grove" WHERE device = $device', { device: grove.deviceId }).catch(() => [])
  return Number(series[0]?.values[0]?.[1] ?? 0)
}

const frostAlerts = () => createAlertStore(pool).list({ deviceId: grove.deviceId, rule: 'grove.frost', limit: 10 })

async function publish(temps: number[], firstIndex: number): Promise<void> {
  const readings = temps.map((t, i) => ({ ts: new Date(start + (firstIndex + i) * 15 * MIN).toISOString(), seq: firstIndex + i, air_temp_c: t }))
  await client.publishAsync(deviceTopic(grove.partnerId, grove.deviceId, 'telemetry'), JSON.stringify({ readings }), { qos: 1 })
}

function kill(): Promise<void> {
  const child = processors!.child
  processors = null
  if (child.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGKILL')
  })
}

beforeAll(async () => {
  pool = createPool({ url: config.MTC_POSTGRES_URL, poolSize: 2 })
  await influx.ensureDatabase()
  ;[grove] = (await provisionPartner(pool, { grove: 1 })) as [ProvisionedDevice]
  const metrics = createPipelineMetrics(new Registry())
  ingest = await startIngest({
    config,
    logger: createLogger('silent', 'test'),
    metrics,
    registry: createRegistryStore(pool),
    readingsQueue: queue,
    apiKeys: createApiKeyStore(pool),
    alertEvents: { subscribe: () => () => undefined },
    notificationMetrics: createNotificationMetrics(metrics.registry),
  })
  client = await mqtt.connectAsync(`mqtt://127.0.0.1:${ingest.port}`, { username: grove.deviceId, password: grove.secret, clientId: grove.deviceId })
})

afterAll(async () => {
  if (processors) await kill()
  await client?.endAsync()
  await ingest?.close()
  await queue.obliterate({ force: true })
  await queue.close()
  await influx.dropDatabase()
  await pool?.end()
})

describe('a processors process killed mid-run', () => {
  it('keeps detector state across the kill and raises no duplicate alert when it comes back', async () => {
    processors = startDeployable('processors', 'processors/server.ts', processorsEnv)
    // The night starts cold: one reading below 0 °C, not yet the 30 min frost needs.
    await publish([3, 1, -0.5], 0)
    await waitFor(async () => (await storedPoints()) === 3)
    await waitFor(async () => (await createAlertStore(pool).list({ deviceId: grove.deviceId, limit: 1 })).length === 0 && !(await queue.getWaitingCount()))
    await kill()

    processors = startDeployable('processors', 'processors/server.ts', processorsEnv)
    // Still below 0 °C. Cold since 00:30, frost is due at 01:00; a detector that forgot the
    // reading before the kill would count from 00:45 and fire at 01:15.
    await publish([-1, -1.5, -2], 3)
    await waitFor(async () => (await frostAlerts()).length > 0)
    const [opened] = await frostAlerts()
    expect(opened!.openedAt).toBe(new Date(start + 4 * 15 * MIN).toISOString())
    // Killed right as it opened the alert: state may or may not have been saved.
    await kill()

    processors = startDeployable('processors', 'processors/server.ts', processorsEnv)
    await publish([-1, -1.5, -2], 3) // the device resends what it is unsure of
    await publish([-2.5, -2], 6)
    await waitFor(async () => (await storedPoints()) === 8)
    // A job the kill caught mid-run stays active until BullMQ's stalled-job check (every 30 s) hands it out again.
    await waitFor(async () => (await queue.getWaitingCount()) + (await queue.getActiveCount()) === 0, 70_000)
    const alerts = await frostAlerts()
    expect(alerts).toHaveLength(1)
    expect(alerts[0]).toMatchObject({ id: opened!.id, status: 'open' })
  })
})
