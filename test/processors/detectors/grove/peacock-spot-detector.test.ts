import { describe, expect, it } from 'vitest'
import { createPeacockSpotDetector } from '../../../../processors/detectors/grove/peacock-spot-detector.js'
import { wetHoursToInfect } from '../../../../processors/detectors/grove/peacock-spot-infection.js'
import { BATCHINGS, HOUR, MINUTE, readingsEvery, repeat, runDetector, simulatedReadings } from './grove-series.js'

const TEN_MIN = 10 * MINUTE
const START = '2024-11-10T18:00:00Z'
const t0 = Date.parse(START)
const wet = (airC = 15, leafWetnessPct = 80) => ({ leaf_wetness_pct: leafWetnessPct, air_temp_c: airC })
const dry = (airC = 15) => ({ leaf_wetness_pct: 5, air_temp_c: airC })
const hourly = (rows: Record<string, number>[]) => runDetector(createPeacockSpotDetector(), readingsEvery(START, HOUR, rows))
const everyTenMin = (rows: Record<string, number>[]) => runDetector(createPeacockSpotDetector(), readingsEvery(START, TEN_MIN, rows))

describe('wetHoursToInfect', () => {
  it.each([
    [4.9, undefined],
    [5, 24],
    [9.9, 24],
    [10, 12],
    [15.5, 12],
    [20, 12],
    [20.1, 18],
    [25, 18],
    [25.1, undefined],
  ])('needs, at a mean of %s °C, %s h of wetness', (meanC, hours) => {
    expect(wetHoursToInfect(meanC)).toBe(hours)
  })
})

