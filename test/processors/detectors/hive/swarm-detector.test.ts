import { describe, expect, it } from 'vitest'
import type { DetectorContext, DetectorReading } from '../../../../processors/detectors/detector.js'
import { replayDetector } from '../../../../processors/detectors/device/detector-replay.js'
import { createSwarmDetector, type SwarmOptions } from '../../../../processors/detectors/hive/swarm-detector.js'

const MIN = 60_000
const HOUR = 60 * MIN
const T0 = Date.parse('2024-05-15T06:00:00Z')
const context: DetectorContext = { device: { id: 'hive-1', partnerId: 'p1', siteId: 'site-1', kind: 'hive' } }

/** Weight that holds `kg` until `atMs`, then moves linearly to the next level over `overMs`. */
type Step = { atMs: number; kg: number; overMs?: number }
function weightAt(start: number, steps: readonly Step[], t: number): number {
  let kg = start
  for (const step of steps) {
    if (t <= step.atMs) break
    const over = step.overMs ?? 0
    kg = over > 0 && t < step.atMs + over ? kg + ((step.kg - kg) * (t - step.atMs)) / over : step.kg
  }
  return kg
}

function hive(hours: number, everyMs: number, start: number, steps: Step[] = [], extra?: (t: number) => Record<string, number>): DetectorReading[] {
  const readings: DetectorReading[] = []
  for (let t = T0, i = 0; t <= T0 + hours * HOUR; t += everyMs, i++) {
    // A few grams of scale noise, as real load cells give.
    const weight_kg = weightAt(start, steps, t) + 0.02 * Math.sin(i * 1.7)
    readings.push({ timeMs: t, sensor: '', fields: { weight_kg, temp_ambient_c: 22, ...extra?.(t) } })
  }
  return readings
}

const NOON = T0 + 6 * HOUR
const run = (readings: DetectorReading[], options?: SwarmOptions, batchSize?: number) =>
  replayDetector(createSwarmDetector(options), readings, context, { batchSize }).findings

