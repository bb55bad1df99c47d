import { describe, expect, it } from 'vitest'
import { createFrostDetector } from '../../../../processors/detectors/grove/frost-detector.js'
import { airReadings, BATCHINGS, HOUR, MINUTE, readingsEvery, repeat, runDetector, simulatedReadings, withOnly } from './grove-series.js'

const TEN_MIN = 10 * MINUTE
const JANUARY_NIGHT = '2024-01-15T01:00:00Z'
const APRIL_NIGHT = '2024-04-15T01:00:00Z'
const run = (temps: number[], start = JANUARY_NIGHT, options = {}) =>
  runDetector(createFrostDetector(options), airReadings(start, TEN_MIN, temps))

describe('grove.frost', () => {
  it('fires once the air has stayed below 0 °C for 30 minutes, on the reading that decides it', () => {
    const { findings } = run([2, 1, -0.5, -0.8, -1, -1.2, -1.4, -1.3])
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({ rule: 'grove.frost', status: 'firing', severity: 'warning' })
    expect(findings[0]!.atMs).toBe(Date.parse(JANUARY_NIGHT) + 5 * TEN_MIN)
    expect(findings[0]!.summary).toBe('Air at −1.2 °C for 30 min: frost; hardened trees usually take this, young shoots may scorch')
    expect(findings[0]!.evidence).toMatchObject({ minAirTempC: -1.2, durationMin: 30, floweringPeriod: false })
  })

  it('does not fire for 20 minutes below zero, nor for air at exactly 0 °C', () => {
    expect(run([2, -0.5, -0.8, -1, 0.5, 1, 2]).findings).toEqual([])
    expect(run(repeat(0, 12)).findings).toEqual([])
  })

  it('needs two readings: one hourly reading below zero says nothing about how long it lasted', () => {
    const hourly = (temps: number[]) => runDetector(createFrostDetector(), airReadings(JANUARY_NIGHT, HOUR, temps)).findings
    expect(hourly([3, -2, 3])).toEqual([])
    expect(hourly([3, -2, -2.5, 3])).toHaveLength(1)
  })

  it('does not join readings across a gap in the data', () => {
    const readings = readingsEvery(JANUARY_NIGHT, HOUR, [{ air_temp_c: -1 }, { air_temp_c: -1 }])
    readings[1]!.timeMs += 2 * HOUR // three hours apart: the default 2 h gap is exceeded
    expect(runDetector(createFrostDetector(), readings).findings).toEqual([])
  })

  it('is critical in flowering and fruit set (April–June in the north)', () => {
    const { findings } = run([-0.5, -0.6, -0.7, -1.8], APRIL_NIGHT)
    expect(findings[0]).toMatchObject({ severity: 'critical' })
    expect(findings[0]!.summary).toBe('Air at −1.8 °C for 30 min during flowering/fruit set: frost risk to flowers and young fruit')
  })

  it('takes the season from the hemisphere or from sensitiveMonths', () => {
    const temps = [-1, -1, -1, -1]
    expect(run(temps, APRIL_NIGHT, { hemisphere: 'south' }).findings[0]!.severity).toBe('warning')
    expect(run(temps, '2024-10-15T01:00:00Z', { hemisphere: 'south' }).findings[0]!.severity).toBe('critical')
    expect(run(temps, JANUARY_NIGHT, { sensitiveMonths: [1] }).findings[0]!.severity).toBe('critical')
    expect(() => createFrostDetector({ sensitiveMonths: [13] })).toThrow(/sensitiveMonths/)
  })

  it("uses the site's local month: 00:30 on 1 April in Brussels is flowering, 22:30 UTC on 31 March is not", () => {
    const start = '2024-03-31T22:00:00Z'
    expect(run([-1, -1, -1, -1], start).findings[0]!.severity).toBe('warning')
    expect(run([-1, -1, -1, -1], start, { timeZone: 'Europe/Brussels' }).findings[0]!.severity).toBe('critical')
  })

  it('is critical in any month below −7 °C, escalating an open alert at once', () => {
    const { findings } = run([-2, -2, -2, -2, -4, -7, -7.5])
    expect(findings.map((f) => [f.status, f.severity])).toEqual([
      ['firing', 'warning'],
      ['firing', 'critical'],
    ])
    expect(findings[1]!.atMs).toBe(Date.parse(JANUARY_NIGHT) + 5 * TEN_MIN)
    expect(findings[1]!.summary).toMatch(/^Air at −7.0 °C for 50 min: severe frost/)
  })

  it('refreshes its evidence when the frost deepens by 0.5 °C, at most once an hour', () => {
    const deepening = [-1, -1, -1, -1, -1.2, -1.6, -2, -2, -2, -2, -2, -2.1]
    const { findings } = run(deepening)
    // Fired at −1 (reading 3); −2 is 1 °C deeper but only an hour later, at reading 9, may it refresh.
    expect(findings.map((f) => f.atMs - Date.parse(JANUARY_NIGHT))).toEqual([3 * TEN_MIN, 9 * TEN_MIN])
    expect(findings[1]!.evidence.minAirTempC).toBe(-2)
    expect(run(repeat(-1, 40)).findings).toHaveLength(1)
  })

  it('gives one alert for air flapping around 0 °C, cleared once above +1 °C for an hour', () => {
    const flapping = Array.from({ length: 36 }, (_, i) => (i % 2 === 0 ? -0.5 : 0.8))
    const dipBack = [1.5, 1.5, 1.5, 1.5, 1.5, 0.9] // 50 minutes above +1 °C, then back below it
    const recovery = repeat(2, 8)
    const { findings } = run([-0.5, -0.5, -0.5, -0.5, ...flapping, ...dipBack, ...recovery])
    expect(findings.map((f) => f.status)).toEqual(['firing', 'clear'])
    const clearIndex = 4 + flapping.length + dipBack.length + 6 // 60 minutes into the recovery
    expect(findings[1]!.atMs).toBe(Date.parse(JANUARY_NIGHT) + clearIndex * TEN_MIN)
    expect(findings[1]!.summary).toBe('Air back above 1.0 °C for 1 h: frost over (lowest −0.5 °C)')
  })

  it('skips rows without air temperature', () => {
    const temps = [2, -0.5, -0.8, -1, -1.2, -1.4, 3, 3, 3, 3, 3, 3, 3, 3]
    const full = airReadings(JANUARY_NIGHT, TEN_MIN, temps)
    const halfEmpty = full.flatMap((r) => [r, { timeMs: r.timeMs + MINUTE, sensor: 'station', fields: { battery_v: 3.9 } }])
    expect(runDetector(createFrostDetector(), halfEmpty).findings).toEqual(runDetector(createFrostDetector(), full).findings)
    expect(runDetector(createFrostDetector(), full).findings.map((f) => f.status)).toEqual(['firing', 'clear'])
  })

  it('finds the same whatever the batch sizes', () => {
    // Three nights: a flapping frost, a deepening severe frost, a mild night.
    // A day of 10-minute readings from midnight: coldest at 06:00, 14 °C warmer by 18:00, with jitter.
    const day = (low: number) =>
      Array.from({ length: 144 }, (_, i) => low + 7 * (1 - Math.cos((2 * Math.PI * (i - 36)) / 144)) + ((i % 3) - 1) * 0.4)
    const readings = airReadings('2024-01-15T00:00:00Z', TEN_MIN, [...day(-1), ...day(-8), ...day(4)])
    const whole = runDetector(createFrostDetector(), readings).findings
    // The −8 °C night deepens for hours: hourly refreshes, then the escalation to critical.
    expect(whole.map((f) => `${f.status}:${f.severity}`)).toEqual([
      'firing:warning',
      'clear:warning',
      ...repeat('firing:warning', 4),
      ...repeat('firing:critical', 2),
      'clear:critical',
    ])
    for (let i = 1; i < whole.length; i++) {
      if (whole[i]!.severity === whole[i - 1]!.severity) expect(whole[i]!.atMs - whole[i - 1]!.atMs).toBeGreaterThanOrEqual(HOUR)
    }
    for (const sizes of BATCHINGS) expect(runDetector(createFrostDetector(), readings, sizes).findings).toEqual(whole)
  })

  it('stays quiet through an ordinary mild spring week in a simulated Jaén grove', () => {
    const readings = simulatedReadings({ seed: 4 }, '2024-04-08', 7, TEN_MIN)
    expect(runDetector(createFrostDetector({ timeZone: 'Europe/Madrid' }), readings).findings).toEqual([])
  })

  it('keeps a state of a few numbers, however long the series', () => {
    const readings = simulatedReadings({ seed: 1 }, '2024-01-01', 30, TEN_MIN).map((r) => withOnly(r, ['air_temp_c']))
    const { state } = runDetector(createFrostDetector(), readings, [500])
    expect(JSON.stringify(state).length).toBeLessThan(300)
  })
})
