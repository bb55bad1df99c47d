import { describe, expect, it } from 'vitest'
import type { DetectorReading } from '../../../../processors/detectors/detector.js'
import { createFruitFlyDetector, type FruitFlyOptions } from '../../../../processors/detectors/grove/fruit-fly-detector.js'
import { BATCHINGS, DAY, HOUR, readingsEvery, repeat, runDetector, simulatedReadings } from './grove-series.js'

type MinMax = readonly [number, number]
const MILD: MinMax = [14, 26] // mean 20 °C: 11 degree-days above 9 °C
const HOT: MinMax = [22, 36]
const COLD: MinMax = [2, 12] // mean 7 °C: no degree-days, and too cool for the adults

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
  it('fires when the third day in the band closes, with fruit on the tree', () => {
    const { findings } = run(days('2024-06-01', repeat(MILD, 6)))
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({ rule: 'grove.fruit_fly', status: 'firing', severity: 'warning', atMs: at('2024-06-04T00:00:00Z') })
    expect(findings[0]!.summary).toBe(
      'Olive fruit fly weather: 3 days peaking within 16–32 °C (last 26.0 °C) with fruit on the trees: adults active and laying, check traps and fruit',
    )
    expect(findings[0]!.evidence).toMatchObject({
      degreeDays: 33,
      degreeDaysSince: '2024-06-01',
      degreeDaysComplete: false,
      dayMaxC: 26,
      favourableDays: 3,
      inSeason: true,
    })
  })

  it('needs three days in the band in a row: pairs between hot days do not open it', () => {
    expect(run(days('2024-07-01', [MILD, MILD, HOT, MILD, MILD, HOT, MILD, MILD, HOT, HOT])).findings).toEqual([])
  })

  it('does not hold the alert back on the degree-days of a station installed mid-season', () => {
    // Counted from 1 June, 33 degree-days say nothing about the year's sum.
    const { findings } = run(days('2024-06-01', repeat(MILD, 6)), { generationDegreeDays: 1000 })
    expect(findings.map((f) => f.atMs)).toEqual([at('2024-06-04T00:00:00Z')])
  })

  it('applies a degree-day gate, when one is set, to a count complete since 1 January', () => {
    // 2024 is a leap year: 152 cold days fill January–May, then mild days from 1 June at 11 degree-days each.
    const year = (from: string, cold: number) => days(from, [...repeat(COLD, cold), ...repeat(MILD, 6)])
    const gated = run(year('2024-01-01', 152), { generationDegreeDays: 34 }).findings
    expect(gated.map((f) => f.atMs)).toEqual([at('2024-06-05T00:00:00Z')])
    expect(gated[0]!.summary).toBe(
      'Olive fruit fly weather: 4 days peaking within 16–32 °C (last 26.0 °C) with fruit on the trees, 44 degree-days above 9 °C since 1 January: ' +
        'adults active and laying, check traps and fruit',
    )
    expect(gated[0]!.evidence).toMatchObject({ degreeDays: 44, degreeDaysSince: '2024-01-01', degreeDaysComplete: true, generationDegreeDays: 34 })
    expect(run(year('2024-01-01', 152), { generationDegreeDays: 33 }).findings[0]!.atMs).toBe(at('2024-06-04T00:00:00Z'))
    // Installed in the first week of January the count is still complete; a day later it is not.
    expect(run(year('2024-01-07', 146), { generationDegreeDays: 34 }).findings[0]!.atMs).toBe(at('2024-06-05T00:00:00Z'))
    expect(run(year('2024-01-08', 145), { generationDegreeDays: 34 }).findings[0]!.atMs).toBe(at('2024-06-04T00:00:00Z'))
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
    const { findings } = run(readings)
    expect(findings.map((f) => f.atMs)).toEqual([at('2024-06-02T00:00:00Z')])
  })

  it('clears after two days in a row outside the band; one does not end the spell', () => {
    const { findings } = run(days('2024-06-01', [...repeat(MILD, 4), HOT, MILD, HOT, HOT, MILD]))
    expect(findings.map((f) => [f.status, f.atMs])).toEqual([
      ['firing', at('2024-06-04T00:00:00Z')],
      ['clear', at('2024-06-09T00:00:00Z')],
    ])
    expect(findings[1]!.summary).toBe('Olive fruit fly activity down: 2 days peaking outside 16–32 °C (last 36.0 °C)')
  })

  it('opens one alert per spell: a spell after two hot days gets its own', () => {
    const { findings } = run(days('2024-07-01', [...repeat(MILD, 4), HOT, HOT, ...repeat(MILD, 4)]))
    expect(findings.map((f) => [f.status, f.atMs])).toEqual([
      ['firing', at('2024-07-04T00:00:00Z')],
      ['clear', at('2024-07-07T00:00:00Z')],
      ['firing', at('2024-07-10T00:00:00Z')],
    ])
  })

  it('keeps the window through December, for fruit not yet harvested, and clears when the season ends', () => {
    const { findings } = run(days('2024-12-27', repeat(MILD, 7)))
    expect(findings.map((f) => [f.status, f.atMs])).toEqual([
      ['firing', at('2024-12-30T00:00:00Z')],
      ['clear', at('2025-01-02T00:00:00Z')],
    ])
    expect(findings[1]!.summary).toBe('Olive fruit fly window over: the fruit season has ended')
  })

  it('starts the degree-day count again each year, from 1 July in the south', () => {
    // Four days from 30 December: 30 and 31 December count for the old year, 1 January for the new
    // one, and 2 January is still open.
    expect(run(days('2024-12-30', repeat(MILD, 4))).state.degreeDays).toBeCloseTo(11, 6)
    expect(run(days('2024-06-29', repeat(MILD, 4)), { hemisphere: 'south' }).state.degreeDays).toBeCloseTo(11, 6)
    expect(run(days('2024-06-29', repeat(MILD, 4))).state.degreeDays).toBeCloseTo(33, 6)
    // The southern fruit season starts in December; counted since 1 July, the count is complete.
    const southSummer = run(days('2024-07-01', [...repeat(COLD, 153), ...repeat(MILD, 4)]), { hemisphere: 'south' })
    expect(southSummer.findings.map((f) => f.atMs)).toEqual([at('2024-12-04T00:00:00Z')])
    expect(southSummer.findings[0]!.summary).toMatch(/33 degree-days above 9 °C since 1 July/)
  })

  it("closes days at the site's local midnight", () => {
    // 40 °C at 22:30 UTC on 1 June: still 1 June in UTC, already 2 June in Brussels.
    const readings = days('2024-06-01', [MILD, MILD])
    readings.splice(23, 0, { timeMs: at('2024-06-01T22:30:00Z'), sensor: 'station', fields: { air_temp_c: 40 } })
    const firstDayMax = (options: FruitFlyOptions) => run(readings.slice(0, 30), options).state.lastDay?.maxC
    expect(firstDayMax({})).toBe(40)
    expect(firstDayMax({ timeZone: 'Europe/Brussels' })).toBeCloseTo(26, 6)
  })

  it('skips days with less than 12 hours covered by readings and rows without air temperature', () => {
    const readings = days('2024-06-01', [MILD, MILD, MILD])
    const patchy = [...readings.slice(0, 6), ...readings.slice(24)] // 1 June: only 00:00–05:00
    expect(run(patchy).state.degreeDays).toBeCloseTo(11, 6)
    // 1 June: 00:00–10:00 and 23:00, a station silent through the afternoon. The readings span 23 h
    // but cover 11, and the day's maximum is unknown.
    const holed = [...readings.slice(0, 11), ...readings.slice(23)]
    expect(run(holed).state.degreeDays).toBeCloseTo(11, 6)
    expect(run([...readings.slice(0, 12), ...readings.slice(23)]).state.degreeDays).toBeGreaterThan(11) // 12 h covered
    const halfEmpty = readings.flatMap((r) => [r, { timeMs: r.timeMs + 60_000, sensor: 'station', fields: { leaf_wetness_pct: 0 } }])
    expect(run(halfEmpty).state).toEqual(run(readings).state)
  })

  it('finds the same whatever the batch sizes', () => {
    const weather = Array.from({ length: 40 }, (_, i): MinMax => (i % 9 < 5 ? MILD : HOT))
    const readings = days('2024-06-01', weather)
    const whole = run(readings).findings
    expect(whole.map((f) => f.status)).toEqual(['firing', 'clear', 'firing', 'clear', 'firing', 'clear', 'firing', 'clear', 'firing'])
    for (const sizes of BATCHINGS) expect(runDetector(createFruitFlyDetector(), readings, sizes).findings).toEqual(whole)
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
    // Each firing closes a site-local day of June–December (Madrid is UTC+1 or +2).
    for (const f of firings) expect(new Date(f.atMs - 3 * HOUR).getUTCMonth() + 1).toBeGreaterThanOrEqual(6)
    expect(findings.at(-1)!.status).toBe('clear')
    expect(findings.filter((f) => f.status === 'clear')).toHaveLength(firings.length)
    expect(JSON.stringify(state).length).toBeLessThan(400)
    expect(findings[0]!.atMs - readings[0]!.timeMs).toBeGreaterThan(150 * DAY)
    // A full year's count passes any generation sum proposed for the fly by June in Jaén.
    expect(firings[0]!.evidence).toMatchObject({ degreeDaysComplete: true })
    expect(firings[0]!.evidence.degreeDays).toBeGreaterThan(500)
  })
})
