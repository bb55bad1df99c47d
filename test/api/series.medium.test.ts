import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, readingPoint, seedPartner, startApi, type ApiHarness, type SeededPartner } from './api-harness.js'

const T0 = Date.parse('2025-06-01T10:00:00.000Z')
const minute = (n: number) => new Date(T0 + n * 60_000)
const iso = (n: number) => minute(n).toISOString()

describe('GET /v1/devices/:deviceId/series', () => {
  let h: ApiHarness
  let alpha: SeededPartner
  let beta: SeededPartner
  const series = (deviceId: string, query: string, key = h.opsKey) =>
    h.app.inject({ url: `/v1/devices/${deviceId}/series?${query}`, headers: bearer(key) })

  beforeAll(async () => {
    h = await startApi()
    alpha = await seedPartner(h, 'hive')
    beta = await seedPartner(h, 'hive')
    const points = Array.from({ length: 10 }, (_, i) =>
      readingPoint(alpha, minute(i), { weight_kg: 40 + i / 10, temp_brood_c: 34 + (i % 2) }, { seq: i, serverTime: i === 3 }),
    )
    // A second sensor unit on the same scale, and another partner's device in the same measurement.
    points.push(readingPoint(alpha, minute(1), { weight_kg: 99 }, { seq: 100, sensor: 'b' }))
    points.push(readingPoint(alpha, minute(2), { weight_kg: 98 }, { seq: 101, sensor: 'b' }))
    points.push(readingPoint(beta, minute(1), { weight_kg: 7 }, { seq: 1 }))
    await h.influx.writePoints(points)
  })
  afterAll(() => h.close())

  it('returns raw readings with their timestamps, seq and server-time flag', async () => {
    const response = await series(alpha.deviceId, `from=${iso(0)}&to=${iso(5)}&fields=weight_kg`)
    expect(response.statusCode).toBe(200)
    const body = response.json()
    expect(body).toMatchObject({ deviceId: alpha.deviceId, measurement: 'hive', from: iso(0), to: iso(5), window: null })
    expect(body.columns).toEqual(['weight_kg'])
    const main = body.points.filter((p: { sensor: string | null }) => p.sensor === null)
    expect(main.map((p: { time: string }) => p.time)).toEqual([iso(0), iso(1), iso(2), iso(3), iso(4)])
    expect(main[2]).toEqual({ time: iso(2), sensor: null, seq: 2, serverTime: false, values: { weight_kg: 40.2 } })
    expect(main[3].serverTime).toBe(true)
    expect(body.points.filter((p: { sensor: string | null }) => p.sensor === 'b')).toHaveLength(2)
    expect(body.points.some((p: { values: { weight_kg: number } }) => p.values.weight_kg === 7)).toBe(false)
  })

  it('defaults to every stored field in contract order, filters by sensor and honours limit', async () => {
    const all = (await series(alpha.deviceId, `from=${iso(0)}&to=${iso(1)}`)).json()
    expect(all.columns).toEqual(['weight_kg', 'temp_brood_c'])
    expect(all.points).toEqual([{ time: iso(0), sensor: null, seq: 0, serverTime: false, values: { weight_kg: 40, temp_brood_c: 34 } }])

    const sensorB = (await series(alpha.deviceId, `from=${iso(0)}&to=${iso(10)}&sensor=b&fields=weight_kg`)).json()
    expect(sensorB.points.map((p: { values: { weight_kg: number } }) => p.values.weight_kg)).toEqual([99, 98])

    const limited = (await series(alpha.deviceId, `from=${iso(0)}&to=${iso(10)}&limit=3`)).json()
    expect(limited.points).toHaveLength(3)
    expect(limited.truncated).toBe(true)
  })

  it('aggregates per window and sensor, bucket start as time', async () => {
    const mean = (await series(alpha.deviceId, `from=${iso(0)}&to=${iso(10)}&window=5m&fields=weight_kg,temp_brood_c`)).json()
    expect(mean).toMatchObject({ window: '5m', aggregate: 'mean', columns: ['weight_kg', 'temp_brood_c'] })
    const main = mean.points.filter((p: { sensor: string | null }) => p.sensor === null)
    expect(main.map((p: { time: string }) => p.time)).toEqual([iso(0), iso(5)])
    expect(main[0].values.weight_kg).toBeCloseTo(40.2, 9)
    expect(main[1].values.weight_kg).toBeCloseTo(40.7, 9)
    expect(main[0].values.temp_brood_c).toBeCloseTo(34.4, 9)
    expect(main[0]).not.toHaveProperty('seq')
    const b = mean.points.filter((p: { sensor: string | null }) => p.sensor === 'b')
    expect(b).toEqual([
      { time: iso(0), sensor: 'b', values: { weight_kg: 98.5, temp_brood_c: null } },
      { time: iso(5), sensor: 'b', values: { weight_kg: null, temp_brood_c: null } },
    ])

    const max = (await series(alpha.deviceId, `from=${iso(0)}&to=${iso(10)}&window=1h&aggregate=max&fields=weight_kg&sensor=b`)).json()
    expect(max.points).toEqual([{ time: iso(0), sensor: 'b', values: { weight_kg: 99 } }])
  })

  it.each([
    ['from=yesterday', 'querystring/from must be an ISO date-time'],
    [`to=${iso(5)}`, 'querystring/from is required'],
    [`from=${iso(5)}&to=${iso(1)}`, 'querystring/to must be after querystring/from'],
    [`from=${iso(0)}&fields=weight_kg,bogus_field`, 'querystring/fields names "bogus_field"'],
    [`from=${iso(0)}&fields=air_temp_c`, 'not a hive field'],
    [`from=${iso(0)}&window=5x`, 'querystring/window'],
    [`from=${iso(0)}&window=0m`, 'querystring/window must be a positive duration'],
    [`from=2025-01-01T00:00:00Z&to=2025-01-02T00:00:00Z&window=1s`, 'querystring/window gives 86400 buckets'],
    [`from=${iso(0)}&aggregate=max`, 'querystring/aggregate needs querystring/window'],
    [`from=${iso(0)}&window=1m&aggregate=avg`, 'querystring/aggregate must be one of mean'],
    [`from=${iso(0)}&limit=0`, 'querystring/limit'],
  ])('answers 400 naming the field for %s', async (query, message) => {
    const response = await series(alpha.deviceId, query)
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual({ error: 'Bad Request', message: expect.stringContaining(message) })
  })

  it("answers 404 for another partner's device, even with valid parameters", async () => {
    const response = await series(beta.deviceId, `from=${iso(0)}&to=${iso(5)}`, alpha.key)
    expect(response.statusCode).toBe(404)
    expect((await series(alpha.deviceId, `from=${iso(0)}&to=${iso(5)}`, alpha.key)).statusCode).toBe(200)
  })

  it('answers 503 with Retry-After when InfluxDB is unreachable', async () => {
    const down = await startApi({}, { url: 'http://127.0.0.1:1', timeoutMs: 500 })
    try {
      const response = await down.app.inject({
        url: `/v1/devices/${alpha.deviceId}/series?from=${iso(0)}&fields=weight_kg`,
        headers: bearer(down.opsKey),
      })
      expect(response.statusCode).toBe(503)
      expect(response.headers['retry-after']).toBe('5')
      expect(response.json().message).toContain('InfluxDB')
    } finally {
      await down.close()
    }
  })
})
