import { describe, expect, it } from 'vitest'
import type { DetectorContext, DetectorReading } from '../../../../processors/detectors/detector.js'
import { replayDetector } from '../../../../processors/detectors/device/detector-replay.js'
import { hiveDetectors } from '../../../../processors/detectors/hive/index.js'
import { createManipulationDetector } from '../../../../processors/detectors/hive/manipulation-detector.js'

const MIN = 60_000
const HOUR = 60 * MIN
const T0 = Date.parse('2024-06-10T06:00:00Z')
const NOON = T0 + 6 * HOUR
const context: DetectorContext = { device: { id: 'hive-1', partnerId: 'p1', siteId: 'site-1', kind: 'hive' } }

/** A hive sampled every `everyMs`: `levels` are [from time, kg] steps; a few grams of noise. */
function hive(hours: number, everyMs: number, levels: [number, number][]): DetectorReading[] {
  const readings: DetectorReading[] = []
  for (let t = T0, i = 0; t <= T0 + hours * HOUR; t += everyMs, i++) {
    const kg = levels.filter(([from]) => t >= from).at(-1)![1]
    readings.push({ timeMs: t, sensor: '', fields: { weight_kg: kg + 0.02 * Math.sin(i * 1.3) } })
  }
  return readings
}

const manipulation = (readings: DetectorReading[], batchSize?: number) =>
  replayDetector(createManipulationDetector(), readings, context, { batchSize }).findings

/** Every finding of all hive detectors, as [rule, status, kind]. */
const allHiveFindings = (readings: DetectorReading[]) =>
  hiveDetectors().flatMap((d) => replayDetector(d, readings, context).findings.map((f) => [f.rule, f.status, f.evidence.kind]))