describe('hive.swarm', () => {
  it('fires once when 2.8 kg leave within 15 min and stay gone, and closes the alert after 24 h', () => {
    const findings = run(hive(32, 5 * MIN, 40, [{ atMs: NOON, kg: 37.2, overMs: 15 * MIN }]))
    expect(findings.map((f) => f.status)).toEqual(['firing', 'clear'])
    const [fired, cleared] = findings
    expect(fired).toMatchObject({ rule: 'hive.swarm', severity: 'warning', evidence: { loss_kg: 2.8, confidence: 'medium' } })
    expect(fired!.summary).toBe('Weight fell 2.8 kg within 15 min and did not recover: likely swarm.')
    // Decided once the loss has held for the 60 min confirmation window.
    expect(fired!.atMs - (NOON + 15 * MIN)).toBeGreaterThanOrEqual(60 * MIN - 15 * MIN)
    expect(fired!.atMs - NOON).toBeLessThanOrEqual(80 * MIN)
    expect(cleared!.atMs - fired!.atMs).toBeGreaterThanOrEqual(24 * HOUR)
    expect(cleared!.evidence).toEqual({ recovered: false })
  })

  it.each([
    [1.1, 0],
    [1.3, 1],
    [4.9, 1],
    [5.5, 0],
  ])('a sudden loss of %s kg that stays gives %s swarm alerts (1.2–5 kg)', (loss, alerts) => {
    const findings = run(hive(6, 5 * MIN, 40, [{ atMs: NOON - 3 * HOUR, kg: 40 - loss, overMs: 10 * MIN }]))
    expect(findings.filter((f) => f.status === 'firing')).toHaveLength(alerts)
  })

  it.each([2, 5, 12, 20])('an inspection lifting %s kg off for 10–30 min never alarms', (lifted) => {
    for (const minutes of [10, 20, 30]) {
      const readings = hive(8, 5 * MIN, 40, [
        { atMs: NOON, kg: 40 - lifted, overMs: 5 * MIN },
        { atMs: NOON + minutes * MIN, kg: 40.3, overMs: 5 * MIN },
      ])
      expect(run(readings)).toEqual([])
    }
  })

  it('does not alarm when the weight comes back within the confirmation window', () => {
    const back = hive(6, 5 * MIN, 40, [
      { atMs: NOON - 3 * HOUR, kg: 37 },
      { atMs: NOON - 3 * HOUR + 50 * MIN, kg: 40 },
    ])
    expect(run(back)).toEqual([])
  })

  it('clears as soon as the lost weight is back (a swarm that returned or was hived again)', () => {
    const returned = hive(8, 5 * MIN, 40, [
      { atMs: NOON - 3 * HOUR, kg: 37 },
      { atMs: NOON, kg: 40 },
    ])
    const findings = run(returned)
    expect(findings.map((f) => [f.status, f.evidence.recovered])).toEqual([
      ['firing', undefined],
      ['clear', true],
    ])
    expect(findings[1]!.summary).toContain('came back')
  })

  it('ignores a slow loss: foragers leaving and a warming scale take hours, not minutes', () => {
    expect(run(hive(10, 5 * MIN, 40, [{ atMs: NOON - 3 * HOUR, kg: 37, overMs: 3 * HOUR }]))).toEqual([])
  })

  it('sees a swarm on an hourly scale as one step between two samples', () => {
    const findings = run(hive(8, HOUR, 40, [{ atMs: NOON - 30 * MIN, kg: 37.5 }]))
    expect(findings).toHaveLength(1)
    expect(findings[0]!.summary).toBe('Weight fell 2.5 kg within 60 min and did not recover: likely swarm.')
  })

  it('does not report a drop at night at the site, nor in weather too cold to fly', () => {
    const night = hive(8, 5 * MIN, 40, [{ atMs: T0 + 2 * HOUR, kg: 37 }])
    // 08:00 UTC is 03:00 in Lima, 10:00 in Brussels.
    expect(run(night, { siteTimeZone: () => 'America/Lima' })).toEqual([])
    expect(run(night, { siteTimeZone: () => 'Europe/Brussels' })).toHaveLength(1)
    expect(run(night, { siteTimeZone: () => 'Not/AZone' })).toHaveLength(1)
    const cold = hive(8, 5 * MIN, 40, [{ atMs: NOON, kg: 37 }], () => ({ temp_ambient_c: 8 }))
    expect(run(cold)).toEqual([])
  })

  it('raises confidence when the brood nest warmed in the hour before the swarm left', () => {
    const brood = (t: number) => ({ temp_brood_c: t > NOON - 40 * MIN && t <= NOON ? 36.4 : 34.8 })
    const [fired] = run(hive(4 + 6, 5 * MIN, 40, [{ atMs: NOON, kg: 37, overMs: 10 * MIN }], brood))
    expect(fired!.evidence).toMatchObject({ confidence: 'high', in_hive_warming_c: 1.6 })
  })

  describe('the early decision, from the shape of the drop and the lid test', () => {
    /** In-hive upper probe at 28 °C in 18 °C air, warming `warmC` over the 20 min before `fromMs`. */
    const climate =
      (fromMs: number, warmC: number, { upperC = 28, ambientC = 18, coolFromMs = Infinity, coolC = 0 } = {}) =>
      (t: number) => ({
        temp_ambient_c: ambientC,
        temp_internal_c: upperC + (t > fromMs - 20 * MIN ? warmC : 0) - (t >= coolFromMs && t < coolFromMs + 25 * MIN ? coolC : 0),
      })

    it('decides 5–15 min after the bees have gone when the weight sat still and the lid stayed on', () => {
      const findings = run(hive(8, 5 * MIN, 40, [{ atMs: NOON, kg: 37, overMs: 10 * MIN }], climate(NOON, 1.5)))
      expect(findings).toHaveLength(1)
      expect(findings[0]!.atMs).toBe(NOON + 15 * MIN)
      expect(findings[0]!.evidence).toMatchObject({ loss_kg: 3, decided_by: 'shape_and_lid_test', confidence: 'high' })
      // All gone between two samples: decided on the next one. One swarm, one alert: the confirmation
      // window that closes an hour later adds nothing.
      const oneStep = run(hive(8, 5 * MIN, 40, [{ atMs: NOON, kg: 37 }], climate(NOON, 0)))
      expect(oneStep.map((f) => [f.atMs - NOON, f.evidence.confidence])).toEqual([[10 * MIN, 'medium']])
    })

    it.each([2, 3.5, 5])('never alarms for an inspection lifting %s kg with the lid off (the upper probe cools)', (lifted) => {
      for (const minutes of [10, 20, 30]) {
        const readings = hive(
          8,
          5 * MIN,
          40,
          [
            { atMs: NOON, kg: 40 - lifted },
            { atMs: NOON + minutes * MIN, kg: 40.3 },
          ],
          climate(NOON - HOUR, 0, { coolFromMs: NOON, coolC: 2 }),
        )
        expect(run(readings)).toEqual([])
      }
    })

    it('never alarms when the hive settles 1–3 kg lighter just after an inspection, as the closed hive warms up again', () => {
      for (const shortKg of [1.3, 2, 3]) {
        const readings = hive(
          8,
          5 * MIN,
          40,
          [
            { atMs: NOON, kg: 22 },
            { atMs: NOON + 20 * MIN, kg: 39.6 },
            { atMs: NOON + 25 * MIN, kg: 40 - shortKg },
          ],
          climate(NOON - HOUR, 0, { coolFromMs: NOON, coolC: 2 }),
        )
        expect(run(readings), `${shortKg} kg`).toEqual([])
      }
    })

    it('waits for the confirmation window when the lid test says nothing: a hot day, or no upper probe', () => {
      const hot = run(hive(8, 5 * MIN, 40, [{ atMs: NOON, kg: 37, overMs: 10 * MIN }], climate(NOON, 0, { upperC: 31, ambientC: 30 })))
      const noProbe = run(hive(8, 5 * MIN, 40, [{ atMs: NOON, kg: 37, overMs: 10 * MIN }], () => ({ temp_ambient_c: 18, temp_brood_c: 35 })))
      for (const findings of [hot, noProbe]) {
        expect(findings).toHaveLength(1)
        expect(findings[0]!.evidence.decided_by).toBe('confirmation_window')
        expect(findings[0]!.atMs - NOON).toBeGreaterThanOrEqual(60 * MIN)
      }
    })

    it('waits when the weight has not settled: boxes coming off one by one', () => {
      const steps = [0, 1, 2, 3].map((k) => ({ atMs: NOON + k * 5 * MIN, kg: 39 - k * 1.1 }))
      const findings = run(hive(8, 5 * MIN, 40, [...steps, { atMs: NOON + 20 * MIN, kg: 38 }], climate(NOON, 0)))
      expect(findings.filter((f) => f.evidence.decided_by === 'shape_and_lid_test')).toEqual([])
    })

    it('gives the same findings however the series is batched', () => {
      const readings = hive(32, 5 * MIN, 40, [{ atMs: NOON, kg: 37.2, overMs: 15 * MIN }], climate(NOON, 1.2))
      const whole = run(readings)
      expect(whole.map((f) => f.status)).toEqual(['firing', 'clear'])
      for (const batchSize of [1, 7, 100]) expect(run(readings, undefined, batchSize)).toEqual(whole)
    })
  })

  it('gives the same findings however the series is batched, with half-empty rows in between', () => {
    const readings = hive(40, 5 * MIN, 40, [{ atMs: NOON, kg: 37.2, overMs: 15 * MIN }]).flatMap((r, i) =>
      i % 3 === 0 ? [r, { timeMs: r.timeMs + MIN, sensor: '', fields: { battery_v: 3.9 } }] : [r],
    )
    const whole = run(readings)
    expect(whole).toHaveLength(2)
    for (const batchSize of [1, 7, 100]) expect(run(readings, undefined, batchSize)).toEqual(whole)
  })

  it('keeps a small state: recent samples only, whatever the history', () => {
    const { state } = replayDetector(createSwarmDetector(), hive(24 * 14, 5 * MIN, 40), context)
    expect(JSON.stringify(state).length).toBeLessThan(8_000)
  })
})
