import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import mqtt from 'mqtt'
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startIngest, type Ingest } from '../../ingest/app.js'
import { deviceTopic } from '../../firmware-contracts/index.js'
import { createLogger } from '../../platform/logger.js'
import { createPipelineMetrics } from '../../platform/metrics.js'
import { createPool } from '../../platform/postgres/pool.js'
import { createReadingsQueue, OVERSIZE_HEAD_BYTES, type ReadingsJob } from '../../platform/readings-queue.js'
import { redisOptions } from '../../platform/services.js'
import type { AlertEventHandler } from '../../platform/notifications/index.js'
import { createNotificationMetrics } from '../../platform/notifications/index.js'
import { createApiKeyStore } from '../../platform/stores/api-key-store.js'
import { createRegistryStore } from '../../platform/stores/registry-store.js'
import { newSecret } from '../../platform/secrets.js'
import { alertEvent } from '../platform/notifications/alert-event-fixture.js'
import type { Queue } from 'bullmq'
import { provisionPartner, type ProvisionedDevice } from '../support/provisioning.js'
import { TEST_POSTGRES_URL, testConfig } from '../support/test-config.js'

const run = promisify(execFile)
const config = testConfig({ MTC_MQTT_MAX_PAYLOAD_BYTES: '2048' })
let pool: pg.Pool
let queue: Queue<ReadingsJob>
let ingest: Ingest
let device: ProvisionedDevice
let other: ProvisionedDevice
let url: string
const opsKey = newSecret()
/** Stands in for the bus subscription: the test hands events straight to the bridge. */
const alertHandlers = new Set<AlertEventHandler>()

async function queuedMessages() {
  const jobs = await queue.getJobs(['waiting', 'delayed', 'active'])
  return jobs.flatMap((job) => job.data.messages)
}

function connect(username: string, password: string) {
  return mqtt.connectAsync(url, { username, password, clientId: `${username}-${Math.random()}`, reconnectPeriod: 0, connectTimeout: 5000 })
}

beforeAll(async () => {
  pool = createPool({ url: TEST_POSTGRES_URL, poolSize: 2 })
  ;[device, other] = await provisionPartner(pool, { hive: 2 }) as [ProvisionedDevice, ProvisionedDevice]
  queue = createReadingsQueue({ name: config.MTC_QUEUE_NAME, prefix: config.MTC_QUEUE_PREFIX, connection: redisOptions(config, 'producer') })
  const apiKeys = createApiKeyStore(pool)
  await apiKeys.ensure(opsKey, { role: 'ops', partnerId: null, name: 'broker-test-ops' })
  const metrics = createPipelineMetrics()
  ingest = await startIngest({
    config,
    logger: createLogger('silent', 'test'),
    metrics,
    registry: createRegistryStore(pool),
    readingsQueue: queue,
    apiKeys,
    alertEvents: {
      subscribe(handler) {
        alertHandlers.add(handler)
        return () => alertHandlers.delete(handler)
      },
    },
    notificationMetrics: createNotificationMetrics(metrics.registry),
  })
  url = `mqtt://127.0.0.1:${ingest.port}`
})

afterAll(async () => {
  await ingest?.close()
  await queue?.obliterate({ force: true })
  await queue?.close()
  await pool?.end()
})

