import { describe, expect, it } from 'vitest'
import { dailyTemperatures, degreeDays, type TemperatureSample } from '../../../../processors/yield/olive/index.js'

const HOUR = 3_600_000
const hourly = (startIso: string, temps: readonly number[]): TemperatureSample[] =>
  temps.map((airC, i) => ({ timeMs: Date.parse(startIso) + i * HOUR, airC }))

describe('dailyTemperatures', () => {
  it('counts chill hours above 0 and at most 7.2 °C, and the day’s minimum and maximum', () => {
    // Madrid is UTC+1 in January: local midnight is 23:00 UTC the day before.
    const temps = [-1, 0, 0.1, 3, 7.2, 7.3, 10, ...Array<number>(17).fill(5)]
    const [day, ...rest] = dailyTemperatures(hourly('2024-01-14T23:00:00Z', temps), { timeZone: 'Europe/Madrid' })
    expect(rest).toEqual([])
    expect(day).toEqual({ date: '2024-01-15', minC: -1, maxC: 10, chillHours: 3 + 17, coveredHours: 24 })
  })

  it('gives the day the clocks go back 25 hours and the day they go forward 23, all of them chill', () => {
    // Europe/Madrid: 27 October 2024 runs from 22:00 UTC on the 26th to 23:00 UTC on the 27th.
    const autumn = dailyTemperatures(hourly('2024-10-26T22:00:00Z', Array<number>(25 + 24).fill(4)), { timeZone: 'Europe/Madrid' })
    expect(autumn.map((d) => [d.date, d.chillHours, d.coveredHours])).toEqual([
      ['2024-10-27', 25, 25],
      ['2024-10-28', 24, 24],
    ])
    // 31 March 2024 runs from 23:00 UTC on the 30th to 22:00 UTC on the 31st.
    const spring = dailyTemperatures(hourly('2024-03-30T23:00:00Z', Array<number>(23 + 24).fill(4)), { timeZone: 'Europe/Madrid' })
    expect(spring.map((d) => [d.date, d.chillHours])).toEqual([
      ['2024-03-31', 23],
      ['2024-04-01', 24],
    ])
  })

  it('puts the first local hour after the clocks go back into its own day, for degree-days as for chill', () => {
    // 22:00 UTC on 26 October 2024 is 00:00 CEST on the 27th in Madrid: that warm hour is the 27th's.
    const temps = Array.from({ length: 72 }, (_, i) => (i === 24 ? 30 : 10))
    const days = dailyTemperatures(hourly('2024-10-25T22:00:00Z', temps), { timeZone: 'Europe/Madrid' })
    expect(days.map((d) => [d.date, d.maxC])).toEqual([
      ['2024-10-26', 10],
      ['2024-10-27', 30],
      ['2024-10-28', 10],
    ])
    expect(days.map((d) => degreeDays(d.minC, d.maxC, 10))).toEqual([0, 10, 0])
    // 24 + 25 hours, then the rest of the samples (72 − 49 = 23 hours) on the 28th.
    expect(days.map((d) => d.coveredHours)).toEqual([24, 25, 23])
  })

  it('counts 10-minute readings by the time each stands for', () => {
    const samples = Array.from({ length: 6 * 24 }, (_, i) => ({ timeMs: Date.parse('2024-01-15T00:00:00Z') + i * 600_000, airC: i < 36 ? 2 : 12 }))
    const [day] = dailyTemperatures(samples, { timeZone: 'UTC' })
    expect(day!.chillHours).toBeCloseTo(6)
    expect(day!.coveredHours).toBeCloseTo(24)
  })

  it('adds no chill for an outage: a reading stands for at most maxGapMs', () => {
    const samples = [
      { timeMs: Date.parse('2024-01-15T00:00:00Z'), airC: 3 },
      { timeMs: Date.parse('2024-01-15T10:00:00Z'), airC: 3 },
      { timeMs: Date.parse('2024-01-15T11:00:00Z'), airC: 3 },
    ]
    const [day] = dailyTemperatures(samples, { timeZone: 'UTC', maxGapMs: 2 * HOUR })
    expect(day!.chillHours).toBe(2 + 1 + 1)
  })

  it('skips readings without a temperature and refuses readings out of order', () => {
    // The two good readings are 2 h apart, within the default gap: each stands for 2 h.
    const [day] = dailyTemperatures(hourly('2024-01-15T00:00:00Z', [3, Number.NaN, 3]), { timeZone: 'UTC' })
    expect(day!.chillHours).toBe(4)
    expect(() => dailyTemperatures([...hourly('2024-01-15T01:00:00Z', [1]), ...hourly('2024-01-15T00:00:00Z', [1])], { timeZone: 'UTC' })).toThrow(/time order/)
  })

  it('names a time zone it does not know', () => {
    expect(() => dailyTemperatures([], { timeZone: 'Europe/Atlantis' })).toThrow(/Atlantis/)
  })
})
