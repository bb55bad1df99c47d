import { describe, expect, it } from 'vitest'
import type { DetectorReading } from '../../../../processors/detectors/detector.js'
import { createFruitFlyDetector, type FruitFlyOptions } from '../../../../processors/detectors/grove/fruit-fly-detector.js'
import { BATCHINGS, DAY, HOUR, readingsEvery, repeat, runDetector, simulatedReadings } from './grove-series.js'

type MinMax = readonly [number, number]
const MILD: MinMax = [14, 26] // mean 20 °C: 11 degree-days above 9 °C
const HOT: MinMax = [22, 36]

/** 24 hourly readings a day from UTC midnight of `date`: coldest at 05:00, warmest at 17:00. */
function days(date: string, minMax: readonly MinMax[]): DetectorReading[] {
  const rows = minMax.flatMap(([min, max]) =>
    Array.from({ length: 24 }, (_, h) => ({ air_temp_c: min + ((max - min) * (1 - Math.cos((2 * Math.PI * (h - 5)) / 24))) / 2 })),
  )
  return readingsEvery(`${date}T00:00:00Z`, HOUR, rows)
}
const run = (readings: DetectorReading[], options: FruitFlyOptions = {}) => runDetector(createFruitFlyDetector(options), readings)
const at = (iso: string) => Date.parse(iso)

