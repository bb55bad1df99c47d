import mqtt, { type MqttClient } from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deviceTopic } from '../../firmware-contracts/index.js'
import type { StoredDeadLetter } from '../../platform/stores/dead-letter-store.js'
import { provisionPartner, type ProvisionedDevice } from '../support/provisioning.js'
import { startTestStack, type TestStack } from '../support/test-stack.js'

let stack: TestStack
let device: ProvisionedDevice
let doomed: ProvisionedDevice
const clients: MqttClient[] = []

async function connect(d: ProvisionedDevice): Promise<MqttClient> {
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${stack.mqttPort}`, { username: d.deviceId, password: d.secret, clientId: d.deviceId })
  clients.push(client)
  return client
}

async function lettersFor(deviceId: string) {
  const { body } = await stack.get<{ deadLetters: StoredDeadLetter[] }>(`/v1/dead-letters?deviceId=${deviceId}`)
  return body.deadLetters
}

beforeAll(async () => {
  stack = await startTestStack()
  ;[device, doomed] = (await provisionPartner(stack.pool, { hive: 2 })) as [ProvisionedDevice, ProvisionedDevice]
})

afterAll(async () => {
  await Promise.all(clients.map((c) => c.endAsync()))
  await stack?.destroy()
})

describe('bad input through the whole pipeline', () => {
  it('files a bad field, malformed JSON and an unregistered device as dead letters, and goes on storing', async () => {
    const client = await connect(device)
    const topic = deviceTopic(device.partnerId, device.deviceId, 'telemetry')
    await client.publishAsync(topic, JSON.stringify({ ts: '2026-05-12T08:00:00Z', seq: 1, weight_kg: 'NaN\u0000\u0000' }), { qos: 1 })
    await client.publishAsync(topic, '{"ts":"2026-05-12T08:00:00Z","seq":2,"weight_kg":4', { qos: 1 })
    await client.publishAsync(topic, JSON.stringify({ ts: '2026-05-12T08:10:00Z', seq: 3, weight_kg: 40.25 }), { qos: 1 })

    // A device removed from the registry while connected: its queued readings have no owner.
    const doomedClient = await connect(doomed)
    await stack.pool.query('DELETE FROM devices WHERE id = $1', [doomed.deviceId])
    await doomedClient.publishAsync(deviceTopic(doomed.partnerId, doomed.deviceId, 'telemetry'), '{"seq":9,"weight_kg":30}', { qos: 1 })

    await stack.waitFor(async () => (await lettersFor(device.deviceId)).length === 2 && (await lettersFor(doomed.deviceId)).length === 1)
    const letters = await lettersFor(device.deviceId)
    expect(letters.map((l) => [l.reasonCode, l.reason]).sort()).toEqual([
      ['schema', expect.stringMatching(/^weight_kg: .*expected number/)],
      ['undecodable', expect.stringMatching(/^payload is not valid JSON/)],
    ])
    expect(letters.find((l) => l.reasonCode === 'undecodable')?.payload).toBe('{"ts":"2026-05-12T08:00:00Z","seq":2,"weight_kg":4')
    expect((await lettersFor(doomed.deviceId))[0]).toMatchObject({
      reasonCode: 'unknown_device',
      reason: `device ${doomed.deviceId} of partner ${doomed.partnerId} is not registered`,
      payload: '{"seq":9,"weight_kg":30}',
    })

    await stack.waitFor(async () => (await stack.countPoints('hive', device.deviceId)) === 1)
    const metrics = await stack.metrics.registry.getSingleMetricAsString('mtc_readings_dead_lettered_total')
    expect(metrics).toMatch(/reason="schema"} 1/)
    expect(metrics).toMatch(/reason="undecodable"} 1/)
    expect(metrics).toMatch(/reason="unknown_device"} 1/)
  })
})
