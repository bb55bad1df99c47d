import mqtt from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deviceTopic, type SoilLayer } from '../../firmware-contracts/index.js'
import { measurementFor, soilFieldName } from '../../platform/influx/measurements.js'
import { createDeviceFleet, type SimulatedReading } from '../../simulators/index.js'
import { provisionPartner, type ProvisionedDevice } from '../support/provisioning.js'
import { startTestStack, type TestStack } from '../support/test-stack.js'

const READINGS_PER_DEVICE = 100
const STEP_MS = 10 * 60_000
let stack: TestStack
let devices: ProvisionedDevice[]
const published = new Map<string, SimulatedReading[]>()

interface SeriesBody {
  points: { time: string; seq: number; serverTime: boolean; values: Record<string, number | null> }[]
}

async function storedReadings(): Promise<number> {
  const counts = await Promise.all(devices.map((d) => stack.countPoints(measurementFor[d.kind], d.deviceId)))
  return counts.reduce((a, b) => a + b, 0)
}

async function storedTotal(): Promise<number> {
  const metric = await stack.metrics.readingsStored.get()
  return metric.values.reduce((sum, v) => sum + v.value, 0)
}

beforeAll(async () => {
  stack = await startTestStack()
  devices = await provisionPartner(stack.pool, { hive: 6, grove: 4 })
})

afterAll(async () => {
  await stack?.destroy()
})

describe('MQTT → queue → InfluxDB → API', () => {
  it('stores every acknowledged reading of 10 devices, queryable with its values and time', async () => {
    const fleet = createDeviceFleet({
      brokerUrl: `mqtt://127.0.0.1:${stack.mqttPort}`,
      devices: devices.map((d, i) => ({ ...d, seed: 1000 + i })),
      // kept as they went on the wire (JSON has no -0, for one)
      onPublish: (deviceId, readings) =>
        published.set(deviceId, [...(published.get(deviceId) ?? []), ...(JSON.parse(JSON.stringify(readings)) as SimulatedReading[])]),
    })
    await fleet.connect()
    const stats = await fleet.runLive({
      readingsPerDevice: READINGS_PER_DEVICE,
      intervalMs: 'as-fast-as-acked',
      maxInFlightPerDevice: 10,
      stepMs: STEP_MS,
    })
    await fleet.close()
    expect(stats).toMatchObject({ sent: 1000, acked: 1000, errors: 0 })

    await stack.waitFor(async () => (await storedReadings()) === 1000)

    for (const device of devices) {
      const readings = published.get(device.deviceId)!
      expect(readings).toHaveLength(READINGS_PER_DEVICE)
      const from = readings[0]!.ts
      const to = new Date(Date.parse(readings.at(-1)!.ts) + 1).toISOString()
      const { status, body } = await stack.get<SeriesBody>(`/v1/devices/${device.deviceId}/series?from=${from}&to=${to}`)
      expect(status).toBe(200)
      expect(body.points.map((p) => p.time)).toEqual(readings.map((r) => new Date(r.ts).toISOString()))
      body.points.forEach((point, i) => {
        const sent = readings[i] as Record<string, unknown>
        expect(point.seq).toBe(sent.seq)
        expect(point.serverTime).toBe(false)
        const sentValues = Object.entries(sent).filter(([k, v]) => typeof v === 'number' && k !== 'seq')
        expect(sentValues.length).toBeGreaterThan(0)
        for (const [field, value] of sentValues) expect(point.values[field], field).toBe(value)
        for (const layer of (sent.soil ?? []) as SoilLayer[]) {
          expect(point.values[soilFieldName('moisture_vwc_pct', layer.depth_cm)]).toBe(layer.moisture_vwc_pct)
        }
      })
    }
  })

  it('leaves the count unchanged when a device resends the same readings as one batch', async () => {
    const before = await storedTotal()
    for (const device of devices) {
      const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${stack.mqttPort}`, {
        username: device.deviceId,
        password: device.secret,
        clientId: device.deviceId,
      })
      const readings = published.get(device.deviceId)!
      await client.publishAsync(deviceTopic(device.partnerId, device.deviceId, 'telemetry'), JSON.stringify({ readings }), { qos: 1 })
      await client.endAsync()
    }
    await stack.waitFor(async () => (await storedTotal()) === before + 1000)
    expect(await storedReadings()).toBe(1000)
  })
})
