import { describe, expect, it } from 'vitest'
import type { DetectorContext, DetectorReading } from '../../../../processors/detectors/detector.js'
import { replayDetector } from '../../../../processors/detectors/device/detector-replay.js'
import { createTheftDetector, tiltFromAccelerometer, type TheftOptions } from '../../../../processors/detectors/hive/theft-detector.js'

const MIN = 60_000
const HOUR = 60 * MIN
const T0 = Date.parse('2024-09-01T00:00:00Z')
const context: DetectorContext = { device: { id: 'hive-1', partnerId: 'p1', siteId: 'site-1', kind: 'hive' } }

/** Readings every `everyMs`; `fieldsAt` gives each one's fields from its time offset. */
function series(hours: number, everyMs: number, fieldsAt: (sinceStartMs: number) => Record<string, number>): DetectorReading[] {
  const readings: DetectorReading[] = []
  for (let dt = 0; dt <= hours * HOUR; dt += everyMs) readings.push({ timeMs: T0 + dt, sensor: '', fields: fieldsAt(dt) })
  return readings
}
const between = (dt: number, fromH: number, toH: number) => dt >= fromH * HOUR && dt < toH * HOUR

const run = (readings: DetectorReading[], batchSize?: number, options?: TheftOptions) =>
  replayDetector(createTheftDetector(options), readings, context, { batchSize }).findings

