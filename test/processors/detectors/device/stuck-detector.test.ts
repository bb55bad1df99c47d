import { describe, expect, it } from 'vitest'
import type { DetectorContext, DetectorReading } from '../../../../processors/detectors/detector.js'
import { replayDetector } from '../../../../processors/detectors/device/detector-replay.js'
import { createStuckDetector } from '../../../../processors/detectors/device/stuck-detector.js'

const MIN = 60_000
const HOUR = 60 * MIN
const T0 = Date.parse('2024-04-01T00:00:00Z')
const context: DetectorContext = { device: { id: 'grove-1', partnerId: 'p1', siteId: 'site-1', kind: 'grove' } }

/** Readings every `everyMs` for `hours`, fields from the time since start. */
function series(hours: number, everyMs: number, fieldsAt: (dt: number) => Record<string, number>, sensor = ''): DetectorReading[] {
  const readings: DetectorReading[] = []
  for (let dt = 0; dt <= hours * HOUR; dt += everyMs) readings.push({ timeMs: T0 + dt, sensor, fields: fieldsAt(dt) })
  return readings
}
const varying = (dt: number) => 15 + Math.sin(dt / HOUR)
const run = (readings: DetectorReading[], batchSize?: number) =>
  replayDetector(createStuckDetector(), readings, context, { batchSize }).findings

