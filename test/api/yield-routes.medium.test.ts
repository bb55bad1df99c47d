import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createYieldStore } from '../../platform/stores/yield-store.js'
import type { HoneyEstimate } from '../../platform/yield/estimates.js'
import { bearer, seedPartner, startApi, type ApiHarness, type SeededPartner } from './api-harness.js'

describe('interventions, yield and report routes', () => {
  let h: ApiHarness
  let ops: Record<string, string>
  let apiary: SeededPartner
  let grove: SeededPartner
  let other: SeededPartner

  beforeAll(async () => {
    h = await startApi()
    ops = bearer(h.opsKey)
    apiary = await seedPartner(h, 'hive')
    grove = await seedPartner(h, 'grove')
    other = await seedPartner(h, 'hive')
  })
  afterAll(() => h.close())

  const post = (url: string, payload: object, headers = ops) => h.app.inject({ method: 'POST', url, headers, payload })

  it("records an intervention typed in the site's wall-clock time, as the partner's key", async () => {
    const created = await post(
      `/v1/sites/${apiary.siteId}/interventions`,
      { kind: 'harvest', deviceId: apiary.deviceId, localTime: '2026-07-14T09:30', kg: 18.5, notes: 'two supers' },
      bearer(apiary.key),
    )
    expect(created.statusCode).toBe(201)
    // Brussels in July is UTC+2.
    expect(created.json()).toMatchObject({ kind: 'harvest', occurredAt: '2026-07-14T07:30:00.000Z', kg: 18.5, recordedBy: `${apiary.partnerId} dashboard` })
    const listed = await h.app.inject({ url: `/v1/sites/${apiary.siteId}/interventions`, headers: bearer(apiary.key) })
    expect(listed.json<{ interventions: unknown[] }>().interventions).toHaveLength(1)
  })

  it('names the field of a bad intervention and hides other partners’ sites', async () => {
    const url = `/v1/sites/${apiary.siteId}/interventions`
    const cases: [object, string][] = [
      [{ kind: 'olive_harvest', at: '2026-07-14T09:30:00Z', kg: 3 }, 'body/kind'],
      [{ kind: 'harvest', at: '2026-07-14T09:30:00Z' }, 'body/kg'],
      [{ kind: 'inspection' }, 'body/at'],
      [{ kind: 'inspection', at: '2026-07-14T09:30:00Z', localTime: '2026-07-14T09:30' }, 'body/at'],
      [{ kind: 'inspection', at: '2026-07-14T09:30:00Z', deviceId: other.deviceId }, 'body/deviceId'],
      [{ kind: 'smoking', at: '2026-07-14T09:30:00Z' }, 'kind'],
    ]
    for (const [payload, field] of cases) {
      const response = await post(url, payload)
      expect(response.statusCode, JSON.stringify(payload)).toBe(400)
      expect(response.json<{ message: string }>().message).toContain(field)
    }
    expect((await post(url, { kind: 'inspection', at: '2026-07-14T09:30:00Z' }, bearer(other.key))).statusCode).toBe(404)
  })

  it("sets a grove's profile, and only on a grove", async () => {
    const set = await h.app.inject({
      method: 'PUT',
      url: `/v1/sites/${grove.siteId}/grove-profile`,
      headers: bearer(grove.key),
      payload: { variety: 'picual', trees: 420, pastYields: [{ season: 2025, kgPerTree: 31 }] },
    })
    expect(set.statusCode).toBe(200)
    expect(set.json()).toEqual({ siteId: grove.siteId, variety: 'picual', trees: 420, pastYields: [{ season: 2025, kgPerTree: 31 }] })
    const wrong = await h.app.inject({ method: 'PUT', url: `/v1/sites/${apiary.siteId}/grove-profile`, headers: ops, payload: { variety: 'picual', trees: 3 } })
    expect(wrong.statusCode).toBe(400)
  })

  it('serves the latest estimate to its partner only, and builds the monthly report as JSON and CSV', async () => {
    const yields = createYieldStore(h.pool)
    await yields.replaceDailyProduction(
      apiary.deviceId,
      [
        { day: '2026-06-30', netGainKg: 5, removedStepsKg: 0, coverage: 1 },
        { day: '2026-07-01', netGainKg: 1.25, removedStepsKg: 0, coverage: 1 },
        { day: '2026-07-02', netGainKg: 0.75, removedStepsKg: -18.5, coverage: 0.9 },
      ],
      'honey-test',
    )
    const estimate: HoneyEstimate = {
      seasonStart: '2026-03-01',
      seasonEnd: '2026-09-30',
      asOfDay: '2026-07-02',
      seasonToDateKg: 21.4,
      harvestableKg: 6.1,
      colonyLossKg: 0,
      flowActive: true,
      forecast: { expectedSeasonKg: 30, lowKg: 24, highKg: 37, level: 0.8 },
      hives: 1,
    }
    const inputs = { inputsFrom: new Date('2026-03-01T00:00:00Z'), inputsTo: new Date('2026-07-03T00:00:00Z'), season: '2026', modelVersion: 'honey-test' }
    await yields.addEstimate({ scope: 'hive', scopeId: apiary.deviceId, partnerId: apiary.partnerId, product: 'honey', estimate: { ...estimate }, ...inputs })
    await yields.addEstimate({ scope: 'site', scopeId: apiary.siteId, partnerId: apiary.partnerId, product: 'honey', estimate: { ...estimate }, ...inputs })

    const mine = await h.app.inject({ url: `/v1/yield/hives/${apiary.deviceId}`, headers: bearer(apiary.key) })
    expect(mine.statusCode).toBe(200)
    expect(mine.json()).toMatchObject({ modelVersion: 'honey-test', inputsTo: '2026-07-03T00:00:00.000Z', estimate: { forecast: { expectedSeasonKg: 30 } } })
    expect((await h.app.inject({ url: `/v1/yield/hives/${apiary.deviceId}`, headers: bearer(other.key) })).statusCode).toBe(404)
    expect((await h.app.inject({ url: `/v1/yield/partners/${apiary.partnerId}`, headers: bearer(other.key) })).statusCode).toBe(404)

    const report = await h.app.inject({ url: `/v1/reports/production?partnerId=${apiary.partnerId}&month=2026-07`, headers: bearer(apiary.key) })
    expect(report.statusCode).toBe(200)
    expect(report.json()).toMatchObject({
      month: '2026-07',
      honey: { monthKg: 2, sites: [{ siteId: apiary.siteId, monthKg: 2, seasonToDateKg: 21.4, hives: [{ deviceId: apiary.deviceId, daysWithData: 2, monthKg: 2 }] }] },
      modelVersions: ['honey-test'],
    })
    const csv = await h.app.inject({ url: `/v1/reports/production?partnerId=${apiary.partnerId}&month=2026-07&format=csv`, headers: bearer(apiary.key) })
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(csv.body.split('\r\n')[1]).toBe(`"honey","${apiary.siteId}","Site","${apiary.deviceId}","",2,-18.5,21.4,30,24,37`)
    const badMonth = await h.app.inject({ url: `/v1/reports/production?partnerId=${apiary.partnerId}&month=2026-13`, headers: ops })
    expect(badMonth.statusCode).toBe(400)
    expect(badMonth.json<{ message: string }>().message).toContain('month')
  })

  it('turns a harvest recorded through the API into a pending lot that ops confirm into available stock', async () => {
    const productId = `${apiary.partnerId}-honey`
    const product = await post('/v1/stock/products', {
      id: productId,
      partnerId: apiary.partnerId,
      name: 'Miel de printemps',
      kind: 'honey',
      unit: 'jar 250 g',
      unitKg: 0.25,
      receivesHarvests: true,
    })
    expect(product.statusCode).toBe(201)
    const harvest = await post(
      `/v1/sites/${apiary.siteId}/interventions`,
      { kind: 'harvest', deviceId: apiary.deviceId, localTime: '2026-08-20T10:00', kg: 12 },
      bearer(apiary.key),
    )
    expect(harvest.statusCode).toBe(201)
    const lots = await h.app.inject({ url: `/v1/stock/lots?productId=${productId}`, headers: bearer(apiary.key) })
    const [lot] = lots.json<{ lots: { id: string; status: string; estimatedUnits: number }[] }>().lots
    expect(lot).toMatchObject({ status: 'pending', estimatedUnits: 48 })
    const confirmed = await post(`/v1/stock/lots/${lot!.id}/confirm`, { quantity: 46, reason: 'extracted and jarred' })
    expect(confirmed.statusCode).toBe(200)
    expect(confirmed.json()).toMatchObject({ status: 'confirmed', available: 46 })
  })

  it('queues an on-demand recomputation for ops only', async () => {
    expect((await post('/v1/yield/recompute', { partnerId: apiary.partnerId }, bearer(apiary.key))).statusCode).toBe(403)
    const queued = await post('/v1/yield/recompute', { partnerId: apiary.partnerId })
    expect(queued.statusCode).toBe(202)
    expect(queued.json<{ jobId: string }>().jobId).toBeTruthy()
  })
})
