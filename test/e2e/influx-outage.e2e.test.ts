import mqtt from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deviceTopic } from '../../firmware-contracts/index.js'
import { provisionPartner, type ProvisionedDevice } from '../support/provisioning.js'
import { startTcpProxy } from '../support/tcp-proxy.js'
import { startTestStack, type TestStack } from '../support/test-stack.js'

let proxy: Awaited<ReturnType<typeof startTcpProxy>>
let stack: TestStack
let device: ProvisionedDevice

beforeAll(async () => {
  const influxPort = Number(new URL(process.env.MTC_INFLUX_URL ?? 'http://127.0.0.1:8186').port)
  proxy = await startTcpProxy(influxPort)
  stack = await startTestStack({
    MTC_INFLUX_URL: `http://127.0.0.1:${proxy.port}`,
    MTC_INFLUX_TIMEOUT_MS: '1000',
    MTC_WORKER_BACKOFF_MS: '100',
    MTC_WORKER_MAX_BACKOFF_MS: '400',
  })
  ;[device] = (await provisionPartner(stack.pool, { hive: 1 })) as [ProvisionedDevice]
})

afterAll(async () => {
  proxy?.restore()
  await stack?.destroy()
  await proxy?.close()
})

describe('InfluxDB outage', () => {
  it('keeps acking, retries the jobs with backoff and stores every reading once InfluxDB is back', async () => {
    proxy.cut()
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${stack.mqttPort}`, {
      username: device.deviceId,
      password: device.secret,
      clientId: device.deviceId,
    })
    const topic = deviceTopic(device.partnerId, device.deviceId, 'telemetry')
    for (let seq = 0; seq < 50; seq++) {
      const ts = new Date(Date.parse('2026-05-12T00:00:00Z') + seq * 60_000).toISOString()
      await client.publishAsync(topic, JSON.stringify({ ts, seq, weight_kg: 30 + seq / 100 }), { qos: 1 })
    }
    await client.endAsync()

    await stack.waitFor(async () => (await stack.metrics.jobFailures.get()).values[0]!.value >= 3)
    const health = await stack.api.inject({ method: 'GET', url: '/health' })
    expect(health.statusCode).toBe(503)
    expect(health.json()).toMatchObject({ checks: { influxdb: { ok: false } } })

    proxy.restore()
    await stack.waitFor(async () => (await stack.countPoints('hive', device.deviceId)) === 50, 20_000)
    // Points are queryable before their job ends (its detection runs after the write): wait for the
    // queue to drain, then check that every job completed and none failed for good.
    const jobCounts = () => stack.readingsQueue.getJobCounts('waiting', 'delayed', 'active', 'failed')
    await stack.waitFor(async () => Object.values(await jobCounts()).every((n) => n === 0), 10_000).catch(() => undefined)
    expect(await jobCounts()).toMatchObject({ waiting: 0, delayed: 0, active: 0, failed: 0 })
  })
})