describe('ingest broker', () => {
  it('acks a QoS1 publish only with the message durably in the queue', async () => {
    const client = await connect(device.deviceId, device.secret)
    const payload = JSON.stringify({ ts: '2026-05-12T08:00:00Z', seq: 1, weight_kg: 40.5 })
    await client.publishAsync(deviceTopic(device.partnerId, device.deviceId, 'telemetry'), payload, { qos: 1 })
    const messages = await queuedMessages()
    expect(messages).toContainEqual(
      expect.objectContaining({ deviceId: device.deviceId, partnerId: device.partnerId, payload: Buffer.from(payload).toString('base64') }),
    )
    await client.endAsync()
  })

  it('refuses a wrong password and an unknown device at CONNACK', async () => {
    await expect(connect(device.deviceId, 'not-the-secret')).rejects.toThrow(/Bad username or password/)
    await expect(connect('no-such-device', device.secret)).rejects.toThrow(/Bad username or password/)
  })

  it("closes the connection, without PUBACK, on a publish to another device's topic", async () => {
    const client = await connect(device.deviceId, device.secret)
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()))
    const topic = deviceTopic(other.partnerId, other.deviceId, 'telemetry')
    const acked = client.publishAsync(topic, '{"seq":1,"weight_kg":1}', { qos: 1 }).then(() => 'acked', () => 'not acked')
    await closed
    client.end(true)
    expect(await acked).toBe('not acked')
    expect((await queuedMessages()).filter((m) => m.topic === topic)).toEqual([])
  })

  it('grants a subscription to the own commands topic only', async () => {
    const client = await connect(device.deviceId, device.secret)
    // mqtt.js rejects a SUBACK with the failure code; the code itself is on the error's packet
    const granted = (topic: string) =>
      client.subscribeAsync(topic, { qos: 1 }).then(
        (grants) => grants[0]?.qos,
        (error: { packet?: { granted?: number[] } }) => error.packet?.granted?.[0],
      )
    expect(await granted(deviceTopic(device.partnerId, device.deviceId, 'commands'))).toBe(1)
    expect(await granted(deviceTopic(other.partnerId, other.deviceId, 'commands'))).toBe(128)
    expect(await granted('mtc/v1/#')).toBe(128)
    await client.endAsync()
  })

  it('acks a payload over the size limit and passes on only its head, marked for the dead letters', async () => {
    const client = await connect(device.deviceId, device.secret)
    const topic = deviceTopic(device.partnerId, device.deviceId, 'telemetry')
    await client.publishAsync(topic, 'y'.repeat(10_000), { qos: 1 })
    const oversized = (await queuedMessages()).find((m) => m.topic === topic && m.oversizeBytes !== undefined)
    expect(oversized?.oversizeBytes).toBe(10_000)
    expect(Buffer.from(oversized!.payload, 'base64').toString()).toBe('y'.repeat(OVERSIZE_HEAD_BYTES))
    expect(client.connected).toBe(true)
    await client.endAsync()
  })

  it('lets ops clients with an ops key follow alerts on the ops topic, and nothing else', async () => {
    await expect(connect('ops:dashboard', 'not-a-key')).rejects.toThrow()
    const ops = await connect('ops:dashboard', opsKey)
    expect((await ops.subscribeAsync(config.MTC_OPS_ALERT_TOPIC, { qos: 1 }))[0]?.qos).toBe(1)
    const refused = await ops.subscribeAsync(deviceTopic(device.partnerId, device.deviceId, 'commands'), { qos: 1 }).then(
      (grants) => grants[0]?.qos,
      (error: { packet?: { granted?: number[] } }) => error.packet?.granted?.[0],
    )
    expect(refused).toBe(128)
    const received = new Promise<string>((resolve) => ops.once('message', (_topic, payload) => resolve(payload.toString())))
    const event = alertEvent()
    for (const handler of alertHandlers) await handler(event)
    expect(JSON.parse(await received)).toMatchObject({ type: event.type, alert: { id: event.alert.id } })
    await ops.endAsync()

    const deviceClient = await connect(device.deviceId, device.secret)
    const denied = await deviceClient.subscribeAsync(config.MTC_OPS_ALERT_TOPIC, { qos: 1 }).then(
      (grants) => grants[0]?.qos,
      (error: { packet?: { granted?: number[] } }) => error.packet?.granted?.[0],
    )
    expect(denied).toBe(128)
    await deviceClient.endAsync()
  })

  it('takes a publish from mosquitto_pub, an outside client', async () => {
    const payload = JSON.stringify({ seq: 77, weight_kg: 12.5 })
    const topic = deviceTopic(device.partnerId, device.deviceId, 'telemetry')
    await run('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(ingest.port), '-V', 'mqttv311', '-i', `${device.deviceId}-pub`,
      '-u', device.deviceId, '-P', device.secret, '-q', '1', '-t', topic, '-m', payload])
    expect((await queuedMessages()).map((m) => Buffer.from(m.payload, 'base64').toString())).toContain(payload)
    await expect(
      run('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(ingest.port), '-u', device.deviceId, '-P', 'wrong', '-q', '1', '-t', topic, '-m', payload]),
    ).rejects.toThrow()
  })
})