describe('device.stuck', () => {
  it('fires when a temperature repeats exactly for 6 h, and clears at the first new value', () => {
    const readings = series(12, 5 * MIN, (dt) => ({ air_temp_c: dt >= 2 * HOUR && dt < 9 * HOUR ? 17.25 : varying(dt) }))
    const findings = run(readings)
    expect(findings.map((f) => [f.status, f.atMs])).toEqual([
      ['firing', T0 + 8 * HOUR],
      ['clear', T0 + 9 * HOUR],
    ])
    expect(findings[0]).toMatchObject({ severity: 'warning', evidence: { fields: 'air_temp_c', value: 17.25, samples: 73 } })
    expect(findings[0]!.summary).toBe('Stuck sensor: air temperature reported exactly 17.25 for 6 h.')
  })

  it.each([
    { frozen: '5 h 55 min', frozenMs: 5 * HOUR + 55 * MIN, alerts: 0 },
    { frozen: '6 h', frozenMs: 6 * HOUR, alerts: 1 },
  ])('a weight frozen for $frozen gives $alerts alerts', ({ frozenMs, alerts }) => {
    const readings = series(12, 5 * MIN, (dt) => ({ weight_kg: dt >= HOUR && dt <= HOUR + frozenMs ? 40.12 : 40 + varying(dt) / 100 }))
    expect(run(readings).filter((f) => f.status === 'firing')).toHaveLength(alerts)
  })

  it('needs at least 6 identical readings, whatever the time they span', () => {
    expect(run(series(12, 3 * HOUR, () => ({ air_temp_c: 20 })))).toEqual([])
    expect(run(series(10, HOUR, () => ({ air_temp_c: 20 })))).toHaveLength(1)
  })

  it('leaves alone fields that rest at a value: rain gauge, dry leaf, night, calm, full battery, a still hive', () => {
    const resting = series(48, 10 * MIN, () => ({
      rain_mm: 0,
      leaf_wetness_pct: 0,
      solar_w_m2: 0,
      wind_speed_m_s: 0,
      wind_dir_deg: 180,
      battery_pct: 100,
      battery_v: 4.1,
      tilt_deg: 1.2,
      accel_z_g: 1,
      humidity_ambient_pct: 100,
    }))
    expect(run(resting)).toEqual([])
    expect(run(series(12, 10 * MIN, () => ({ wind_speed_m_s: 0.5 })))).toEqual([])
    expect(run(series(12, 10 * MIN, () => ({ wind_speed_m_s: 0.6 })))).toHaveLength(1)
    // A tipping bucket counts 0.2 mm tips: steady drizzle repeats the same amount for hours.
    expect(run(series(8, 10 * MIN, () => ({ rain_mm: 0.2 })))).toEqual([])
  })

  it("learns a shorter limit from a series' own history: a probe that changes every reading is stuck after 6 h, not 48 h", () => {
    // Soil at 10 cm: changes every 15 min for a day and a half, then freezes.
    const soil = (frozenFromH: number) =>
      series(60, 15 * MIN, (dt) => ({ soil_temp_c_10cm: dt >= frozenFromH * HOUR ? 12.34 : 12 + Math.round(200 * Math.sin(dt / (3 * HOUR))) / 100 }))
    const findings = run(soil(36))
    expect(findings.map((f) => [f.status, f.atMs - T0])).toEqual([['firing', 42 * HOUR]])
    // Until a whole day has been seen the quantity's own limit (48 h) holds; then the day learned says
    // that 12 h without a change is far too long.
    expect(run(soil(12)).map((f) => f.atMs - T0)).toEqual([24 * HOUR])
    expect(run(series(47, 15 * MIN, () => ({ soil_temp_c_10cm: 12.34 })))).toEqual([])
  })

  it('keeps the longer limit for a quantised probe that often repeats itself for hours', () => {
    // Moisture at 0.1 % steps that sits 5 h at each value, then freezes for 20 h: within 3 × 5 h? No: 15 h < 20 h.
    const quantised = series(96, HOUR, (dt) => ({ soil_moisture_vwc_pct_30cm: dt >= 70 * HOUR ? 21 : 25 - Math.floor(dt / (5 * HOUR + 1)) / 10 }))
    const findings = run(quantised)
    expect(findings.map((f) => f.atMs - T0)).toEqual([(70 + 15) * HOUR])
    // ...and a run reported stuck is not learned as normal.
    const twice = series(200, HOUR, (dt) => ({ soil_moisture_vwc_pct_30cm: (dt >= 70 * HOUR && dt < 90 * HOUR) || dt >= 150 * HOUR ? 21 : 25 - dt / HOUR / 100 }))
    expect(run(twice).filter((f) => f.status === 'firing').map((f) => f.atMs - T0)).toEqual([76 * HOUR, 156 * HOUR])
  })

  it('gives integer humidity 24 h and deep soil 48 h before calling them stuck', () => {
    expect(run(series(23, HOUR, () => ({ air_humidity_pct: 67 })))).toEqual([])
    expect(run(series(24, HOUR, () => ({ air_humidity_pct: 67 })))).toHaveLength(1)
    expect(run(series(47, HOUR, () => ({ soil_temp_c_60cm: 14.1 })))).toEqual([])
    expect(run(series(48, HOUR, () => ({ soil_temp_c_60cm: 14.1 })))).toHaveLength(1)
  })

  it('raises one alert for several stuck fields, updating it at most hourly when another joins', () => {
    const readings = series(20, 10 * MIN, (dt) => ({
      air_temp_c: dt < 16 * HOUR ? 9.5 : varying(dt),
      air_humidity_pct: varying(dt) * 4,
      weight_kg: dt < 6 * HOUR ? varying(dt) : 33,
      ...(dt >= 19 * HOUR && { weight_kg: varying(dt) }),
    }))
    expect(run(readings).map((f) => [f.status, f.evidence.fields])).toEqual([
      ['firing', 'air_temp_c'],
      ['firing', 'air_temp_c,weight_kg'],
      ['clear', undefined],
    ])
  })

  it('follows each sensor of a device on its own', () => {
    const a = series(8, 10 * MIN, () => ({ soil_moisture_vwc_pct_30cm: 21 }), 'probe-a')
    const b = series(8, 10 * MIN, () => ({ air_temp_c: 8 }), 'probe-b').map((r) => ({ ...r, timeMs: r.timeMs + MIN }))
    const readings = [...a, ...b].sort((x, y) => x.timeMs - y.timeMs)
    expect(run(readings).map((f) => f.evidence.fields)).toEqual(['probe-b/air_temp_c'])
  })

  it('gives the same findings however it is batched, with half-empty rows', () => {
    const readings = series(30, 10 * MIN, (dt): Record<string, number> => (dt % (30 * MIN) === 0 ? { battery_v: 3.9 } : { air_temp_c: dt > 10 * HOUR && dt < 20 * HOUR ? 4 : varying(dt) }))
    const whole = run(readings)
    expect(whole.map((f) => f.status)).toEqual(['firing', 'clear'])
    for (const batchSize of [1, 4, 1000]) expect(run(readings, batchSize)).toEqual(whole)
  })
})