describe('hive.theft', () => {
  it('fires once, critical, when the scale stays near empty, and clears when the hive is back', () => {
    const readings = series(12, 5 * MIN, (dt) => ({ weight_kg: between(dt, 4, 8) ? 0.4 : 45 }))
    const findings = run(readings)
    expect(findings.map((f) => [f.status, f.severity])).toEqual([
      ['firing', 'critical'],
      ['clear', 'critical'],
    ])
    expect(findings[0]!.atMs).toBe(T0 + 5 * HOUR)
    expect(findings[0]!.summary).toBe('The scale has read 0.4 kg for 60 min after carrying 45 kg: the hive is off the scale (theft?).')
    expect(findings[0]!.evidence).toMatchObject({ gone: true, level_before_kg: 45, empty_since: '2024-09-01T04:00:00.000Z' })
    expect(findings[1]!.atMs).toBe(T0 + 8 * HOUR + 5 * MIN)
  })

  it.each([
    [4.8, 1],
    [5.2, 0],
  ])('a hive reduced to %s kg for hours gives %s theft alerts (near empty: < 5 kg)', (left, alerts) => {
    const findings = run(series(10, 10 * MIN, (dt) => ({ weight_kg: dt >= 3 * HOUR ? left : 40 })))
    expect(findings.filter((f) => f.status === 'firing')).toHaveLength(alerts)
  })

  it('does not alarm for an inspection that lifts the whole hive off for 10–50 min', () => {
    for (const minutes of [10, 30, 50]) {
      const readings = series(6, 5 * MIN, (dt) => ({ weight_kg: dt >= 2 * HOUR && dt < 2 * HOUR + minutes * MIN ? 0.3 : 40 }))
      expect(run(readings)).toEqual([])
    }
  })

  it('does not take a harvest for a theft: a 25 kg removal leaves the brood chamber', () => {
    expect(run(series(10, 10 * MIN, (dt) => ({ weight_kg: dt >= 3 * HOUR ? 22 : 47 })))).toEqual([])
  })

  it('says nothing about a scale that never carried a hive, or a glitch to −58 kg', () => {
    expect(run(series(10, HOUR, () => ({ weight_kg: 0.2 })))).toEqual([])
    expect(run(series(10, HOUR, (dt) => ({ weight_kg: dt === 4 * HOUR || dt === 5 * HOUR ? -58 : 17 })))).toEqual([])
  })

  describe('boxes taken at night', () => {
    // T0 is 02:00 in Brussels (CEST) and 09:00 in Tokyo.
    const brussels: TheftOptions = { siteTimeZone: () => 'Europe/Brussels' }
    /** 55 kg, then `removedKg` taken over 10 min from `atH` hours after T0. */
    const removal = (atH: number, removedKg: number) =>
      series(16, 5 * MIN, (dt) => ({ weight_kg: 55 - removedKg * Math.min(1, Math.max(0, (dt - atH * HOUR) / (10 * MIN))) }))

    it('fires within two readings when ≥ 5 kg come off at night and stay off', () => {
      const findings = run(removal(1, 20), undefined, brussels)
      expect(findings.map((f) => [f.status, f.atMs - T0])).toEqual([['firing', HOUR + 10 * MIN]])
      expect(findings[0]!.summary).toBe('20 kg came off the hive at night (55 kg before) and stayed off: boxes or the hive taken (theft?).')
      expect(findings[0]!.evidence).toMatchObject({ taken_at_night: true, gone: false, removed_kg: 20, removed_since: '2024-09-01T01:05:00.000Z' })
    })

    it('leaves a removal by day, and a night-time step under 5 kg, to the other rules', () => {
      expect(run(removal(10, 20), undefined, brussels)).toEqual([]) // 12:00 in Brussels: a harvest
      expect(run(removal(1, 4.5), undefined, brussels)).toEqual([])
      expect(run(removal(1, 20), undefined, { siteTimeZone: () => 'Asia/Tokyo' })).toEqual([]) // 10:00 in Tokyo
      expect(run(removal(1, 20))).toEqual([]) // no time zone, no temperature cycle: night unknown
    })

    it('clears when the boxes are back', () => {
      const back = series(6, 5 * MIN, (dt) => ({ weight_kg: between(dt, 1, 3) ? 35 : 55 }))
      expect(run(back, undefined, brussels).map((f) => [f.status, f.atMs - T0])).toEqual([
        ['firing', HOUR + 5 * MIN],
        ['clear', 3 * HOUR + 5 * MIN],
      ])
    })

    it("learns the night from the site's own temperature cycle when its time zone is unknown", () => {
      // Three days of air warmest at 14:30 UTC (a site near longitude 0), then a removal.
      const air = (dt: number) => 15 + 6 * Math.cos((2 * Math.PI * (dt / HOUR - 14.5)) / 24)
      const night = series(80, 10 * MIN, (dt) => ({ temp_ambient_c: air(dt), weight_kg: dt >= 73 * HOUR ? 35 : 55 })) // 01:00 UTC
      const noon = series(90, 10 * MIN, (dt) => ({ temp_ambient_c: air(dt), weight_kg: dt >= 84 * HOUR ? 35 : 55 })) // 12:00 UTC
      expect(run(night).map((f) => [f.status, f.evidence.taken_at_night])).toEqual([['firing', true]])
      expect(run(noon)).toEqual([])
    })

    it('is the same however batched', () => {
      const readings = series(8, 5 * MIN, (dt) => ({ weight_kg: between(dt, 1, 3) ? 35 : 55, ...(dt % HOUR === 0 && { temp_ambient_c: 12 }) }))
      const whole = run(readings, undefined, brussels)
      expect(whole).toHaveLength(2)
      for (const batchSize of [1, 13]) expect(run(readings, batchSize, brussels)).toEqual(whole)
    })
  })

  it('does not take a scale that lost its zero (a steady negative load) for an empty one', () => {
    expect(run(series(10, 10 * MIN, (dt) => ({ weight_kg: dt >= 3 * HOUR ? -0.8 : 40 })))).toEqual([])
  })

  it('fires when the hive is tipped: beyond 45°, or 30° from where it usually stands, twice in a row', () => {
    const onSlope = (tiltAt: number) => run(series(6, 10 * MIN, (dt) => ({ tilt_deg: between(dt, 3, 6) ? tiltAt : 20 })))
    expect(onSlope(44)).toEqual([])
    expect(onSlope(46)).toHaveLength(1)
    const level = (tiltAt: number) => run(series(6, 10 * MIN, (dt) => ({ tilt_deg: between(dt, 3, 6) ? tiltAt : 1 })))
    expect(level(30.5)).toEqual([])
    expect(level(32)).toHaveLength(1)
    expect(level(32)[0]!.summary).toBe('The hive is tilted 32° from level: knocked over or being moved.')
    // One jolt is not enough.
    expect(run(series(6, 10 * MIN, (dt) => ({ tilt_deg: dt === 3 * HOUR ? 80 : 1 })))).toEqual([])
  })

  it('reads the tilt from the accelerometer when there is no tilt field', () => {
    expect(tiltFromAccelerometer(0, 0, 1)).toBe(0)
    expect(tiltFromAccelerometer(1, 0, 0)).toBeCloseTo(90)
    const readings = series(4, 10 * MIN, (dt) => (between(dt, 2, 4) ? { accel_x_g: 0.98, accel_y_g: 0, accel_z_g: 0.1 } : { accel_x_g: 0, accel_y_g: 0.01, accel_z_g: 1 }))
    expect(run(readings).map((f) => f.evidence.tipped)).toEqual([true])
  })

  it('gives one alert for a tilt flapping around 45°, cleared once the hive stands level again', () => {
    const readings = series(12, 10 * MIN, (dt) => {
      if (between(dt, 2, 8)) return { tilt_deg: Math.floor(dt / (10 * MIN)) % 2 === 0 ? 47 : 43 }
      return { tilt_deg: 2 }
    })
    expect(run(readings).map((f) => f.status)).toEqual(['firing', 'clear'])
  })

  it('gives the same findings however the series is batched, and skips rows without weight or tilt', () => {
    const readings = series(30, 5 * MIN, (dt): Record<string, number> => {
      if (dt % (15 * MIN) === 5 * MIN) return { temp_ambient_c: 18 }
      return { weight_kg: between(dt, 6, 20) ? 0.5 : 38, tilt_deg: between(dt, 22, 24) ? 60 : 1 }
    })
    const whole = run(readings)
    expect(whole.map((f) => f.status)).toEqual(['firing', 'clear', 'firing', 'clear'])
    for (const batchSize of [1, 9, 500]) expect(run(readings, batchSize)).toEqual(whole)
  })
})
