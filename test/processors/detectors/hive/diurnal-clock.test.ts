import { describe, expect, it } from 'vitest'
import { estimatedSolarHour, initialDiurnalClock, recordAmbient, thermalPeakUtcHour } from '../../../../processors/detectors/hive/diurnal-clock.js'
import { hourAt, isNightHour } from '../../../../processors/detectors/hive/site-clock.js'

const HOUR = 3_600_000
const T0 = Date.parse('2024-06-01T00:00:00Z')

/** Air warmest at `peakUtc` (UTC hour), ± `swingC`, sampled every `everyMs` for `days`. */
function feed(days: number, peakUtc: number, swingC: number, everyMs = 10 * 60_000) {
  const clock = initialDiurnalClock()
  for (let t = T0; t < T0 + days * 24 * HOUR; t += everyMs) {
    recordAmbient(clock, t, 16 + swingC * Math.cos((2 * Math.PI * ((t - T0) / HOUR - peakUtc)) / 24))
  }
  return clock
}

describe('the diurnal clock', () => {
  it('places local solar time from where the daily air-temperature cycle peaks (14:30 solar)', () => {
    // Peak at 11:30 UTC: a site about 45° east (Antananarivo), solar time = UTC + 3 h.
    const clock = feed(4, 11.5, 5)
    expect(thermalPeakUtcHour(clock)).toBeCloseTo(11.5, 0)
    expect(estimatedSolarHour(clock, T0 + 4 * 24 * HOUR + 22 * HOUR)).toBeCloseTo(1, 0) // 22:00 UTC is ~01:00 there
    expect(isNightHour(hourAt(T0 + 4 * 24 * HOUR + 22 * HOUR, undefined, clock))).toBe(true)
    expect(isNightHour(hourAt(T0 + 4 * 24 * HOUR + 9 * HOUR, undefined, clock))).toBe(false)
  })

  it('works from hourly samples too, and prefers the time zone when there is one', () => {
    const clock = feed(4, 14.5, 4, HOUR)
    expect(estimatedSolarHour(clock, T0 + 5 * 24 * HOUR + 3 * HOUR)).toBeCloseTo(3, 0)
    expect(hourAt(T0 + 3 * HOUR, 'Asia/Tokyo', clock)).toBe(12)
  })

  it('says nothing before two days of data, without a clear daily cycle, or with big gaps', () => {
    expect(estimatedSolarHour(feed(1.5, 14.5, 5), T0)).toBeUndefined()
    expect(estimatedSolarHour(feed(5, 14.5, 0.3), T0)).toBeUndefined()
    const nightsOnly = initialDiurnalClock()
    for (let t = T0; t < T0 + 5 * 24 * HOUR; t += HOUR) if ((t / HOUR) % 24 < 12) recordAmbient(nightsOnly, t, 10)
    expect(estimatedSolarHour(nightsOnly, T0)).toBeUndefined()
  })

  it('ignores readings older than the hour it is in, and keeps a small state', () => {
    const clock = feed(4, 14.5, 5)
    const before = JSON.stringify(clock)
    recordAmbient(clock, T0, 40)
    expect(JSON.stringify(clock)).toBe(before)
    expect(before.length).toBeLessThan(1_000)
  })
})
