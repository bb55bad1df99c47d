import { describe, expect, it } from 'vitest'
import { createHeatDetector } from '../../../../processors/detectors/grove/heat-detector.js'
import { airReadings, BATCHINGS, HOUR, MINUTE, repeat, runDetector, simulatedReadings } from './grove-series.js'

const TEN_MIN = 10 * MINUTE
const JULY_NOON = '2024-07-20T12:00:00Z'
const MAY_NOON = '2024-05-20T12:00:00Z'
const run = (temps: number[], start = JULY_NOON, options = {}) => runDetector(createHeatDetector(options), airReadings(start, TEN_MIN, temps))

describe('grove.heat', () => {
  it('fires once the air has stayed above 40 °C for an hour', () => {
    const { findings } = run([38, 40.5, 41, 41.2, 41, 40.8, 40.6, 40.4])
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({ rule: 'grove.heat', status: 'firing', severity: 'warning' })
    expect(findings[0]!.atMs).toBe(Date.parse(JULY_NOON) + 7 * TEN_MIN)
    expect(findings[0]!.summary).toBe('Air at 41.2 °C for 1 h: heat stress for trees and fruit')
    expect(findings[0]!.evidence).toMatchObject({ maxAirTempC: 41.2, durationMin: 60, floweringPeriod: false })
  })

  it('does not fire for 50 minutes above 40 °C, nor for air at exactly 40 °C', () => {
    expect(run([38, 41, 41, 41, 41, 41, 41, 39, 38]).findings).toEqual([])
    expect(run(repeat(40, 20)).findings).toEqual([])
  })

  it('is critical during flowering and fruit set, where pollen suffers', () => {
    const { findings } = run(repeat(41, 7), MAY_NOON)
    expect(findings[0]).toMatchObject({ severity: 'critical' })
    expect(findings[0]!.summary).toBe('Air at 41.0 °C for 1 h during flowering/fruit set: heat risk to pollen and fruit set')
    expect(run(repeat(41, 7), MAY_NOON, { hemisphere: 'south' }).findings[0]!.severity).toBe('warning')
  })

  it('takes a lower threshold where the pollen limit is wanted', () => {
    expect(run(repeat(36, 7), MAY_NOON, { thresholdC: 35, clearBelowC: 32 }).findings).toHaveLength(1)
    expect(() => createHeatDetector({ thresholdC: 35 })).toThrow(/clear level 37 °C/)
  })

  it('gives one alert for an afternoon hovering around 40 °C, cleared below 37 °C for an hour', () => {
    const hovering = Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? 40.5 : 38))
    const { findings } = run([...repeat(41, 7), ...hovering, ...repeat(36.5, 5), 37.5, ...repeat(36, 7)])
    expect(findings.map((f) => f.status)).toEqual(['firing', 'clear'])
    expect(findings[1]!.atMs).toBe(Date.parse(JULY_NOON) + (7 + 24 + 6 + 6) * TEN_MIN)
    expect(findings[1]!.summary).toBe('Air back below 37.0 °C for 1 h: heat over (highest 41.0 °C)')
  })

  it('refreshes when the heat rises by 0.5 °C, no sooner than an hour after the last firing', () => {
    const { findings } = run([...repeat(40.5, 7), ...repeat(41.5, 6), 41.6])
    expect(findings.map((f) => f.atMs - Date.parse(JULY_NOON))).toEqual([6 * TEN_MIN, 12 * TEN_MIN])
    expect(findings[1]!.evidence.maxAirTempC).toBe(41.5)
  })

  it('skips rows without air temperature and finds the same whatever the batch sizes', () => {
    const afternoon = (peak: number) => Array.from({ length: 144 }, (_, i) => peak - 14 * (1 - Math.cos((2 * Math.PI * (i - 90)) / 144)) / 2)
    const temps = [...afternoon(42), ...afternoon(39), ...afternoon(43)]
    const readings = airReadings('2024-07-20T00:00:00Z', TEN_MIN, temps).flatMap((r, i) =>
      i % 4 === 0 ? [r, { timeMs: r.timeMs + MINUTE, sensor: 'station', fields: { air_humidity_pct: 20 } }] : [r],
    )
    const whole = runDetector(createHeatDetector(), readings).findings
    // Each hot afternoon: one alert, refreshed hourly while the heat climbs, cleared in the evening.
    expect(whole.map((f) => f.status)).toEqual(['firing', 'firing', 'clear', 'firing', 'firing', 'firing', 'clear'])
    for (const sizes of BATCHINGS) expect(runDetector(createHeatDetector(), readings, sizes).findings).toEqual(whole)
    expect(whole.every((f, i) => i === 0 || f.atMs - whole[i - 1]!.atMs >= HOUR)).toBe(true)
  })

  it('stays quiet through an ordinary mild spring week in a simulated Jaén grove', () => {
    const readings = simulatedReadings({ seed: 4 }, '2024-04-08', 7, TEN_MIN)
    expect(runDetector(createHeatDetector({ timeZone: 'Europe/Madrid' }), readings).findings).toEqual([])
  })
})
