import mqtt, { type MqttClient } from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deviceTopic } from '../../firmware-contracts/index.js'
import type { Alert, AlertEvent } from '../../platform/alerts/alert-event.js'
import { verifyWebhookSignature } from '../../platform/notifications/index.js'
import { startWebhookReceiver } from '../platform/notifications/webhook-receiver.js'
import { provisionPartner, type ProvisionedDevice } from '../support/provisioning.js'
import { startTestStack, type TestStack } from '../support/test-stack.js'

const MIN = 60_000
let stack: TestStack
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>
let webhookSecret: string
let hive: ProvisionedDevice
let theftHive: ProvisionedDevice
let grove: ProvisionedDevice
let silent: ProvisionedDevice
const clients: MqttClient[] = []

async function connect(d: ProvisionedDevice): Promise<MqttClient> {
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${stack.mqttPort}`, { username: d.deviceId, password: d.secret, clientId: d.deviceId })
  clients.push(client)
  return client
}

async function publishSeries(d: ProvisionedDevice, readings: Record<string, unknown>[]): Promise<void> {
  const client = await connect(d)
  // Store-and-forward batches, sent back to back as a device back in coverage sends them.
  for (let i = 0; i < readings.length; i += 50) {
    await client.publishAsync(deviceTopic(d.partnerId, d.deviceId, 'telemetry'), JSON.stringify({ readings: readings.slice(i, i + 50) }), { qos: 1 })
  }
}

async function alertsOf(deviceId: string): Promise<Alert[]> {
  const { body } = await stack.get<{ alerts: Alert[] }>(`/v1/alerts?deviceId=${deviceId}`)
  return body.alerts
}

/** Webhook deliveries of opened alerts of this device, each verified as a receiver must. */
function deliveredOpenings(deviceId: string): AlertEvent[] {
  return receiver
    .all()
    .filter((r) => {
      const ok = verifyWebhookSignature(webhookSecret, String(r.headers['x-mtc-timestamp']), r.body, String(r.headers['x-mtc-signature']), 300)
      expect(ok).toBe(true)
      return true
    })
    .map((r) => JSON.parse(r.body) as AlertEvent)
    .filter((e) => e.alert.deviceId === deviceId && e.type === 'opened')
}

const start = Date.parse('2026-04-10T00:00:00Z')
const at = (i: number, stepMs: number) => new Date(start + i * stepMs).toISOString()

beforeAll(async () => {
  stack = await startTestStack({ MTC_OFFLINE_AFTER_S: '2', MTC_OFFLINE_SWEEP_CRON: '* * * * * *' })
  ;[hive, theftHive, silent] = (await provisionPartner(stack.pool, { hive: 3 })) as ProvisionedDevice[] as [ProvisionedDevice, ProvisionedDevice, ProvisionedDevice]
  ;[grove] = (await provisionPartner(stack.pool, { grove: 1 })) as [ProvisionedDevice]
  receiver = await startWebhookReceiver()
  const created = await stack.api.inject({
    method: 'POST',
    url: '/v1/webhooks',
    headers: { authorization: `Bearer ${stack.opsKey}` },
    payload: { url: receiver.url, minSeverity: 'warning' },
  })
  expect(created.statusCode).toBe(201)
  webhookSecret = created.json<{ secret: string }>().secret
})

afterAll(async () => {
  await Promise.all(clients.map((c) => c.endAsync()))
  await stack?.destroy()
  await receiver?.close()
})

/** A hive on a warm day, 5-min samples from 08:00 UTC; `weightAt(i)` shapes the event. */
function hiveDay(weightAt: (i: number) => number, extra: (i: number) => Record<string, number> = () => ({})) {
  const day = Date.parse('2026-06-03T08:00:00Z')
  return Array.from({ length: 8 * 12 }, (_, i) => ({
    ts: new Date(day + i * 5 * MIN).toISOString(),
    seq: i,
    weight_kg: Math.round((weightAt(i) + 0.02 * Math.sin(i)) * 100) / 100,
    temp_internal_c: 33,
    temp_ambient_c: 22,
    ...extra(i),
  }))
}

describe('alerts through the real pipeline', () => {
  it('raises a swarm when a hive loses 2.6 kg within 10 min at noon and does not regain it', async () => {
    // 12:00: foragers and half the colony leave in two samples; the weight stays down.
    await publishSeries(hive, hiveDay((i) => (i < 48 ? 42 : i === 48 ? 40.6 : 39.4)))
    await stack.waitFor(async () => (await alertsOf(hive.deviceId)).some((a) => a.rule === 'hive.swarm'))
    const alerts = await alertsOf(hive.deviceId)
    expect(alerts.filter((a) => a.rule === 'hive.swarm')).toHaveLength(1)
    expect(alerts.some((a) => a.rule === 'hive.theft')).toBe(false)
    await stack.waitFor(async () => deliveredOpenings(hive.deviceId).some((e) => e.alert.rule === 'hive.swarm'))
  })

  it('raises theft, critical, when the scale goes to almost nothing and the hive tilts', async () => {
    await publishSeries(
      theftHive,
      hiveDay((i) => (i < 30 ? 45 : 0.8), (i) => ({ tilt_deg: i < 30 ? 1 : 62 })),
    )
    await stack.waitFor(async () => (await alertsOf(theftHive.deviceId)).some((a) => a.rule === 'hive.theft'))
    const [theft] = (await alertsOf(theftHive.deviceId)).filter((a) => a.rule === 'hive.theft')
    expect(theft).toMatchObject({ severity: 'critical', status: 'open' })
    await stack.waitFor(async () => deliveredOpenings(theftHive.deviceId).some((e) => e.alert.rule === 'hive.theft'))
  })

  it('raises frost on a grove station, resolves it when the air warms, and signs the webhook', async () => {
    // 15-min samples: a clear night falling to −2.5 °C for two hours, then a sunny morning.
    const temps = [4, 3, 2, 1.5, 1, 0.5, 0, -0.5, -1, -1.5, -2, -2.5, -2.5, -2, -1.5, -1, -0.5, 0.5, 2, 4, 6, 8, 9, 10, 11, 12]
    await publishSeries(grove, temps.map((t, i) => ({ ts: at(i, 15 * MIN), seq: i, air_temp_c: t, air_humidity_pct: 90 })))
    await stack.waitFor(async () => (await alertsOf(grove.deviceId)).some((a) => a.rule === 'grove.frost' && a.status === 'resolved'))
    const [frost] = (await alertsOf(grove.deviceId)).filter((a) => a.rule === 'grove.frost')
    expect(frost).toMatchObject({ severity: 'critical', partnerId: grove.partnerId })
    await stack.waitFor(async () => deliveredOpenings(grove.deviceId).some((e) => e.alert.rule === 'grove.frost'))
    // No other detector fires on the night; device.offline may, as the station falls silent past this file's 2 s window.
    expect((await alertsOf(grove.deviceId)).map((a) => a.rule).filter((r) => r !== 'device.offline')).toEqual(['grove.frost'])
  })

  it('opens device.offline when a device falls silent and resolves it when it speaks again', async () => {
    const client = await connect(silent)
    const topic = deviceTopic(silent.partnerId, silent.deviceId, 'telemetry')
    await client.publishAsync(topic, JSON.stringify({ seq: 1, weight_kg: 40 }), { qos: 1 })
    await stack.waitFor(async () => (await alertsOf(silent.deviceId)).some((a) => a.rule === 'device.offline' && a.status === 'open'), 15_000)
    await stack.waitFor(async () => deliveredOpenings(silent.deviceId).some((e) => e.alert.rule === 'device.offline'))
    await client.publishAsync(topic, JSON.stringify({ seq: 2, weight_kg: 40 }), { qos: 1 })
    await stack.waitFor(async () => (await alertsOf(silent.deviceId)).every((a) => a.status === 'resolved'), 15_000)
  })

  it('refuses a resolve without a comment (400) and acknowledging a resolved alert (409); keeps who and when', async () => {
    const alert = (await alertsOf(grove.deviceId)).find((a) => a.rule === 'grove.frost')
    const post = (action: string, payload: object) =>
      stack.api.inject({ method: 'POST', url: `/v1/alerts/${alert!.id}/${action}`, headers: { authorization: `Bearer ${stack.opsKey}` }, payload })
    const uncommented = await post('resolve', {})
    expect(uncommented.statusCode).toBe(400)
    expect(uncommented.json<{ message: string }>().message).toMatch(/comment/)
    const late = await post('acknowledge', { comment: 'looking' })
    expect(late.statusCode).toBe(409)
    expect(late.json<{ message: string }>().message).toMatch(/is resolved/)
    const { body } = await stack.get<Alert & { history: { change: string; actor: string }[] }>(`/v1/alerts/${alert!.id}`)
    expect(body.history.map((h) => [h.change, h.actor])).toEqual([
      ['opened', 'system'],
      ['resolved', 'system'],
    ])
  })
})
