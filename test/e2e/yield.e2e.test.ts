import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HoneyEstimate, OliveEstimate } from '../../platform/yield/estimates.js'
import { createDeviceFleet, type DeviceFleet } from '../../simulators/index.js'
import { provisionPartner, type ProvisionedDevice } from '../support/provisioning.js'
import { uniqueId } from '../support/test-config.js'
import { startTestStack, type TestStack } from '../support/test-stack.js'

let stack: TestStack
let fleet: DeviceFleet
let hives: ProvisionedDevice[]
let grove: ProvisionedDevice
let otherKey: string
let partnerKey: string

interface EstimateBody<E> {
  scope: string
  modelVersion: string
  inputsFrom: string
  inputsTo: string
  estimate: E
}

async function keyFor(partnerId: string): Promise<string> {
  const response = await stack.api.inject({
    method: 'POST',
    url: '/v1/api-keys',
    headers: { authorization: `Bearer ${stack.opsKey}` },
    payload: { role: 'partner', partnerId, name: uniqueId('dashboard') },
  })
  return response.json<{ key: string }>().key
}

beforeAll(async () => {
  // The scheduled recomputation every 2 s stands in for the nightly one.
  stack = await startTestStack({ MTC_YIELD_CRON: '*/2 * * * * *' })
  const devices = await provisionPartner(stack.pool, { hive: 2, grove: 1 })
  hives = devices.filter((d) => d.kind === 'hive')
  grove = devices.find((d) => d.kind === 'grove')!
  const [other] = await provisionPartner(stack.pool, { hive: 1 })
  partnerKey = await keyFor(grove.partnerId)
  otherKey = await keyFor(other!.partnerId)
  const profile = await stack.api.inject({
    method: 'PUT',
    url: `/v1/sites/${grove.siteId}/grove-profile`,
    headers: { authorization: `Bearer ${partnerKey}` },
    payload: { variety: 'picual', trees: 300, pastYields: [{ season: 2024, kgPerTree: 34 }, { season: 2025, kgPerTree: 18 }] },
  })
  expect(profile.statusCode).toBe(200)
  fleet = createDeviceFleet({
    brokerUrl: `mqtt://127.0.0.1:${stack.mqttPort}`,
    devices: devices.map((d, i) => ({ ...d, seed: 7100 + i })),
  })
  await fleet.connect()
})

afterAll(async () => {
  await fleet?.close()
  await stack?.destroy()
})

describe('yield from a backfilled season', () => {
  it('publishes a season, lets the scheduled job estimate it, and serves it to its partner only', async () => {
    // Hourly store-and-forward batches of the 2026 season up to mid-October.
    const stats = await fleet.runBackfill({ from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-10-15T00:00:00Z'), stepMs: 3_600_000, batchSize: 500 })
    expect(stats.errors).toBe(0)
    await stack.waitFor(async () => (await stack.countPoints('hive', hives[1]!.deviceId)) === stats.acked / 3, 60_000)

    const hiveEstimate = async () => stack.get<EstimateBody<HoneyEstimate>>(`/v1/yield/hives/${hives[0]!.deviceId}`, partnerKey)
    await stack.waitFor(async () => {
      const { status, body } = await hiveEstimate()
      return status === 200 && body.inputsTo >= '2026-10-14'
    }, 60_000)
    const { body: hive } = await hiveEstimate()
    expect(hive.modelVersion).toMatch(/^honey-/)
    expect(hive.estimate.seasonToDateKg).toBeGreaterThan(0)
    expect(hive.estimate.forecast.lowKg).toBeLessThanOrEqual(hive.estimate.forecast.expectedSeasonKg)
    expect(hive.estimate.forecast.highKg).toBeGreaterThanOrEqual(hive.estimate.forecast.expectedSeasonKg)

    const { body: daily } = await stack.get<{ days: { day: string; netGainKg: number }[] }>(
      `/v1/yield/hives/${hives[0]!.deviceId}/daily?from=2026-05-01&to=2026-05-31`,
      partnerKey,
    )
    expect(daily.days.length).toBeGreaterThan(25)

    await stack.waitFor(async () => (await stack.get(`/v1/yield/sites/${grove.siteId}`, partnerKey)).status === 200, 60_000)
    const { body: olive } = await stack.get<EstimateBody<OliveEstimate>>(`/v1/yield/sites/${grove.siteId}`, partnerKey)
    expect(olive.estimate.trees).toBe(300)
    expect(olive.estimate.fruit.expectedKg).toBeGreaterThan(0)
    expect(olive.estimate.oil.expectedKg).toBeLessThan(olive.estimate.fruit.expectedKg)

    const { body: partner } = await stack.get<{ estimates: EstimateBody<unknown>[] }>(`/v1/yield/partners/${grove.partnerId}`, partnerKey)
    expect(partner.estimates.map((e) => e.scope).sort()).toEqual(expect.arrayContaining(['grove', 'hive', 'partner', 'site']))

    expect((await stack.get(`/v1/yield/hives/${hives[0]!.deviceId}`, otherKey)).status).toBe(404)
    expect((await stack.get(`/v1/yield/partners/${grove.partnerId}`, otherKey)).status).toBe(404)
    expect((await stack.get(`/v1/reports/production?partnerId=${grove.partnerId}&month=2026-06`, otherKey)).status).toBe(404)
    const report = await stack.get<{ honey: { monthKg: number } }>(`/v1/reports/production?partnerId=${grove.partnerId}&month=2026-06`, partnerKey)
    expect(report.status).toBe(200)
  })
})
