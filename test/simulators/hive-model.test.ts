import { describe, expect, it } from 'vitest'
import { hiveReadingSchema } from '../../firmware-contracts/index.js'
import { createHiveModel, type HiveModelOptions, type SimulatedHiveReading } from '../../simulators/hive-model.js'
import { CLIMATES } from '../../simulators/weather.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const ANTANANARIVO = { latitude: -18.9, longitude: 47.5, climate: CLIMATES.tropicalHighland }

/** Readings every `stepMs` for `days` days from `start` (UTC). */
function simulate(options: HiveModelOptions, start: string, days: number, stepMs = 10 * 60_000): SimulatedHiveReading[] {
  const model = createHiveModel(options)
  const t0 = Date.parse(start)
  return Array.from({ length: (days * DAY) / stepMs }, (_, i) => model.readingAt(new Date(t0 + i * stepMs), i))
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length
const field = (readings: SimulatedHiveReading[], name: keyof SimulatedHiveReading) => readings.map((r) => r[name] as number)
/** The reading stamped at `iso`, which must be on the simulation's grid. */
const at = (readings: SimulatedHiveReading[], iso: string) => {
  const found = readings.find((r) => r.ts === new Date(iso).toISOString())
  if (!found) throw new Error(`no reading at ${iso}`)
  return found
}

describe('createHiveModel', () => {
  it('gives the same readings for the same seed, other readings for another seed', () => {
    expect(simulate({ seed: 7 }, '2024-05-01', 2)).toEqual(simulate({ seed: 7 }, '2024-05-01', 2))
    expect(simulate({ seed: 7 }, '2024-05-01', 2)).not.toEqual(simulate({ seed: 8 }, '2024-05-01', 2))
  })

  it('has the same weather and hive whether read every 10 minutes or every hour', () => {
    const fine = simulate({ seed: 3 }, '2024-06-01', 10)
    const coarse = simulate({ seed: 3 }, '2024-06-01', 10, HOUR)
    for (const hourly of coarse) {
      const same = at(fine, hourly.ts)
      // Only the sensor noise (10 g, 0.1 °C) differs.
      expect(Math.abs(same.weight_kg! - hourly.weight_kg!)).toBeLessThan(0.08)
      expect(Math.abs(same.temp_ambient_c! - hourly.temp_ambient_c!)).toBeLessThan(0.8)
    }
  })

  it.each([
    ['Brussels, June', { seed: 1 }, '2024-06-01'],
    ['Brussels, January', { seed: 2 }, '2024-01-01'],
    ['Brussels, March', { seed: 3 }, '2024-03-01'],
    ['Antananarivo, December', { seed: 4, ...ANTANANARIVO }, '2024-12-01'],
    ['hot site, July', { seed: 5, latitude: 37.8, longitude: -3.8, climate: CLIMATES.mediterranean }, '2024-07-01'],
  ])('every reading over a month passes the hive contract (%s)', (_, options, start) => {
    for (const reading of simulate(options, start, 30)) {
      const parsed = hiveReadingSchema.safeParse(reading)
      expect(parsed.success, JSON.stringify({ reading, issues: parsed.error?.issues })).toBe(true)
    }
  })

  it('holds brood near 34–35 °C and keeps the internal sensor between ambient and brood', () => {
    for (const seed of [1, 2, 3]) {
      const readings = simulate({ seed }, '2024-06-01', 30)
      expect(mean(field(readings, 'temp_brood_c'))).toBeGreaterThanOrEqual(34)
      expect(mean(field(readings, 'temp_brood_c'))).toBeLessThanOrEqual(35.5)
      const implausible = readings.filter((r) => {
        const lo = Math.min(r.temp_ambient_c!, r.temp_brood_c!) - 1
        const hi = Math.max(r.temp_ambient_c!, r.temp_brood_c!) + 1
        return (
          r.temp_brood_c! < 33.5 ||
          r.temp_brood_c! > 35.5 ||
          r.temp_internal_c! < lo ||
          r.temp_internal_c! > hi ||
          r.humidity_internal_pct! < 50 ||
          r.humidity_internal_pct! > 70 ||
          r.tilt_deg! > 2
        )
      })
      expect(implausible).toEqual([])
    }
  })

  it('makes ambient humidity fall as the air warms', () => {
    const readings = simulate({ seed: 6 }, '2024-06-01', 30)
    const t = field(readings, 'temp_ambient_c')
    const h = field(readings, 'humidity_ambient_pct')
    const [mt, mh] = [mean(t), mean(h)]
    const covariance = mean(t.map((x, i) => (x - mt) * (h[i]! - mh)))
    expect(covariance).toBeLessThan(0)
  })

  it('puts the daily low near sunrise and the high in the afternoon', () => {
    const readings = simulate({ seed: 9 }, '2024-06-01', 30)
    const byHour = Array.from({ length: 24 }, (_, hour) =>
      mean(readings.filter((r) => new Date(r.ts).getUTCHours() === hour).map((r) => r.temp_ambient_c!)),
    )
    const warmest = byHour.indexOf(Math.max(...byHour))
    const coldest = byHour.indexOf(Math.min(...byHour))
    // Brussels in June: sunrise ≈ 03:30 UTC, 15:00 solar ≈ 14:40 UTC.
    expect(warmest).toBeGreaterThanOrEqual(12)
    expect(warmest).toBeLessThanOrEqual(16)
    expect(coldest).toBeGreaterThanOrEqual(2)
    expect(coldest).toBeLessThanOrEqual(5)
  })

  it('gains weight by day and loses a little each night during the flow', () => {
    for (const seed of [1, 2, 3]) {
      const readings = simulate({ seed }, '2024-06-01', 30)
      const dayGains: number[] = []
      const nightChanges: number[] = []
      // Brussels in June: 03:00 UTC is before sunrise, 21:00 UTC an hour after sunset; no forager is out.
      for (let d = 0; d < 29; d++) {
        const date = new Date(Date.parse('2024-06-01') + d * DAY).toISOString().slice(0, 10)
        const next = new Date(Date.parse('2024-06-01') + (d + 1) * DAY).toISOString().slice(0, 10)
        const dawn = at(readings, `${date}T03:00:00Z`).weight_kg!
        const dusk = at(readings, `${date}T21:00:00Z`).weight_kg!
        dayGains.push(dusk - dawn)
        nightChanges.push(at(readings, `${next}T03:00:00Z`).weight_kg! - dusk)
      }
      expect(mean(dayGains)).toBeGreaterThan(0.3)
      expect(mean(dayGains)).toBeLessThan(3)
      expect(dayGains.filter((g) => g > 0).length).toBeGreaterThan(dayGains.length * 0.7)
      for (const change of nightChanges) {
        expect(change).toBeLessThan(-0.05)
        expect(change).toBeGreaterThan(-0.4)
      }
    }
  })

  it('dips in the morning as foragers leave', () => {
    const readings = simulate({ seed: 1 }, '2024-06-01', 30)
    let dips = 0
    for (let d = 0; d < 30; d++) {
      const date = new Date(Date.parse('2024-06-01') + d * DAY).toISOString().slice(0, 10)
      const dawn = at(readings, `${date}T03:00:00Z`).weight_kg!
      const morning = readings.filter((r) => r.ts > `${date}T03:00` && r.ts < `${date}T10:00`)
      if (Math.min(...field(morning, 'weight_kg')) < dawn - 0.1) dips++
    }
    expect(dips).toBeGreaterThan(20)
  })

  it('slowly loses weight in winter, without nectar flow', () => {
    const readings = simulate({ seed: 2 }, '2024-01-01', 30)
    const loss = readings[0]!.weight_kg! - readings.at(-1)!.weight_kg!
    expect(loss).toBeGreaterThan(1.5)
    expect(loss).toBeLessThan(10)
  })

  it('discharges the battery slowly from 4.1 V', () => {
    const readings = simulate({ seed: 1 }, '2024-06-01', 30, HOUR)
    expect(readings[0]!.battery_v!).toBeCloseTo(4.1, 1)
    expect(readings.at(-1)!.battery_v!).toBeLessThan(readings[0]!.battery_v! - 0.05)
    expect(Math.min(...field(readings, 'battery_v'))).toBeGreaterThanOrEqual(3.5)
  })

  it('flips the seasons in the southern hemisphere', () => {
    const monthMean = (options: HiveModelOptions, start: string) =>
      mean(field(simulate(options, start, 30, HOUR), 'temp_ambient_c'))
    const flowGain = (options: HiveModelOptions, start: string) => {
      const readings = simulate(options, start, 30, HOUR)
      return readings.at(-1)!.weight_kg! - readings[0]!.weight_kg!
    }
    expect(monthMean({ seed: 1 }, '2024-07-01')).toBeGreaterThan(monthMean({ seed: 1 }, '2024-01-01') + 8)
    expect(monthMean({ seed: 1, ...ANTANANARIVO }, '2024-01-01')).toBeGreaterThan(
      monthMean({ seed: 1, ...ANTANANARIVO }, '2024-07-01') + 3,
    )
    expect(flowGain({ seed: 1, ...ANTANANARIVO }, '2024-11-15')).toBeGreaterThan(5)
    expect(flowGain({ seed: 1, ...ANTANANARIVO }, '2024-06-01')).toBeLessThan(0)
  })

  it('refuses to go back in time', () => {
    const model = createHiveModel({ seed: 1 })
    model.readingAt(new Date('2024-06-01T12:00:00Z'), 0)
    expect(() => model.readingAt(new Date('2024-06-01T11:59:00Z'), 1)).toThrow(RangeError)
  })
})
