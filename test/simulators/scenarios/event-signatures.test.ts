import { describe, expect, it } from 'vitest'
import type { SimulatedReading } from '../../../simulators/device-fleet.js'
import { SENSOR_FAULT_KINDS, type LabelledEvent } from '../../../simulators/scenarios/index.js'
import { solarHour } from '../../../simulators/sun.js'
import { byTime, deviceOf, eventsOf, fieldOf, generatePair, readingsIn } from './scenario-fixture.js'

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR
const { set, clean } = generatePair()

/** The event's device, its readings by time, and the clean twin's. */
function around(event: LabelledEvent) {
  const device = deviceOf(set, event.deviceId)
  const cleanDevice = deviceOf(clean, event.deviceId)
  const at = byTime(device)
  const cleanAt = byTime(cleanDevice)
  const step = device.intervalMin * MIN
  const value = (t: number, field: string) => fieldOf(at.get(t)!, field)
  const offset = (t: number, field: string) => value(t, field) - fieldOf(cleanAt.get(t)!, field)
  return { device, at, step, value, offset, span: (from: number, to: number) => readingsIn(device, from, to) }
}

const values = (readings: SimulatedReading[], field: string) => readings.map((r) => fieldOf(r, field))

function forEach(kind: LabelledEvent['kind'], check: (event: LabelledEvent) => void) {
  const events = eventsOf(set, kind)
  expect(events.length, kind).toBeGreaterThan(0)
  events.forEach(check)
}

/** A sensor fault on the device during the window: its readings then show the fault, not the weather. */
const faulted = (e: LabelledEvent) =>
  set.truth.some((f) => f.deviceId === e.deviceId && (SENSOR_FAULT_KINDS as readonly string[]).includes(f.kind) && f.startMs <= e.endMs && f.endMs >= e.startMs)

/** Grove conditions are labelled from the weather; their signature is checked where no fault hides it. */
function forEachCondition(kind: LabelledEvent['kind'], check: (event: LabelledEvent) => void) {
  const events = eventsOf(set, kind).filter((e) => !faulted(e))
  expect(events.length, kind).toBeGreaterThan(0)
  events.forEach(check)
}

