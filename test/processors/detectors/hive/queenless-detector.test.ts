import { describe, expect, it } from 'vitest'
import type { DetectorContext, DetectorReading } from '../../../../processors/detectors/detector.js'
import { replayDetector } from '../../../../processors/detectors/device/detector-replay.js'
import { createQueenlessDetector } from '../../../../processors/detectors/hive/queenless-detector.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const T0 = Date.parse('2024-06-01T00:00:00Z')
const context: DetectorContext = { device: { id: 'hive-1', partnerId: 'p1', siteId: 'site-1', kind: 'hive' } }

/** The day's swing, warmest at 15:00. */
const daily = (t: number) => Math.sin((2 * Math.PI * (t - T0 - 9 * HOUR)) / DAY)

/**
 * Half-hourly readings for `days`: outside air `ambientMean` ± `ambientSwing`, and a brood nest at
 * 34 °C that follows the outside swing with amplitude `broodSwingAt(day)` (0.15 °C when regulated).
 */
function hive(days: number, broodSwingAt: (day: number) => number, { ambientMean = 18, ambientSwing = 8, probe = 'temp_brood_c' } = {}) {
  const readings: DetectorReading[] = []
  for (let t = T0; t < T0 + days * DAY; t += HOUR / 2) {
    const swing = daily(t)
    readings.push({
      timeMs: t,
      sensor: '',
      fields: { temp_ambient_c: ambientMean + ambientSwing * swing, [probe]: 34 + broodSwingAt(Math.floor((t - T0) / DAY)) * swing },
    })
  }
  return readings
}

const run = (readings: DetectorReading[], batchSize?: number) =>
  replayDetector(createQueenlessDetector(), readings, context, { batchSize }).findings

describe('hive.queenless', () => {
  it('stays quiet while the brood nest is held at 34 °C', () => {
    expect(run(hive(5, () => 0.15))).toEqual([])
  })

  it('fires once the nest follows the outside air, after at least a day of evidence', () => {
    const findings = run(hive(4, () => 6))
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({ rule: 'hive.queenless', status: 'firing', severity: 'warning', evidence: { probe: 'brood', correlation: 1 } })
    expect(findings[0]!.atMs).toBeGreaterThanOrEqual(T0 + DAY)
    expect(findings[0]!.summary).toMatch(/^The brood nest is no longer kept warm and steady \(34 °C ± 4\.\d+, following the outside air\)/)
  })

  it.each([
    [1.9, 0],
    [2.4, 1],
  ])('a nest swinging ±%s °C with the outside (std dev either side of 1.5 °C) gives %s alerts', (swing, alerts) => {
    const findings = run(hive(4, () => swing))
    expect(findings).toHaveLength(alerts)
    if (alerts) expect(findings[0]!.evidence.nest_sd_c).toBeGreaterThan(1.5)
  })

  it('holds through a swing between the thresholds, and clears once the nest is regulated again', () => {
    const findings = run(hive(9, (day) => (day < 3 ? 2.4 : day < 6 ? 1.9 : 0.2)))
    expect(findings.map((f) => f.status)).toEqual(['firing', 'clear'])
    expect(findings[1]!.atMs).toBeGreaterThan(T0 + 6 * DAY)
    expect(findings[1]!.summary).toBe('The brood nest is held steady again.')
  })

  it('decides nothing in the cold, when a broodless winter cluster is normal', () => {
    expect(run(hive(4, () => 5, { ambientMean: 6, ambientSwing: 5 }))).toEqual([])
  })

  it('decides nothing without an outside temperature to compare with, or when it barely moves', () => {
    const noAmbient = hive(4, () => 6).map((r) => ({ ...r, fields: { temp_brood_c: r.fields.temp_brood_c! } }))
    expect(run(noAmbient)).toEqual([])
    expect(run(hive(4, () => 6, { ambientSwing: 1 }))).toEqual([])
  })

  it('uses the in-hive sensor when there is no brood probe, and says so', () => {
    const [fired] = run(hive(4, () => 6, { probe: 'temp_internal_c' }))
    expect(fired!.evidence.probe).toBe('internal')
  })

  it('judges nothing once the hive is gone from its scale or lies tipped over: the probes measure the air', () => {
    // The hive carried off on day 1: the probes left on the stand follow the air.
    const stolen = hive(4, (day) => (day < 1 ? 0.15 : 6)).map((r) => ({ ...r, fields: { ...r.fields, weight_kg: r.timeMs < T0 + DAY ? 45 : 0.4 } }))
    expect(run(stolen)).toEqual([])
    const tipped = hive(4, (day) => (day < 1 ? 0.15 : 6)).map((r) => ({ ...r, fields: { ...r.fields, tilt_deg: r.timeMs < T0 + DAY ? 1 : 80 } }))
    expect(run(tipped)).toEqual([])
    // A scale that lost its zero is not an empty scale.
    const negative = hive(4, () => 6).map((r) => ({ ...r, fields: { ...r.fields, weight_kg: -3 } }))
    expect(run(negative)).toHaveLength(1)
  })

  it('gives the same findings however the series is batched, with half-empty rows', () => {
    const readings = hive(9, (day) => (day < 4 ? 5 : 0.2)).flatMap((r, i) => [
      r,
      ...(i % 4 === 0 ? [{ timeMs: r.timeMs + 60_000, sensor: '', fields: { weight_kg: 40 } }] : []),
    ])
    const whole = run(readings)
    expect(whole.map((f) => f.status)).toEqual(['firing', 'clear'])
    for (const batchSize of [1, 13, 1000]) expect(run(readings, batchSize)).toEqual(whole)
  })

  it('keeps two days of hourly means, however fast the device samples', () => {
    const { state } = replayDetector(createQueenlessDetector(), hive(20, () => 0.15), context)
    expect(state.brood.length).toBeLessThanOrEqual(50)
    expect(JSON.stringify(state).length).toBeLessThan(6_000)
  })
})
