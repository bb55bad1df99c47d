import { describe, expect, it } from 'vitest'
import type { DetectorContext, DetectorReading } from '../../../../processors/detectors/detector.js'
import { replayDetector } from '../../../../processors/detectors/device/detector-replay.js'
import { createStarvationDetector, type StarvationOptions } from '../../../../processors/detectors/hive/starvation-detector.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const T0 = Date.parse('2024-01-08T00:00:00Z')
const context: DetectorContext = { device: { id: 'hive-1', partnerId: 'p1', siteId: 'site-1', kind: 'hive' } }

/** Hourly weights: `dailyMeanKg(day)` plus a within-day swing that averages out over the day. */
function hive(days: number, dailyMeanKg: (day: number) => number): DetectorReading[] {
  const readings: DetectorReading[] = []
  for (let t = T0; t <= T0 + days * DAY; t += HOUR) {
    const day = Math.floor((t - T0) / DAY)
    readings.push({ timeMs: t, sensor: '', fields: { weight_kg: dailyMeanKg(day) + 0.3 * Math.sin((2 * Math.PI * (t - T0)) / DAY) } })
  }
  return readings
}

const run = (readings: DetectorReading[], options?: StarvationOptions, batchSize?: number) =>
  replayDetector(createStarvationDetector(options), readings, context, { batchSize }).findings

describe('hive.starvation', () => {
  it('warns when the stores will last ≤ 21 days, and turns critical under 7', () => {
    const findings = run(hive(16, (day) => 30 - 0.5 * day))
    expect(findings.map((f) => [f.status, f.severity, f.evidence.days_left])).toEqual([
      ['firing', 'warning', 13],
      ['firing', 'critical', 6],
    ])
    // Judged at the first reading of each day over at least 7 complete days; two verdicts in a row.
    expect(findings[0]!.atMs).toBe(T0 + 8 * DAY)
    expect(findings[0]!.summary).toBe('Stores running out: about 6.5 kg left and the hive is losing 0.5 kg a day (~13 days); feed the colony.')
  })

  it.each([
    [27.1, 0],
    [26.6, 1],
  ])('a hive starting at %s kg, losing 0.25 kg a day (stores lasting either side of 21 days), gives %s alerts', (startKg, alerts) => {
    expect(run(hive(8, (day) => startKg - 0.25 * day))).toHaveLength(alerts)
  })

  it('clears after a feeding; a harvest or a box added does not move the consumption rate', () => {
    const fed = run(hive(14, (day) => 30 - 0.5 * day + (day >= 9 ? 12 : 0)))
    expect(fed.map((f) => f.status)).toEqual(['firing', 'clear'])
    expect(fed[1]!.summary).toMatch(/^Stores back to about \d+(\.\d)? kg, enough for over 30 days\.$/)
    const harvested = run(hive(20, (day) => 50 - 0.2 * day - (day >= 5 ? 10 : 0) + (day >= 12 ? 4 : 0)))
    expect(harvested).toEqual([])
  })

  it('holds the alert while the loss slows below its 0.03 kg/day floor, and clears once it stops', () => {
    // Stores under the 5 kg reserve; day-to-day losses of 0.03 / 0.05, then 0.01 / 0.03, then a gain.
    const loss = (day: number) => (day < 15 ? 0.04 : day < 35 ? 0.02 : -0.02) + (day % 2 ? 0.01 : -0.01)
    const means = [24]
    for (let day = 1; day < 50; day++) means.push(means[day - 1]! - loss(day))
    const findings = run(hive(49, (day) => means[day]!))
    expect(findings.map((f) => f.status)).toEqual(['firing', 'clear'])
    expect(findings[1]!.atMs).toBeGreaterThan(T0 + 35 * DAY)
  })

  it('says so plainly when the hive weighs no more than its empty weight', () => {
    const [fired] = run(hive(8, (day) => 18 - 0.1 * day))
    expect(fired!.summary).toBe(
      "Stores may be gone: the hive weighs 17.3 kg, no more than an empty hive (20 kg), and is losing 0.1 kg a day; feed the colony, and check this hive's empty weight setting.",
    )
    expect(run(hive(8, (day) => 18 - 0.1 * day), { emptyHiveKg: 8 })).toEqual([])
  })

  it('skips days the hive was off the scale and gives the same findings however it is batched', () => {
    const readings = hive(16, (day) => (day === 4 ? 0.3 : 30 - 0.5 * day)).flatMap((r, i) =>
      i % 5 === 0 ? [r, { timeMs: r.timeMs + 60_000, sensor: '', fields: { temp_ambient_c: 2 } }] : [r],
    )
    const whole = run(readings)
    expect(whole.map((f) => f.severity)).toEqual(['warning', 'critical'])
    for (const batchSize of [1, 24, 1000]) expect(run(readings, undefined, batchSize)).toEqual(whole)
  })

  it('gives no verdict while the hive lies tipped over, its weight partly on the ground', () => {
    const readings: DetectorReading[] = hive(16, (day) => (day < 8 ? 45 - 0.1 * day : 12)).map((r) => ({
      ...r,
      fields: { ...r.fields, tilt_deg: r.timeMs < T0 + 8 * DAY ? 1 : 75 },
    }))
    expect(run(readings)).toEqual([])
    const standing = readings.map((r) => ({ ...r, fields: { weight_kg: r.fields.weight_kg! } }))
    expect(run(standing).length).toBeGreaterThan(0)
  })

  it('keeps two weeks of daily means', () => {
    const { state } = replayDetector(createStarvationDetector(), hive(120, () => 40), context)
    expect(state.days.length).toBeLessThanOrEqual(15)
  })
})