describe('scenario event signatures', () => {
  it('swarm: warm-up of 1–2 °C, then 1.5–4.5 kg gone within 15 min around midday, never back', () => {
    forEach('swarm', (e) => {
      const { step, value, offset, span, device } = around(e)
      const departureMs = e.startMs + Number(e.details.warmUpMin) * MIN
      const before = departureMs - step
      expect(offset(before, 'temp_internal_c')).toBeGreaterThanOrEqual(0.95)
      expect(offset(before, 'temp_internal_c')).toBeLessThanOrEqual(2.05)
      const loss = value(before, 'weight_kg') - value(e.endMs, 'weight_kg')
      expect(loss).toBeGreaterThan(1.4)
      expect(loss).toBeLessThan(4.7)
      expect(e.endMs - before).toBeLessThanOrEqual(15 * MIN)
      expect(solarHour(new Date(departureMs), device.longitude)).toBeGreaterThanOrEqual(10)
      expect(solarHour(new Date(departureMs), device.longitude)).toBeLessThan(15)
      // No step back: the loss against the clean twin holds (and grows, as the smaller colony forages less).
      for (const r of span(e.endMs, e.endMs + 3 * HOUR)) expect(offset(Date.parse(r.ts), 'weight_kg') - offset(before, 'weight_kg')).toBeLessThan(-1.3)
    })
  })

  it('theft: weight to < 3 kg or > 15 kg lost at night, no recovery; a tilt jump past 30° when there is one', () => {
    forEach('theft', (e) => {
      const { step, value, span } = around(e)
      const before = value(e.startMs - step, 'weight_kg')
      const after = values(span(e.endMs, Infinity), 'weight_kg')
      if (e.details.variant === 'whole_hive') expect(Math.max(...after)).toBeLessThan(3)
      else expect(Math.max(...values(span(e.endMs, e.endMs + DAY), 'weight_kg'))).toBeLessThan(before - 14)
      if (e.details.tiltJumpDeg !== undefined) expect(Math.max(...values(span(e.startMs, e.endMs), 'tilt_deg'))).toBeGreaterThan(30)
    })
  })

  it('tip-over: tilt past 45° from the fall on, with weight lost', () => {
    forEach('tip_over', (e) => {
      const { step, value, span } = around(e)
      expect(Math.min(...values(span(e.startMs, Infinity), 'tilt_deg'))).toBeGreaterThan(45)
      expect(value(e.startMs, 'weight_kg')).toBeLessThan(0.65 * value(e.startMs - step, 'weight_kg'))
    })
  })

  // Weights are compared with the clean twin: rain brings foragers home, a real kilogram within minutes.
  it('inspection: 2–20 kg lifted with the lid open 10–30 min, back within ±1 kg, upper sensor 1–4 °C cooler', () => {
    forEach('inspection', (e) => {
      const { step, offset, span } = around(e)
      const before = offset(e.startMs - step, 'weight_kg')
      const open = span(e.startMs, e.endMs - step)
      expect(open.length * step).toBeGreaterThanOrEqual(10 * MIN)
      expect(open.length * step).toBeLessThanOrEqual(30 * MIN)
      expect(Math.min(...open.map((r) => offset(Date.parse(r.ts), 'weight_kg') - before))).toBeLessThan(-0.9)
      // Within ±1 kg, give or take what a hive that swarmed earlier gains less than its clean twin.
      expect(Math.abs(offset(e.endMs, 'weight_kg') - before)).toBeLessThan(1.1)
      const dips = open.map((r) => -offset(Date.parse(r.ts), 'temp_internal_c'))
      expect(Math.max(...dips)).toBeGreaterThanOrEqual(0.99)
      expect(Math.max(...dips)).toBeLessThanOrEqual(4.01)
    })
  })

  it.each([
    ['super_added', 5, 12],
    ['super_removed', -20, -5],
    ['harvest', -25, -8],
  ] as const)('%s: a step of %d..%d kg during a short visit that stays', (kind, lo, hi) => {
    forEach(kind, (e) => {
      const { step, offset } = around(e)
      const before = offset(e.startMs - step, 'weight_kg')
      const change = offset(e.endMs, 'weight_kg') - before
      expect(change).toBeGreaterThan(lo - 0.01)
      expect(change).toBeLessThan(hi + 0.01)
      // Still there an hour later (a hive that swarmed earlier gains a little less than its clean twin).
      expect(Math.abs(offset(e.endMs + HOUR, 'weight_kg') - before - change)).toBeLessThan(0.3)
    })
  })

  it('queenless: brood temperature no longer held at 34–35 °C but swinging with the air, for days', () => {
    forEach('queenless', (e) => {
      const { span } = around(e)
      expect(e.endMs - e.startMs).toBeGreaterThanOrEqual(4 * DAY - HOUR)
      const core = values(span(e.startMs + DAY, e.endMs - DAY), 'temp_brood_c')
      const held = core.filter((t) => t >= 34 && t <= 35).length
      expect(held / core.length).toBeLessThan(0.3)
      expect(Math.max(...core) - Math.min(...core)).toBeGreaterThan(4)
    })
  })

  it('starvation: under 5 kg of stores in winter with weight falling ≥ 0.15 kg/day', () => {
    forEach('starvation', (e) => {
      const { device, span } = around(e)
      if (device.kind !== 'hive') throw new Error('starvation on a grove')
      const stores = (r: SimulatedReading) => fieldOf(r, 'weight_kg') - device.emptyHiveKg
      expect(stores(span(e.startMs, e.startMs)[0]!)).toBeLessThan(5)
      const week = span(e.startMs - 7 * DAY, e.startMs)
      const trendPerDay = (stores(week[0]!) - stores(week.at(-1)!)) / 7
      expect(trendPerDay).toBeGreaterThanOrEqual(0.15)
      expect([11, 12, 1, 2]).toContain(new Date(e.startMs).getUTCMonth() + 1)
    })
  })

  it('stuck: one field repeats the exact same value for ≥ 6 h', () => {
    forEach('stuck', (e) => {
      const { span } = around(e)
      expect(e.endMs - e.startMs).toBeGreaterThanOrEqual(6 * HOUR)
      expect(new Set(values(span(e.startMs, e.endMs), String(e.details.field))).size).toBe(1)
    })
  })

  it('drift: the air temperature drifts 3–8 °C over days while the site’s other devices do not', () => {
    forEach('drift', (e) => {
      const { device, offset } = around(e)
      const field = String(e.details.field)
      expect(Math.abs(offset(e.endMs, field))).toBeGreaterThan(2.9)
      expect(Math.abs(offset(e.endMs, field))).toBeLessThan(8.1)
      expect(Math.abs(offset(e.startMs + DAY, field))).toBeLessThan(Math.abs(offset(e.endMs, field)))
      for (const neighbour of set.devices.filter((d) => d.siteId === device.siteId && d.deviceId !== device.deviceId)) {
        const own = byTime(neighbour).get(e.endMs)
        const twin = byTime(deviceOf(clean, neighbour.deviceId)).get(e.endMs)
        if (own && twin) expect(Math.abs(fieldOf(own, field) - fieldOf(twin, field)), neighbour.deviceId).toBeLessThan(1)
      }
    })
  })

  it('spikes: 1–3 lone samples ≥ 10 kg or ≥ 15 °C off, each back on the next sample', () => {
    forEach('spikes', (e) => {
      const { step, offset, span } = around(e)
      const field = String(e.details.field)
      const size = field === 'weight_kg' ? 10 : 15
      // Against the clean twin, from where the device stood before (earlier lasting steps included).
      const base = offset(e.startMs - step, field)
      const off = span(e.startMs, e.endMs).filter((r) => Math.abs(offset(Date.parse(r.ts), field) - base) >= size)
      for (const r of off) expect(Math.abs(offset(Date.parse(r.ts) + step, field) - base)).toBeLessThan(1)
      expect(off.length).toBe(Number(e.details.count))
    })
  })

  it('out of range: valid readings no hive or grove could produce', () => {
    const implausible: Record<string, (v: number) => boolean> = {
      temp_internal_c: (v) => v > 60,
      weight_kg: (v) => v < 0,
      air_humidity_pct: (v) => v < 3,
      soil_moisture_vwc_pct_30cm: (v) => v > 55,
    }
    forEach('out_of_range', (e) => {
      const { span } = around(e)
      const field = String(e.details.field)
      expect(values(span(e.startMs, e.endMs), field).every(implausible[field]!)).toBe(true)
    })
  })

  it('battery low: the voltage sags below 3.4 V', () => {
    forEach('battery_low', (e) => {
      const { step, value, span } = around(e)
      expect(value(e.startMs - step, 'battery_v')).toBeGreaterThan(3.4)
      expect(Math.min(...values(span(e.startMs, e.endMs), 'battery_v'))).toBeLessThan(3.4)
    })
  })

  it('silent: no reading at all for hours, readings on either side', () => {
    forEach('silent', (e) => {
      const { at, step, span } = around(e)
      expect(span(e.startMs, e.endMs)).toEqual([])
      expect(e.endMs - e.startMs).toBeGreaterThanOrEqual(2 * HOUR - step)
      expect(at.has(e.startMs - step) && at.has(e.endMs + step)).toBe(true)
    })
  })

  it('frost: air below 0 °C for an hour or more, in spring where injected', () => {
    forEachCondition('frost', (e) => {
      const below = values(around(e).span(e.startMs, e.endMs), 'air_temp_c').filter((t) => t < 0)
      expect(below.length * 15 * MIN).toBeGreaterThanOrEqual(HOUR)
      if (e.details.origin === 'injected') expect([3, 4]).toContain(new Date(e.startMs).getUTCMonth() + 1)
    })
  })

  it('heat: air above 40 °C for hours', () => {
    forEachCondition('heat', (e) => {
      expect(values(around(e).span(e.startMs, e.endMs), 'air_temp_c').filter((t) => t > 40).length * 15 * MIN).toBeGreaterThanOrEqual(2 * HOUR)
    })
  })

  it('drought: the root zone below the refill point for ≥ 3 days without rain', () => {
    forEachCondition('drought', (e) => {
      const readings = around(e).span(e.startMs, e.endMs)
      expect(e.endMs - e.startMs).toBeGreaterThanOrEqual(3 * DAY - 15 * MIN)
      expect(values(readings, 'rain_mm').reduce((a, b) => a + b, 0)).toBe(0)
      // Sensor noise at the threshold may lift a few samples above it.
      const dry = values(readings, 'soil_moisture_vwc_pct_30cm').filter((v) => v < 18.3)
      expect(dry.length / readings.length).toBeGreaterThan(0.97)
    })
  })

  it('peacock spot: leaves wet ≥ 12 h at a mean of 10–20 °C', () => {
    forEachCondition('peacock_spot', (e) => {
      const readings = around(e).span(e.startMs, e.endMs)
      expect(e.endMs - e.startMs).toBeGreaterThanOrEqual(12 * HOUR - 15 * MIN)
      const temps = values(readings, 'air_temp_c')
      const meanC = temps.reduce((a, b) => a + b, 0) / temps.length
      expect(meanC).toBeGreaterThanOrEqual(10)
      expect(meanC).toBeLessThanOrEqual(20)
    })
  })

  it('fruit fly: three or more days in a row with maxima of 16–32 °C, while fruit is on the tree', () => {
    forEachCondition('fruit_fly', (e) => {
      const { device, span } = around(e)
      expect(Number(e.details.days)).toBeGreaterThanOrEqual(3)
      const byDay = new Map<number, number>()
      for (const r of span(e.startMs, e.endMs)) {
        const day = Math.floor((Date.parse(r.ts) + (device.longitude / 15) * HOUR) / DAY)
        byDay.set(day, Math.max(byDay.get(day) ?? -Infinity, fieldOf(r, 'air_temp_c')))
      }
      for (const maxC of byDay.values()) expect(maxC >= 16 && maxC <= 32).toBe(true)
      expect(new Date(e.startMs).getUTCMonth() + 1).toBeGreaterThanOrEqual(7)
    })
  })
})
