import { describe, expect, it } from 'vitest'
import type { DetectorContext, DetectorReading } from '../../../../processors/detectors/detector.js'
import { replayDetector } from '../../../../processors/detectors/device/detector-replay.js'
import { createOutOfRangeDetector } from '../../../../processors/detectors/device/out-of-range-detector.js'

const MIN = 60_000
const HOUR = 60 * MIN
const T0 = Date.parse('2024-08-01T00:00:00Z')
const context: DetectorContext = { device: { id: 'hive-1', partnerId: 'p1', siteId: 'site-1', kind: 'hive' } }

/** One reading per value of `field`, every `everyMs`. */
const values = (field: string, list: number[], everyMs = 10 * MIN): DetectorReading[] =>
  list.map((value, i) => ({ timeMs: T0 + i * everyMs, sensor: '', fields: { [field]: value } }))
const run = (readings: DetectorReading[], batchSize?: number) =>
  replayDetector(createOutOfRangeDetector(), readings, context, { batchSize }).findings

describe('device.out_of_range', () => {
  it.each([
    ['temp_brood_c', 49.5, 0],
    ['temp_brood_c', 50.5, 1],
    ['temp_internal_c', -29, 0],
    ['temp_internal_c', -31, 1],
    ['weight_kg', -0.5, 0],
    ['weight_kg', -1.5, 1],
    ['weight_kg', 199, 0],
    ['weight_kg', 201, 1],
    ['soil_moisture_vwc_pct_30cm', 59, 0],
    ['soil_moisture_vwc_pct_30cm', 61, 1],
    ['temp_ambient_c', 59, 0],
    ['temp_ambient_c', 61, 1],
  ])('%s at %s for two readings gives %s alerts', (field, value, alerts) => {
    expect(run(values(field, [value, value]))).toHaveLength(alerts)
  })

  it('leaves a single impossible sample to device.spike', () => {
    expect(run(values('temp_brood_c', [35, 80, 35, 35]))).toEqual([])
  })

  it('fires for humidity under 3 % for 1 h, not sooner; saturated air (fog, dew) at 100 % is no fault', () => {
    const held = (field: string, value: number, samples: number) => values(field, Array<number>(samples).fill(value), 10 * MIN)
    expect(run(held('air_humidity_pct', 1.5, 6))).toEqual([]) // 50 min
    expect(run(held('air_humidity_pct', 1.5, 7))).toHaveLength(1) // 1 h
    expect(run(held('humidity_internal_pct', 0, 7))).toHaveLength(1)
    expect(run(held('air_humidity_pct', 3.5, 40))).toEqual([])
    expect(run(held('humidity_ambient_pct', 100, 100))).toEqual([])
  })

  it('alerts once for a value flapping at the limit, and clears after two readings well inside', () => {
    const findings = run(values('temp_brood_c', [51, 51, 49, 51, 49.5, 50.5, 48.5, 47, 47]))
    expect(findings.map((f) => [f.status, f.atMs])).toEqual([
      ['firing', T0 + 10 * MIN],
      ['clear', T0 + 8 * 10 * MIN],
    ])
    expect(findings[0]!.summary).toBe('Impossible reading: brood temperature at 51; check the sensor and its placement.')
  })

  it('raises one alert for several fields, and clears when the last is back', () => {
    const readings: DetectorReading[] = [
      { temp_brood_c: 60, weight_kg: 40 },
      { temp_brood_c: 60, weight_kg: 40 },
      { temp_brood_c: 35, weight_kg: 250 },
      { temp_brood_c: 35, weight_kg: 250 },
      { temp_brood_c: 35, weight_kg: 40 },
      { temp_brood_c: 35, weight_kg: 40 },
    ].map((fields, i) => ({ timeMs: T0 + i * HOUR, sensor: '', fields }))
    expect(run(readings).map((f) => [f.status, f.evidence.fields])).toEqual([
      ['firing', 'temp_brood_c'],
      ['firing', 'weight_kg'],
      ['clear', undefined],
    ])
  })

  it('gives the same findings however it is batched, with half-empty rows', () => {
    const readings = values('weight_kg', [40, -3, -3, -3, 40, 40, 40, 250, 250, 40, 40]).flatMap((r) => [
      r,
      { timeMs: r.timeMs + MIN, sensor: '', fields: { battery_pct: 80 } },
    ])
    const whole = run(readings)
    expect(whole.map((f) => f.status)).toEqual(['firing', 'clear', 'firing', 'clear'])
    for (const batchSize of [1, 3, 1000]) expect(run(readings, batchSize)).toEqual(whole)
  })
})
