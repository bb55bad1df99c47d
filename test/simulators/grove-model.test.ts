import { describe, expect, it } from 'vitest'
import { groveReadingSchema } from '../../firmware-contracts/index.js'
import { createGroveModel, type GroveModelOptions, type SimulatedGroveReading } from '../../simulators/grove-model.js'
import { CLIMATES } from '../../simulators/weather.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR

function simulate(options: GroveModelOptions, start: string, days: number, stepMs = 10 * 60_000): SimulatedGroveReading[] {
  const model = createGroveModel(options)
  const t0 = Date.parse(start)
  return Array.from({ length: (days * DAY) / stepMs }, (_, i) => model.readingAt(new Date(t0 + i * stepMs), i))
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length
const topMoisture = (r: SimulatedGroveReading) => r.soil![0]!.moisture_vwc_pct!
const utcHour = (r: SimulatedGroveReading) => new Date(r.ts).getUTCHours()

describe('createGroveModel', () => {
  it('gives the same readings for the same seed, other readings for another seed', () => {
    expect(simulate({ seed: 7 }, '2024-01-01', 2)).toEqual(simulate({ seed: 7 }, '2024-01-01', 2))
    expect(simulate({ seed: 7 }, '2024-01-01', 2)).not.toEqual(simulate({ seed: 8 }, '2024-01-01', 2))
  })

  it.each([
    ['Jaén, January', { seed: 1 }, '2024-01-01'],
    ['Jaén, April', { seed: 2 }, '2024-04-01'],
    ['Jaén, July', { seed: 3 }, '2024-07-01'],
    ['Jaén, November', { seed: 4 }, '2024-11-01'],
    ['southern highlands, February', { seed: 5, latitude: -18.9, longitude: 47.5, climate: CLIMATES.tropicalHighland }, '2024-02-01'],
  ])('every reading over a month passes the grove contract (%s)', (_, options, start) => {
    for (const reading of simulate(options, start, 30)) {
      const parsed = groveReadingSchema.safeParse(reading)
      expect(parsed.success, JSON.stringify({ reading, issues: parsed.error?.issues })).toBe(true)
    }
  })

  it('reports soil at 10, 30 and 60 cm and rain in whole tips of 0.2 mm', () => {
    const readings = simulate({ seed: 1 }, '2024-01-01', 30, HOUR)
    expect(readings[0]!.soil!.map((layer) => layer.depth_cm)).toEqual([10, 30, 60])
    for (const r of readings) expect(Math.abs(r.rain_mm! / 0.2 - Math.round(r.rain_mm! / 0.2))).toBeLessThan(1e-6)
    expect(readings.some((r) => r.rain_mm! > 0)).toBe(true)
  })

  it('wets the topsoil when it rains', () => {
    let showers = 0
    for (const seed of [1, 2, 3, 4]) {
      const readings = simulate({ seed }, '2024-01-01', 30, HOUR)
      // A shower: consecutive hours with rain; compare the topsoil before it and right after.
      for (let i = 1; i < readings.length; i++) {
        if (readings[i]!.rain_mm === 0 || readings[i - 1]!.rain_mm! > 0) continue
        let end = i
        let totalMm = 0
        while (end < readings.length && readings[end]!.rain_mm! > 0) totalMm += readings[end++]!.rain_mm!
        if (totalMm < 3 || end === readings.length) continue
        showers++
        expect(topMoisture(readings[end]!)).toBeGreaterThan(topMoisture(readings[i - 1]!))
      }
    }
    expect(showers).toBeGreaterThanOrEqual(3)
  })

  it('dries the soil through a rainless summer month', () => {
    const readings = simulate({ seed: 1 }, '2024-07-01', 30, HOUR)
    expect(readings.reduce((sum, r) => sum + r.rain_mm!, 0)).toBe(0) // this seed's July is dry
    for (const depth of [0, 1, 2]) {
      expect(readings.at(-1)!.soil![depth]!.moisture_vwc_pct!).toBeLessThan(readings[0]!.soil![depth]!.moisture_vwc_pct! - 1)
    }
  })

  it('damps and delays the daily temperature wave with depth', () => {
    const readings = simulate({ seed: 2 }, '2024-07-01', 30)
    // The month's average day, per depth: amplitude and hour of the maximum.
    const averageDay = (value: (r: SimulatedGroveReading) => number) =>
      Array.from({ length: 24 }, (_, hour) => mean(readings.filter((r) => utcHour(r) === hour).map(value)))
    const waves = [(r: SimulatedGroveReading) => r.air_temp_c!, ...[0, 1, 2].map((i) => (r: SimulatedGroveReading) => r.soil![i]!.temp_c!)].map(averageDay)
    const amplitudes = waves.map((wave) => Math.max(...wave) - Math.min(...wave))
    const peakHours = waves.map((wave) => wave.indexOf(Math.max(...wave)))
    const [, at10, at30, at60] = amplitudes as [number, number, number, number]
    expect(at10).toBeGreaterThan(3 * at30)
    expect(at30).toBeGreaterThan(3 * at60)
    expect(peakHours[2]!).toBeGreaterThan(peakHours[1]!)
    expect(peakHours[1]!).toBeGreaterThanOrEqual(peakHours[0]!)
  })

  it('wets the leaves at dawn on humid nights and dries them by the afternoon', () => {
    const dawnHumid: number[] = []
    const dawnDry: number[] = []
    const afternoon: number[] = []
    // Jaén in March: sunrise ≈ 06:30 UTC; a mix of humid and dry mornings.
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const readings = simulate({ seed }, '2024-03-01', 30, HOUR)
      for (let i = 12; i < readings.length; i++) {
        const r = readings[i]!
        const rainlessHalfDay = readings.slice(i - 12, i + 1).every((earlier) => earlier.rain_mm === 0)
        if (!rainlessHalfDay) continue
        if (utcHour(r) === 6 && r.air_humidity_pct! >= 92) dawnHumid.push(r.leaf_wetness_pct!)
        if (utcHour(r) === 6 && r.air_humidity_pct! < 85) dawnDry.push(r.leaf_wetness_pct!)
        if (utcHour(r) === 15) afternoon.push(r.leaf_wetness_pct!)
      }
    }
    expect(dawnHumid.length).toBeGreaterThanOrEqual(5)
    expect(dawnDry.length).toBeGreaterThanOrEqual(5)
    expect(mean(dawnHumid)).toBeGreaterThan(30)
    expect(mean(dawnDry)).toBeLessThan(5)
    expect(mean(afternoon)).toBeLessThan(5)
  })

  it('has sunshine only by day, peaking near solar noon', () => {
    const readings = simulate({ seed: 4 }, '2024-06-01', 30)
    expect(readings.filter((r) => utcHour(r) === 0).every((r) => r.solar_w_m2 === 0)).toBe(true)
    const noon = readings.filter((r) => utcHour(r) === 12).map((r) => r.solar_w_m2!)
    expect(Math.max(...noon)).toBeGreaterThan(700)
    expect(Math.max(...noon)).toBeLessThan(1200)
  })

  it('flips the seasons in the southern hemisphere', () => {
    const monthMean = (options: GroveModelOptions, start: string) =>
      mean(simulate(options, start, 30, HOUR).map((r) => r.air_temp_c!))
    const south = { seed: 1, latitude: -37.8 }
    expect(monthMean({ seed: 1 }, '2024-07-01')).toBeGreaterThan(monthMean({ seed: 1 }, '2024-01-01') + 10)
    expect(monthMean(south, '2024-01-01')).toBeGreaterThan(monthMean(south, '2024-07-01') + 10)
  })
})