describe('grove.peacock_spot', () => {
  it('fires after 12 hours of leaf wetness at 15 °C, on the deciding reading', () => {
    const { findings } = hourly([dry(), dry(), ...repeat(wet(), 14)])
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({ rule: 'grove.peacock_spot', status: 'firing', severity: 'warning', atMs: t0 + 14 * HOUR })
    expect(findings[0]!.summary).toBe(
      'Leaves wet for 12 h at 15.0 °C on average: peacock spot infection risk (12 h of wetness suffice at this temperature)',
    )
    expect(findings[0]!.evidence).toMatchObject({ wetHours: 12, meanAirTempC: 15, hoursNeeded: 12 })
    expect(hourly([dry(), ...repeat(wet(), 12), ...repeat(dry(), 8)]).findings).toEqual([])
  })

  it('needs longer wetness when it is cold or warm, and none works outside 5–25 °C', () => {
    const firstFiringHour = (airC: number) => {
      const finding = hourly(repeat(wet(airC), 49)).findings[0]
      return finding && (finding.atMs - t0) / HOUR
    }
    expect(firstFiringHour(8)).toBe(24)
    expect(firstFiringHour(22)).toBe(18)
    expect(firstFiringHour(27)).toBeUndefined()
    expect(firstFiringHour(3)).toBeUndefined()
  })

  it('counts a leaf as wet from half its sensor surface', () => {
    expect(hourly(repeat(wet(15, 50), 13)).findings).toHaveLength(1)
    expect(hourly(repeat(wet(15, 49.9), 30)).findings).toEqual([])
  })

  it('falls back on RH ≥ 95 % when a reading has no leaf wetness, never overriding the sensor', () => {
    expect(hourly(repeat({ air_humidity_pct: 96, air_temp_c: 15 }, 13)).findings).toHaveLength(1)
    expect(hourly(repeat({ air_humidity_pct: 94, air_temp_c: 15 }, 30)).findings).toEqual([])
    expect(hourly(repeat({ leaf_wetness_pct: 10, air_humidity_pct: 99, air_temp_c: 15 }, 30)).findings).toEqual([])
  })

  it('bridges dry spells up to 2 hours but starts over after a longer one', () => {
    const flickering = Array.from({ length: 80 }, (_, i) => (i % 6 === 5 ? dry() : wet()))
    expect(everyTenMin(flickering).findings[0]!.atMs).toBe(t0 + 12 * HOUR)
    const broken = [...repeat(wet(), 8), ...repeat(dry(), 3), ...repeat(wet(), 14)]
    expect(hourly(broken).findings[0]!.atMs).toBe(t0 + (11 + 12) * HOUR)
  })

  it('gives one alert for a sensor flapping at its threshold, cleared after 6 dry hours', () => {
    const flapping = Array.from({ length: 6 * 20 }, (_, i) => wet(15, i % 2 === 0 ? 55 : 45))
    const dryAgain = [...repeat(dry(), 30), wet(), ...repeat(dry(), 40)] // a wet reading after 5 h restarts the dry count
    const { findings } = everyTenMin([...flapping, ...dryAgain])
    expect(findings.map((f) => f.status)).toEqual(['firing', 'firing', 'clear'])
    expect(findings[1]!.evidence.wetHours).toBe(18) // one refresh: the same wet period 6 h longer
    const clearIndex = flapping.length + 31 + 36
    expect(findings[2]!.atMs).toBe(t0 + clearIndex * TEN_MIN)
    expect(findings[2]!.summary).toBe('Leaves dry for 6 h: peacock spot infection period over')
  })

  it('refires, at most hourly, for a new infection period before the alert has cleared', () => {
    const { findings } = hourly([...repeat(wet(), 13), ...repeat(dry(), 4), ...repeat(wet(), 13), ...repeat(dry(), 7)])
    expect(findings.map((f) => [f.status, (f.atMs - t0) / HOUR])).toEqual([
      ['firing', 12],
      ['firing', 29],
      ['clear', 36],
    ])
  })

  it('measures wetness on rows without temperature but needs a temperature to decide', () => {
    const noTemp = { leaf_wetness_pct: 90 }
    expect(hourly([wet(), ...repeat(noTemp, 12)]).findings[0]!.atMs).toBe(t0 + 12 * HOUR)
    expect(hourly(repeat(noTemp, 30)).findings).toEqual([])
    const withEmptyRows = readingsEvery(START, HOUR / 2, Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? wet() : { battery_v: 3.9 })))
    expect(runDetector(createPeacockSpotDetector(), withEmptyRows).findings[0]!.atMs).toBe(t0 + 12 * HOUR)
  })

  it('finds the same whatever the batch sizes', () => {
    // Four days at 10-minute steps: dewy nights, one long rainy spell, drying afternoons.
    const rows = Array.from({ length: 4 * 144 }, (_, i) => {
      const hour = (i / 6) % 24
      const rainy = i > 150 && i < 300
      const leafWetnessPct = rainy || hour < 8 || hour > 21 ? 70 + ((i * 37) % 30) : (i * 13) % 40
      return { leaf_wetness_pct: leafWetnessPct, air_temp_c: 12 + 4 * Math.sin((2 * Math.PI * (hour - 9)) / 24) }
    })
    const readings = readingsEvery(START, TEN_MIN, rows)
    const whole = runDetector(createPeacockSpotDetector(), readings).findings
    // The rainy spell joins two nights into one wet period: refreshed every 6 h, cleared once dry.
    expect(whole.map((f) => f.status)).toEqual(['firing', 'firing', 'firing', 'firing', 'clear'])
    for (const sizes of BATCHINGS) expect(runDetector(createPeacockSpotDetector(), readings, sizes).findings).toEqual(whole)
  })

  it('stays quiet through an ordinary spring week with showers in a simulated Jaén grove', () => {
    const readings = simulatedReadings({ seed: 4 }, '2024-04-08', 7, TEN_MIN)
    expect(readings.some((r) => r.fields.rain_mm! > 0)).toBe(true)
    expect(runDetector(createPeacockSpotDetector(), readings).findings).toEqual([])
  })

  it('finds a few infection periods in a simulated wet autumn and winter, each cleared, with a small state', () => {
    const readings = simulatedReadings({ seed: 5 }, '2024-10-01', 120, 30 * MINUTE)
    const { findings, state } = runDetector(createPeacockSpotDetector(), readings, [48])
    const firings = findings.filter((f) => f.status === 'firing')
    expect(firings.length).toBeGreaterThanOrEqual(1)
    expect(firings.length).toBeLessThanOrEqual(10)
    expect(findings.at(-1)!.status).toBe('clear')
    expect(JSON.stringify(state).length).toBeLessThan(400)
  })
})
