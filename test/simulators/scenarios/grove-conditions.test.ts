import { describe, expect, it } from 'vitest'
import type { SimulatedGroveReading } from '../../../simulators/grove-model.js'
import type { DeviceSeries } from '../../../simulators/scenarios/device-series.js'
import { scanGroveConditions } from '../../../simulators/scenarios/grove-conditions.js'

const HOUR = 3_600_000
const STEP = 15 * 60_000
const JULY = Date.parse('2024-07-01T00:00:00Z')

interface Weather {
  airC?: number
  leafWetPct?: number
  rootZonePct?: number
}

/** A grove station at longitude 0 (solar time = UTC), every 15 min, with weather given per hour from the start. */
function station(hours: number, weather: (hour: number) => Weather, startMs = JULY): DeviceSeries {
  const timesMs = Array.from({ length: (hours * HOUR) / STEP }, (_, i) => startMs + i * STEP)
  const readings: SimulatedGroveReading[] = timesMs.map((t, seq) => {
    const w = weather((t - startMs) / HOUR)
    return {
      ts: new Date(t).toISOString(),
      seq,
      air_temp_c: w.airC ?? 25,
      air_humidity_pct: 60,
      leaf_wetness_pct: w.leafWetPct ?? 0,
      soil: [
        { depth_cm: 10, moisture_vwc_pct: 24, temp_c: 20 },
        { depth_cm: 30, moisture_vwc_pct: w.rootZonePct ?? 23, temp_c: 20 },
        { depth_cm: 60, moisture_vwc_pct: 22, temp_c: 20 },
      ],
      rain_mm: 0,
      solar_w_m2: 0,
      wind_speed_m_s: 2,
      wind_dir_deg: 180,
      battery_v: 4,
    }
  })
  return { deviceId: 'grove-01', kind: 'grove', latitude: 37.8, longitude: 0, timesMs, intervalMs: STEP, readings, lost: timesMs.map(() => false), injected: [] }
}

const kinds = (s: DeviceSeries) => scanGroveConditions(s).map((e) => e.kind)
/** Maxima of 34 °C (too hot for the fly) except where given. */
const hotUnless = (cool: (hour: number) => boolean, airC: number) => (hour: number) => ({ airC: cool(hour) ? airC : 34 })

describe('scanGroveConditions', () => {
  it('calls frost at an hour below 0 °C, not at 45 minutes, and joins a night’s frosts', () => {
    expect(kinds(station(48, (h) => ({ airC: h >= 10 && h < 10.75 ? -1 : 34 })))).toEqual([])
    const frost = scanGroveConditions(station(48, (h) => ({ airC: (h >= 10 && h < 11) || (h >= 14 && h < 15) ? -1 : 34 })))
    expect(frost.map((e) => [e.kind, e.details.hoursBelowZero])).toEqual([['frost', 2]])
  })

  it('calls heat at two hours above 40 °C', () => {
    expect(kinds(station(48, (h) => ({ airC: h >= 14 && h < 15.75 ? 41 : 34 })))).toEqual([])
    expect(kinds(station(48, (h) => ({ airC: h >= 14 && h < 16 ? 41 : 34 })))).toEqual(['heat'])
  })

  it('says whether an episode was injected or came with the weather', () => {
    const s = station(48, (h) => ({ airC: (h >= 2 && h < 4) || (h >= 30 && h < 32) ? -2 : 34 }))
    s.injected.push({ kind: 'frost', startMs: JULY + 2 * HOUR, endMs: JULY + 4 * HOUR })
    expect(scanGroveConditions(s).map((e) => e.details.origin)).toEqual(['injected', 'natural'])
  })

  it('calls peacock spot on ≥ 12 h of wet leaves at a mild mean temperature only', () => {
    const wet = (hours: number, airC: number) => (h: number) => ({ airC: h < hours ? airC : 34, leafWetPct: h < hours ? 100 : 0 })
    expect(kinds(station(24, wet(12, 15)))).toEqual(['peacock_spot'])
    expect(kinds(station(24, wet(11.75, 15)))).toEqual([])
    expect(kinds(station(24, wet(12, 24)))).toEqual([])
  })

  it('calls drought after three days with the root zone below the refill point', () => {
    expect(kinds(station(96, (h) => ({ rootZonePct: h < 71.75 ? 17 : 23, airC: 34 })))).toEqual([])
    const [drought] = scanGroveConditions(station(96, (h) => ({ rootZonePct: h < 72 ? 17 : 23, airC: 34 })))
    expect(drought).toMatchObject({ kind: 'drought', rule: 'grove.drought', alarm: true, details: { days: 3 } })
  })

  it('calls an olive fly window on three days in a row with maxima of 16–32 °C, while fruit is on the tree', () => {
    const coolDays = (from: number, days: number) => (h: number) => h >= from * 24 && h < (from + days) * 24
    expect(kinds(station(24 * 7, hotUnless(coolDays(2, 2), 28)))).toEqual([])
    const [window] = scanGroveConditions(station(24 * 7, hotUnless(coolDays(2, 3), 28)))
    expect(window).toMatchObject({ kind: 'fruit_fly', startMs: JULY + 48 * HOUR, endMs: JULY + 5 * 24 * HOUR - STEP, details: { days: 3 } })
    expect(kinds(station(24 * 7, hotUnless(coolDays(2, 3), 28), Date.parse('2024-05-01T00:00:00Z')))).toEqual([])
  })
})