describe('hive.manipulation', () => {
  it('reports an inspection (lifted and put back) as an info event that starts and ends', () => {
    const readings = hive(8, 5 * MIN, [
      [T0, 42],
      [NOON, 27],
      [NOON + 25 * MIN, 42.2],
    ])
    const findings = manipulation(readings)
    expect(findings.map((f) => [f.status, f.severity, f.evidence.kind, f.evidence.size_kg])).toEqual([
      ['firing', 'info', 'inspection', -15],
      ['clear', 'info', 'inspection', -15],
    ])
    expect(findings[0]!.summary).toBe('Hive visit (15 kg lifted off and put back) at 2024-06-10 12:00 UTC: not counted as production.')
    expect(findings[0]!.evidence.started_at).toBe('2024-06-10T12:00:00.000Z')
    // Over once 30 min have passed without another step.
    expect(findings[1]!.atMs).toBe(NOON + 25 * MIN + 30 * MIN)
    expect(allHiveFindings(readings).filter(([rule]) => rule !== 'hive.manipulation')).toEqual([])
  })

  it.each([
    [-15, 'harvest'],
    [-25, 'harvest'],
    [-8.5, 'harvest'],
    [-7.5, 'super_removed'],
    [-6, 'super_removed'],
    [6, 'super_added'],
  ])('a step of %s kg that stays is a %s, never a theft or a swarm', (stepKg, kind) => {
    const readings = hive(8, 5 * MIN, [
      [T0, 50],
      [NOON, 50 + stepKg],
    ])
    const findings = allHiveFindings(readings)
    expect(findings).toEqual([
      ['hive.manipulation', 'firing', kind],
      ['hive.manipulation', 'clear', kind],
    ])
    const [fired] = manipulation(readings)
    expect(fired!.evidence.size_kg).toBe(stepKg)
    // A step that stays is known once it has held for the confirmation window.
    expect(fired!.atMs).toBeGreaterThanOrEqual(NOON + 60 * MIN)
  })

  it('treats a 2.9 kg step that stays, too slow for a swarm, as nothing (below the 3 kg box step)', () => {
    const slow = hive(8, 5 * MIN, [
      [T0, 50],
      [NOON, 49],
      [NOON + 30 * MIN, 48],
      [NOON + 60 * MIN, 47.1],
    ])
    expect(allHiveFindings(slow)).toEqual([])
    const box = hive(8, 5 * MIN, [
      [T0, 50],
      [NOON, 46.9],
    ])
    // 3.1 kg in one go is swarm-sized and -shaped: the swarm rule owns it, not this one.
    expect(allHiveFindings(box).map(([rule]) => rule)).toEqual(['hive.swarm'])
  })

  it('folds the steps of one visit into one event: boxes off, back on, a super added', () => {
    const readings = hive(10, 5 * MIN, [
      [T0, 40],
      [NOON, 22],
      [NOON + 20 * MIN, 40.1],
      [NOON + 35 * MIN, 45.5],
    ])
    const findings = manipulation(readings)
    expect(findings.map((f) => [f.status, f.evidence.kind, f.evidence.size_kg])).toEqual([
      ['firing', 'inspection', -18],
      ['clear', 'super_added', 5.5],
    ])
    expect(findings[1]!.evidence).toMatchObject({ steps: 2, net_kg: 5.5 })
    expect(findings[1]!.summary).toBe('Hive visit over after 35 min: box or feed added, +5.5 kg.')
  })

  it('reads a visit where most of what was lifted went back as an inspection', () => {
    const readings = hive(10, 5 * MIN, [
      [T0, 40],
      [NOON, 28],
      [NOON + 20 * MIN, 38.6],
    ])
    expect(manipulation(readings).map((f) => [f.status, f.evidence.kind])).toEqual([
      ['firing', 'inspection'],
      ['clear', 'inspection'],
    ])
  })

  it('ignores a one-sample glitch and lifts under 2 kg', () => {
    const glitch = hive(8, HOUR, [
      [T0, 40],
      [NOON, 95],
      [NOON + HOUR, 40],
    ])
    expect(allHiveFindings(glitch)).toEqual([])
    const lifted = (kg: number) =>
      hive(8, 5 * MIN, [
        [T0, 40],
        [NOON, 40 - kg],
        [NOON + 20 * MIN, 40],
      ])
    expect(manipulation(lifted(1.9))).toEqual([])
    expect(manipulation(lifted(2.1)).map((f) => f.evidence.kind)).toEqual(['inspection', 'inspection'])
  })

  it('takes one sample off and straight back, sampled every 5 min, for a glitch: a visit is seen twice', () => {
    const spike = hive(8, 5 * MIN, [
      [T0, 40],
      [NOON, 55],
      [NOON + 5 * MIN, 40],
    ])
    expect(allHiveFindings(spike)).toEqual([])
    // The roof coming off first makes it a visit.
    const visit = hive(8, 5 * MIN, [
      [T0, 40],
      [NOON, 39],
      [NOON + 5 * MIN, 30],
      [NOON + 10 * MIN, 40],
    ])
    expect(manipulation(visit).map((f) => f.evidence.kind)).toEqual(['inspection', 'inspection'])
  })

  it('reports no visit for a hive lying tipped over, nor for boxes taken at night (theft)', () => {
    const tipped = hive(8, 5 * MIN, [
      [T0, 50],
      [NOON, 20],
    ]).map((r) => ({ ...r, fields: { ...r.fields, tilt_deg: r.timeMs >= NOON ? 70 : 1 } }))
    expect(allHiveFindings(tipped).map(([rule]) => rule)).toEqual(['hive.theft'])
    const inBrussels = (stepAt: number) =>
      replayDetector(
        createManipulationDetector({ siteTimeZone: () => 'Europe/Brussels' }),
        hive(20, 5 * MIN, [
          [T0, 50],
          [stepAt, 30],
        ]),
        context,
      ).findings
    expect(inBrussels(T0 + 15 * HOUR)).toEqual([]) // 23:00
    expect(inBrussels(NOON).map((f) => f.evidence.kind)).toEqual(['harvest', 'harvest']) // 14:00
  })

  it('counts a small lift put back as an inspection when the lid was seen off (the upper probe cooled)', () => {
    const lift = (coolC: number) =>
      hive(8, 5 * MIN, [
        [T0, 40],
        [NOON, 38.5],
        [NOON + 15 * MIN, 40],
      ]).map((r) => ({
        ...r,
        fields: { ...r.fields, temp_ambient_c: 16, temp_internal_c: r.timeMs >= NOON && r.timeMs < NOON + 15 * MIN ? 26 - coolC : 26 },
      }))
    expect(manipulation(lift(0))).toEqual([])
    expect(manipulation(lift(0.5))).toEqual([])
    expect(manipulation(lift(2)).map((f) => [f.status, f.evidence.kind, f.evidence.size_kg])).toEqual([
      ['firing', 'inspection', -1.5],
      ['clear', 'inspection', -1.5],
    ])
  })

  it('gives the same findings however the series is batched', () => {
    const readings = hive(30, 5 * MIN, [
      [T0, 40],
      [NOON, 22],
      [NOON + 20 * MIN, 40.1],
      [NOON + 6 * HOUR, 28],
    ])
    const whole = manipulation(readings)
    expect(whole).toHaveLength(4)
    for (const batchSize of [1, 5, 333]) expect(manipulation(readings, batchSize)).toEqual(whole)
  })
})
