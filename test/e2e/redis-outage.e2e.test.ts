import mqtt, { type MqttClient } from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deviceTopic } from '../../firmware-contracts/index.js'
import { provisionPartner, type ProvisionedDevice } from '../support/provisioning.js'
import { startPrivateRedis } from '../support/private-redis.js'
import { startTestStack, type TestStack } from '../support/test-stack.js'

let redis: Awaited<ReturnType<typeof startPrivateRedis>>
let stack: TestStack
let device: ProvisionedDevice
let client: MqttClient | undefined

beforeAll(async () => {
  redis = await startPrivateRedis()
  stack = await startTestStack({ MTC_REDIS_URL: redis.url, MTC_ENQUEUE_TIMEOUT_MS: '1000' })
  ;[device] = (await provisionPartner(stack.pool, { hive: 1 })) as [ProvisionedDevice]
})

afterAll(async () => {
  await client?.endAsync(true)
  await redis?.start()
  await stack?.destroy()
  await redis?.destroy()
})

describe('acknowledged means durable', () => {
  it('withholds the PUBACK while Redis is down; the resend after it returns is acked and stored once', async () => {
    client = await mqtt.connectAsync(`mqtt://127.0.0.1:${stack.mqttPort}`, {
      username: device.deviceId,
      password: device.secret,
      clientId: device.deviceId,
      clean: false,
      reconnectPeriod: 300,
    })
    let disconnects = 0
    client.on('close', () => (disconnects += 1))

    await redis.stop()
    let acked = false
    const reading = { ts: '2026-05-12T09:00:00Z', seq: 42, weight_kg: 38.75 }
    const publish = client.publishAsync(deviceTopic(device.partnerId, device.deviceId, 'telemetry'), JSON.stringify(reading), { qos: 1 })
    void publish.then(() => (acked = true))

    await new Promise((r) => setTimeout(r, 3000))
    expect(acked).toBe(false)
    expect(disconnects).toBeGreaterThan(0) // refused: the connection closed without PUBACK

    await redis.start()
    await publish // mqtt.js resends the unacked PUBLISH on reconnect [MQTT-4.4.0-1]
    await stack.waitFor(async () => (await stack.countPoints('hive', device.deviceId)) === 1)
    await new Promise((r) => setTimeout(r, 500))
    expect(await stack.countPoints('hive', device.deviceId)).toBe(1)
    const { body } = await stack.get<{ points: { values: Record<string, number> }[] }>(
      `/v1/devices/${device.deviceId}/series?from=2026-05-12T00:00:00Z&to=2026-05-13T00:00:00Z`,
    )
    expect(body.points).toEqual([expect.objectContaining({ values: expect.objectContaining({ weight_kg: 38.75 }) })])
  })
})