describe('grove.fruit_fly', () => {
  it('fires once the degree-days reach a generation and the days suit the adults, when the day closes', () => {
    const { findings } = run(days('2024-06-01', repeat(MILD, 6)), { generationDegreeDays: 33 })
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({ rule: 'grove.fruit_fly', status: 'firing', severity: 'warning', atMs: at('2024-06-04T00:00:00Z') })
    expect(findings[0]!.summary).toBe(
      'Olive fruit fly weather: 33 degree-days above 9 °C since 1 January and 3 days peaking within 16–32 °C (last 26.0 °C): adults active, check traps and fruit',
    )
    expect(findings[0]!.evidence).toMatchObject({ degreeDays: 33, dayMaxC: 26, favourableDays: 3, inSeason: true })
    expect(run(days('2024-06-01', repeat(MILD, 6)), { generationDegreeDays: 34 }).findings[0]!.atMs).toBe(at('2024-06-05T00:00:00Z'))
  })

  it('counts degree-days by the daily average above 9 °C, never below zero', () => {
    const { state } = run(days('2024-03-01', [[5, 11], [8, 14], [10, 30], [0, 0]]))
    expect(state.degreeDays).toBeCloseTo(0 + 2 + 11, 6) // the fourth day is still open
  })

  it.each([
    [32, 1],
    [32.1, 0],
    [16, 1],
    [15.9, 0],
  ])('takes a day peaking at %s °C as favourable: %s', (maxC, favourable) => {
    const { state } = run(days('2024-06-01', [[maxC - 10, maxC], MILD]))
    expect(state.favourableDays).toBe(favourable)
  })

  it('waits for the fruit season: nothing in May, fires when the first June day closes', () => {
    const readings = days('2024-05-25', repeat(MILD, 10))
    const { findings } = run(readings, { generationDegreeDays: 33 })
    expect(findings.map((f) => f.atMs)).toEqual([at('2024-06-02T00:00:00Z')])
  })

  it('clears after three days outside the band, not two', () => {
    const { findings } = run(days('2024-06-01', [...repeat(MILD, 4), HOT, HOT, MILD, HOT, HOT, HOT, MILD]), { generationDegreeDays: 33 })
    expect(findings.map((f) => [f.status, f.atMs])).toEqual([
      ['firing', at('2024-06-04T00:00:00Z')],
      ['clear', at('2024-06-11T00:00:00Z')],
    ])
    expect(findings[1]!.summary).toBe('Olive fruit fly activity down: 3 days peaking outside 16–32 °C (last 36.0 °C)')
  })

  it('clears when the fruit season ends', () => {
    const { findings } = run(days('2024-11-27', repeat(MILD, 6)), { generationDegreeDays: 20 })
    expect(findings.map((f) => [f.status, f.atMs])).toEqual([
      ['firing', at('2024-11-29T00:00:00Z')],
      ['clear', at('2024-12-02T00:00:00Z')],
    ])
    expect(findings[1]!.summary).toBe('Olive fruit fly window over: the fruit season has ended')
  })

  it('starts the degree-day count again each year, from 1 July in the south', () => {
    // Four days from 30 December: 30 and 31 December count for the old year, 1 January for the new
    // one, and 2 January is still open.
    expect(run(days('2024-12-30', repeat(MILD, 4))).state.degreeDays).toBeCloseTo(11, 6)
    expect(run(days('2024-06-29', repeat(MILD, 4)), { hemisphere: 'south' }).state.degreeDays).toBeCloseTo(11, 6)
    expect(run(days('2024-06-29', repeat(MILD, 4))).state.degreeDays).toBeCloseTo(33, 6)
    const southSummer = run(days('2024-12-01', repeat(MILD, 4)), { hemisphere: 'south', generationDegreeDays: 20 })
    expect(southSummer.findings[0]!.summary).toMatch(/since 1 July/)
  })

  it("closes days at the site's local midnight", () => {
    // 40 °C at 22:30 UTC on 1 June: still 1 June in UTC, already 2 June in Brussels.
    const readings = days('2024-06-01', [MILD, MILD])
    readings.splice(23, 0, { timeMs: at('2024-06-01T22:30:00Z'), sensor: 'station', fields: { air_temp_c: 40 } })
    const firstDayMax = (options: FruitFlyOptions) => run(readings.slice(0, 30), options).state.lastDay?.maxC
    expect(firstDayMax({})).toBe(40)
    expect(firstDayMax({ timeZone: 'Europe/Brussels' })).toBeCloseTo(26, 6)
  })

  it('skips days with less than 12 hours of readings and rows without air temperature', () => {
    const readings = days('2024-06-01', [MILD, MILD, MILD])
    const patchy = [...readings.slice(0, 6), ...readings.slice(24)] // 1 June: only 00:00–05:00
    expect(run(patchy).state.degreeDays).toBeCloseTo(11, 6)
    const halfEmpty = readings.flatMap((r) => [r, { timeMs: r.timeMs + 60_000, sensor: 'station', fields: { leaf_wetness_pct: 0 } }])
    expect(run(halfEmpty).state).toEqual(run(readings).state)
  })

  it('finds the same whatever the batch sizes', () => {
    const weather = Array.from({ length: 40 }, (_, i): MinMax => (i % 9 < 5 ? MILD : HOT))
    const readings = days('2024-06-01', weather)
    const whole = run(readings, { generationDegreeDays: 50 }).findings
    expect(whole.map((f) => f.status)).toEqual(['firing', 'clear', 'firing', 'clear', 'firing', 'clear', 'firing', 'clear', 'firing'])
    for (const sizes of BATCHINGS) expect(runDetector(createFruitFlyDetector({ generationDegreeDays: 50 }), readings, sizes).findings).toEqual(whole)
  })

  it('stays quiet through an ordinary mild spring week in a simulated Jaén grove', () => {
    const readings = simulatedReadings({ seed: 4 }, '2024-04-08', 7, HOUR)
    expect(run(readings, { timeZone: 'Europe/Madrid' }).findings).toEqual([])
  })

  it('opens windows only in the fruit season of a simulated Jaén year, each closed, with a small state', () => {
    const readings = simulatedReadings({ seed: 3 }, '2024-01-01', 366, HOUR)
    const { findings, state } = runDetector(createFruitFlyDetector({ timeZone: 'Europe/Madrid' }), readings, [24])
    const firings = findings.filter((f) => f.status === 'firing')
    expect(firings.length).toBeGreaterThanOrEqual(1)
    expect(firings.length).toBeLessThanOrEqual(12)
    for (const f of firings) expect(new Date(f.atMs - HOUR).getUTCMonth() + 1).toBeGreaterThanOrEqual(6)
    for (const f of firings) expect(f.atMs).toBeLessThan(at('2024-12-01T00:00:00Z'))
    expect(findings.at(-1)!.status).toBe('clear')
    expect(findings.filter((f) => f.status === 'clear')).toHaveLength(firings.length)
    expect(JSON.stringify(state).length).toBeLessThan(400)
    expect(findings[0]!.atMs - readings[0]!.timeMs).toBeGreaterThan(150 * DAY)
  })
})
