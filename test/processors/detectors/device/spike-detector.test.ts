import { describe, expect, it } from 'vitest'
import type { DetectorContext, DetectorReading } from '../../../../processors/detectors/detector.js'
import { replayDetector } from '../../../../processors/detectors/device/detector-replay.js'
import { createSpikeDetector } from '../../../../processors/detectors/device/spike-detector.js'

const MIN = 60_000
const HOUR = 60 * MIN
const T0 = Date.parse('2024-07-01T00:00:00Z')
const context: DetectorContext = { device: { id: 'hive-1', partnerId: 'p1', siteId: 'site-1', kind: 'hive' } }

/** `field` every `everyMs` over `hours`, a gentle curve plus `jumps` (sample index → added value). */
function series(field: string, base: number, hours: number, everyMs: number, jumps: Record<number, number> = {}): DetectorReading[] {
  const readings: DetectorReading[] = []
  for (let i = 0; i * everyMs <= hours * HOUR; i++) {
    const value = base + 0.5 * Math.sin(i / 10) + (jumps[i] ?? 0)
    readings.push({ timeMs: T0 + i * everyMs, sensor: '', fields: { [field]: value } })
  }
  return readings
}

const run = (readings: DetectorReading[], batchSize?: number) =>
  replayDetector(createSpikeDetector(), readings, context, { batchSize }).findings

describe('device.spike', () => {
  it('reports a one-sample temperature jump one sample late, and clears an hour after', () => {
    const findings = run(series('temp_internal_c', 30, 4, 5 * MIN, { 12: 16 }))
    expect(findings.map((f) => [f.status, f.severity, f.atMs])).toEqual([
      ['firing', 'info', T0 + 13 * 5 * MIN],
      ['clear', 'info', T0 + 13 * 5 * MIN + HOUR],
    ])
    expect(findings[0]!.evidence).toMatchObject({ field: 'temp_internal_c', at: '2024-07-01T01:00:00.000Z', spikes: 1 })
    expect(findings[0]!.summary).toMatch(/^Sensor glitch: in-hive temperature jumped to 46\.\d+ for one reading at 2024-07-01 01:00 UTC and came straight back\.$/)
  })

  it.each([
    ['temp_ambient_c', 14, 0],
    ['temp_ambient_c', 16, 1],
    ['weight_kg', 9.5, 0],
    ['weight_kg', 10.5, 1],
    ['weight_kg', -10.5, 1],
  ])('a one-sample jump of %s by %s gives %s alerts (floors 15 °C, 10 kg)', (field, jump, alerts) => {
    const findings = run(series(field, 30, 4, 5 * MIN, { 20: jump }))
    expect(findings.filter((f) => f.status === 'firing')).toHaveLength(alerts)
  })

  it('is not fooled by a step that stays, nor by a two-sample excursion', () => {
    const step = series('weight_kg', 30, 4, 5 * MIN, Object.fromEntries(Array.from({ length: 40 }, (_, i) => [i + 10, 20])))
    expect(run(step)).toEqual([])
    expect(run(series('weight_kg', 30, 4, 5 * MIN, { 20: 25, 21: 25 }))).toEqual([])
  })

  it('on an hourly scale, leaves a 10–30 kg one-sample excursion to the inspection rule, but not 30 kg or below −1 kg', () => {
    expect(run(series('weight_kg', 30, 12, HOUR, { 5: -18 }))).toEqual([])
    expect(run(series('weight_kg', 30, 12, HOUR, { 5: 14 }))).toEqual([])
    expect(run(series('weight_kg', 30, 12, HOUR, { 5: 38 })).map((f) => f.status)).toEqual(['firing', 'clear'])
    const negative = run(series('weight_kg', 17, 12, HOUR, { 5: -75 })).filter((f) => f.status === 'firing')
    expect(negative.map((f) => f.evidence.value)).toEqual([expect.closeTo(-57.5, 0)])
  })

  it('aggregates a burst: one alert while spikes keep coming within the hour, updated at most hourly', () => {
    const burst = Object.fromEntries(Array.from({ length: 10 }, (_, k) => [20 + 4 * k, 20]))
    const findings = run(series('temp_brood_c', 34, 8, 5 * MIN, burst))
    expect(findings.map((f) => [f.status, f.evidence.spikes])).toEqual([
      ['firing', 1],
      ['firing', 4],
      ['firing', 7],
      ['firing', 10],
      ['clear', 10],
    ])
    const apart = run(series('temp_brood_c', 34, 8, 5 * MIN, { 20: 20, 60: 20 }))
    expect(apart.map((f) => f.status)).toEqual(['firing', 'clear', 'firing', 'clear'])
  })

  it('gives the same findings however it is batched, with half-empty rows', () => {
    const readings = series('weight_kg', 40, 24, 5 * MIN, { 30: 50, 100: -45, 103: 30, 200: 12 }).flatMap((r, i) =>
      i % 3 ? [r] : [r, { timeMs: r.timeMs + MIN, sensor: '', fields: { humidity_internal_pct: 60 } }],
    )
    const whole = run(readings)
    expect(whole.filter((f) => f.status === 'firing').length).toBeGreaterThanOrEqual(3)
    for (const batchSize of [1, 2, 1000]) expect(run(readings, batchSize)).toEqual(whole)
  })
})
