import { describe, expect, it } from 'vitest'
import type { DetectorReading } from '../../../../processors/detectors/detector.js'
import { createDroughtDetector, DROUGHT_DEFAULTS } from '../../../../processors/detectors/grove/drought-detector.js'
import { BATCHINGS, DAY, HOUR, readingsEvery, repeat, runDetector, simulatedReadings } from './grove-series.js'

const START = '2024-07-01T00:00:00Z'
const t0 = Date.parse(START)
/** Root-zone probes at 30 and 60 cm, and rain since the previous reading. */
const soil = (vwc30: number, vwc60 = vwc30, rainMm = 0) => ({
  soil_moisture_vwc_pct_30cm: vwc30,
  soil_moisture_vwc_pct_60cm: vwc60,
  rain_mm: rainMm,
})
const hourly = (rows: Record<string, number>[]) => readingsEvery(START, HOUR, rows)
const run = (rows: Record<string, number>[], options = {}) => runDetector(createDroughtDetector(options), hourly(rows))

describe('grove.drought', () => {
  it('defaults the refill point to FAO-56 p = 0.65 on a loam: 30 − 0.65 × (30 − 12) = 18.3 % VWC', () => {
    const { fieldCapacityVwcPct: fc, wiltingPointVwcPct: wp, depletionFraction: p } = DROUGHT_DEFAULTS
    expect(fc - p * (fc - wp)).toBeCloseTo(18.3, 6)
  })

  it('fires after three days with the root zone below the refill point, on the deciding reading', () => {
    const { findings } = run([...repeat(soil(20), 24), ...repeat(soil(17, 18), 80)])
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({ rule: 'grove.drought', status: 'firing', severity: 'warning', atMs: t0 + (24 + 72) * HOUR })
    expect(findings[0]!.summary).toBe('Root zone (30 cm) at 17 % water for 3 days, below the 18.3 % refill point, with 0 mm of rain: irrigate')
    expect(findings[0]!.evidence).toMatchObject({ rootZoneVwcPct: 17, refillVwcPct: 18.3, depthsCm: '30', daysBelow: 3 })
  })

  it('does not fire for 71 hours below refill', () => {
    expect(run([...repeat(soil(17), 72), ...repeat(soil(20), 48)]).findings).toEqual([])
  })

  it('judges the drip-wetted 30 cm layer by default: a dry 60 cm layer under a watered bulb is no drought', () => {
    expect(run(repeat(soil(16, 20), 80)).findings).toHaveLength(1)
    expect(run(repeat(soil(20, 16), 80)).findings).toEqual([])
    expect(run(repeat(soil(21, 15), 80), { depthsCm: [30, 60] }).findings).toHaveLength(1) // mean 18.0
  })

  it('averages the depths it is given, and a value at the refill point is not below it', () => {
    const rootZone = { depthsCm: [30, 60] }
    expect(run(repeat(soil(16, 20), 80), rootZone).findings).toHaveLength(1) // mean 18.0
    expect(run(repeat(soil(17, 20), 80), rootZone).findings).toEqual([]) // mean 18.5
    expect(run(repeat(soil(18), 80), { refillVwcPct: 18 }).findings).toEqual([])
    expect(run(repeat(soil(17.9), 80), { refillVwcPct: 18 }).findings).toHaveLength(1)
  })

  it('restarts the count when 10 mm of rain falls during the dry spell; 9.8 mm does not', () => {
    const withRain = (first: number, second: number) => [
      ...repeat(soil(17), 48),
      soil(17, 17, first),
      soil(17, 17, second),
      ...repeat(soil(17), 100),
    ]
    expect(run(withRain(6, 4)).findings[0]!.atMs).toBe(t0 + (49 + 72) * HOUR)
    const little = run(withRain(6, 3.8)).findings[0]!
    expect(little.atMs).toBe(t0 + 72 * HOUR)
    expect(little.summary).toMatch(/with 9.8 mm of rain: irrigate$/)
  })

  it('counts rain from rows without soil readings and skips rows missing a root-zone depth', () => {
    const rows = [...repeat(soil(17), 48), { rain_mm: 10 }, ...repeat(soil(17), 100)]
    expect(run(rows).findings[0]!.atMs).toBe(t0 + (49 + 72) * HOUR)
    const full = hourly(repeat(soil(17), 100))
    const halfEmpty = full.flatMap((r): DetectorReading[] => [
      r,
      { timeMs: r.timeMs + 60_000, sensor: 'station', fields: { soil_moisture_vwc_pct_60cm: 25 } },
      { timeMs: r.timeMs + 120_000, sensor: 'station', fields: { battery_v: 3.9 } },
    ])
    expect(runDetector(createDroughtDetector(), halfEmpty).findings).toEqual(runDetector(createDroughtDetector(), full).findings)
    const rootZone = { depthsCm: [30, 60] }
    const only30 = full.map((r, i) => (i === 40 ? { ...r, fields: { soil_moisture_vwc_pct_30cm: 25 } } : r))
    expect(runDetector(createDroughtDetector(rootZone), only30).findings).toEqual(runDetector(createDroughtDetector(rootZone), full).findings)
  })

  it('does not restart the count for a reading within the probe noise of refill; a watering restarts it', () => {
    const withReading = (vwc: number) => [...repeat(soil(17), 40), soil(vwc), ...repeat(soil(17), 120)]
    expect(run(withReading(19.2)).findings.map((f) => (f.atMs - t0) / HOUR)).toEqual([72])
    expect(run(withReading(19.3)).findings.map((f) => (f.atMs - t0) / HOUR)).toEqual([41 + 72])
    expect(run(withReading(19.3), { rewetMarginVwc: 2 }).findings.map((f) => (f.atMs - t0) / HOUR)).toEqual([72])
  })

  it('breaks the run across more than 12 hours without soil readings', () => {
    const readings = hourly(repeat(soil(17), 80))
    for (const r of readings.slice(40)) r.timeMs += 13 * HOUR
    expect(runDetector(createDroughtDetector(), readings).findings).toEqual([])
  })

  it('clears once the root zone has stayed 2 points above refill for 6 hours, not while it hovers at refill', () => {
    const hovering = Array.from({ length: 96 }, (_, i) => soil(i % 2 === 0 ? 18 : 18.6)) // flapping at refill
    const nearly = repeat(soil(20), 48) // above refill but within the margin
    const irrigated = [...repeat(soil(21), 5), soil(19), ...repeat(soil(21), 7)]
    const { findings } = run([...repeat(soil(17), 73), ...hovering, ...nearly, ...irrigated])
    expect(findings.map((f) => f.status)).toEqual(['firing', 'clear'])
    const clearIndex = 73 + hovering.length + nearly.length + 6 + 6
    expect(findings[1]!.atMs).toBe(t0 + clearIndex * HOUR)
    expect(findings[1]!.summary).toBe('Root zone (30 cm) back to 21 % water, above the 18.3 % refill point: irrigation need over')
  })

  it('refreshes as the soil keeps drying, one VWC point at a time', () => {
    const drying = Array.from({ length: 24 * 6 }, (_, i) => soil(18 - i / 32))
    const firings = run(drying).findings
    expect(firings.map((f) => [(f.atMs - t0) / HOUR, f.evidence.rootZoneVwcPct])).toEqual([
      [72, 15.8],
      [104, 14.8],
      [136, 13.8],
    ])
  })

  it('takes the site soil and depths from options', () => {
    // A clay: FC 40, WP 20 → refill 27 % VWC.
    expect(run(repeat(soil(26), 80), { fieldCapacityVwcPct: 40, wiltingPointVwcPct: 20 }).findings[0]!.evidence.refillVwcPct).toBe(27)
    expect(run(repeat(soil(30, 17), 80), { depthsCm: [60] }).findings[0]!.summary).toMatch(/^Root zone \(60 cm\) at 17 % water/)
    expect(() => createDroughtDetector({ depthsCm: [] })).toThrow(/depthsCm/)
  })

  it('finds the same whatever the batch sizes', () => {
    // Twelve days at 10-minute steps: drying with probe noise, a 12 mm shower that restarts the
    // count, further drying, irrigation on day 10.
    const rows = Array.from({ length: 12 * 144 }, (_, i) => {
      const day = i / 144
      const vwc = day < 10 ? 19.5 - 0.5 * day : 23
      return soil(vwc + ((i % 5) - 2) * 0.1, vwc, i === 500 ? 12 : 0)
    })
    const readings = readingsEvery(START, 10 * 60_000, rows)
    const whole = runDetector(createDroughtDetector(), readings).findings
    expect(whole.map((f) => [f.status, Math.floor((f.atMs - t0) / DAY)])).toEqual([
      ['firing', 6],
      ['firing', 8],
      ['clear', 10],
    ])
    for (const sizes of BATCHINGS) expect(runDetector(createDroughtDetector(), readings, sizes).findings).toEqual(whole)
  })

  it('stays quiet through an ordinary mild spring week in a simulated Jaén grove', () => {
    const readings = simulatedReadings({ seed: 4 }, '2024-04-08', 7, HOUR)
    expect(runDetector(createDroughtDetector(), readings).findings).toEqual([])
  })

  it('asks for irrigation in a simulated rainless Andalusian July, with a state of a few numbers', () => {
    const readings = simulatedReadings({ seed: 1 }, '2024-07-01', 30, HOUR)
    const { findings, state } = runDetector(createDroughtDetector(), readings, [24])
    expect(findings[0]).toMatchObject({ status: 'firing' })
    expect(findings[0]!.atMs - readings[0]!.timeMs).toBeLessThan(5 * DAY)
    expect(findings.some((f) => f.status === 'clear')).toBe(false)
    expect(JSON.stringify(state).length).toBeLessThan(400)
  })
})
