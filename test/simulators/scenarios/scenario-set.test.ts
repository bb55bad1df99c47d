import { describe, expect, it } from 'vitest'
import { checkTelemetry, MAX_BATCH_READINGS } from '../../../firmware-contracts/index.js'
import { RULES } from '../../../processors/detectors/detector.js'
import type { SimulatedReading } from '../../../simulators/device-fleet.js'
import {
  COLONY_EVENT_KINDS,
  countEventFreeDeviceDays,
  EVENT_RULES,
  generateScenarioSet,
  GROVE_CONDITION_KINDS,
  isManipulation,
  MANIPULATION_KINDS,
  SENSOR_FAULT_KINDS,
} from '../../../simulators/scenarios/index.js'
import { byTime, fieldOf, generatePair } from './scenario-fixture.js'

const HOUR = 3_600_000
const { set, clean } = generatePair()

/** The fields an event may touch, per device kind. */
const FIELDS = {
  hive: ['weight_kg', 'temp_internal_c', 'humidity_internal_pct', 'temp_brood_c', 'temp_ambient_c', 'humidity_ambient_pct', 'tilt_deg', 'battery_v'],
  grove: ['air_temp_c', 'air_humidity_pct', 'leaf_wetness_pct', 'solar_w_m2', 'battery_v', 'soil_moisture_vwc_pct_30cm', 'soil_temp_c_10cm'],
} as const

describe('generateScenarioSet', () => {
  it('gives the same set for the same seed and another for another seed', () => {
    const small = { seed: 3, hives: 3, groves: 2, days: 4 }
    expect(generateScenarioSet(small)).toEqual(generateScenarioSet(small))
    expect(generateScenarioSet({ ...small, seed: 4 })).not.toEqual(generateScenarioSet(small))
  })

  it('keeps every grove as it was when hives are added, and the other way round', () => {
    const groves = (options: { hives: number; groves: number }) => {
      const set = generateScenarioSet({ seed: 3, days: 3, ...options })
      // Site numbers run on from the hives' sites; everything else must match.
      const devices = set.devices.filter((d) => d.kind === 'grove').map(({ siteIndex: _i, siteId: _s, ...rest }) => rest)
      return { devices, truth: set.truth.filter((e) => e.deviceId.startsWith('grove')) }
    }
    expect(groves({ hives: 2, groves: 3 })).toEqual(groves({ hives: 9, groves: 3 }))
    const hives = (groves: number) => generateScenarioSet({ seed: 3, days: 3, hives: 3, groves }).devices.filter((d) => d.kind === 'hive')
    expect(hives(0)).toEqual(hives(4))
  })

  it('refuses nonsense options by name', () => {
    expect(() => generateScenarioSet({ seed: 1, hives: -1, groves: 0, days: 1 })).toThrow(/hives/)
    expect(() => generateScenarioSet({ seed: 1, hives: 1, groves: 0, days: 0 })).toThrow(/days/)
    expect(() => generateScenarioSet({ seed: 1, hives: 1, groves: 0, days: 1, quietDeviceShare: 2 })).toThrow(/quietDeviceShare/)
  })

  // A few hundred thousand readings: seconds when the machine is busy.
  it('makes every reading of a full set pass the firmware contract', { timeout: 60_000 }, () => {
    for (const device of set.devices) {
      const readings = device.readings as SimulatedReading[]
      for (let from = 0; from < readings.length; from += MAX_BATCH_READINGS) {
        const result = checkTelemetry(device.kind, { readings: readings.slice(from, from + MAX_BATCH_READINGS) })
        if ('error' in result) throw new Error(result.error)
        const bad = result.checks.filter((c) => !c.ok)
        expect(bad, `${device.deviceId}: ${JSON.stringify(bad.slice(0, 3))}`).toEqual([])
      }
    }
  })

  it('keeps readings in time order on the device grid, several devices to a site', () => {
    for (const device of set.devices) {
      const times = device.readings.map((r) => Date.parse(r.ts))
      const offGrid = times.filter((t, i) => i > 0 && (t <= times[i - 1]! || (t - times[i - 1]!) % (device.intervalMin * 60_000) !== 0))
      expect(offGrid, device.deviceId).toEqual([])
    }
    const sites = new Set(set.devices.map((d) => d.siteId))
    for (const site of sites) expect(set.devices.filter((d) => d.siteId === site).length).toBeGreaterThanOrEqual(2)
  })

  it('labels every event kind, with its rule, and manipulations as non-alarms', () => {
    const kinds = new Set(set.truth.map((e) => e.kind))
    for (const kind of [...COLONY_EVENT_KINDS, ...MANIPULATION_KINDS, ...SENSOR_FAULT_KINDS, ...GROVE_CONDITION_KINDS]) {
      expect(kinds.has(kind), kind).toBe(true)
    }
    for (const event of set.truth) {
      expect(event.rule).toBe(EVENT_RULES[event.kind])
      expect(RULES).toContain(event.rule)
      expect(event.alarm).toBe(!isManipulation(event.kind))
      expect(event.endMs).toBeGreaterThanOrEqual(event.startMs)
    }
    expect(set.truth.filter((e) => e.rule === 'hive.manipulation').every((e) => !e.alarm)).toBe(true)
  })

  it('injects each season’s weather episodes where they are labelled', () => {
    for (const kind of GROVE_CONDITION_KINDS) {
      expect(set.truth.some((e) => e.kind === kind && e.details.origin === 'injected'), kind).toBe(true)
    }
  })

  it('leaves at least 30 % of device-days without any event', () => {
    const { deviceDays, eventFree } = countEventFreeDeviceDays(set)
    expect(deviceDays).toBe(26 * 45)
    expect(eventFree / deviceDays).toBeGreaterThanOrEqual(0.3)
  })

  it('keeps a device’s own events at least 12 h apart', () => {
    const own = set.truth.filter((e) => !(GROVE_CONDITION_KINDS as readonly string[]).includes(e.kind) && e.kind !== 'starvation')
    for (const device of set.devices) {
      const sorted = own.filter((e) => e.deviceId === device.deviceId).sort((a, b) => a.startMs - b.startMs)
      for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.startMs - sorted[i - 1]!.endMs).toBeGreaterThanOrEqual(12 * HOUR)
    }
  })

  it('lines truth windows up with the injected samples', () => {
    for (const device of set.devices) {
      const cleanAt = byTime(clean.devices.find((d) => d.deviceId === device.deviceId)!)
      const offsets = (r: SimulatedReading) => FIELDS[device.kind].map((f) => fieldOf(r, f) - fieldOf(cleanAt.get(Date.parse(r.ts))!, f))
      const changed = (r: SimulatedReading) => offsets(r).some((o) => Math.abs(o) > 1e-9)
      const own = set.truth.filter((e) => e.deviceId === device.deviceId && !(GROVE_CONDITION_KINDS as readonly string[]).includes(e.kind))
      const at = byTime(device)
      const step = device.intervalMin * 60_000
      for (const event of own.filter((e) => e.kind !== 'silent' && e.kind !== 'starvation')) {
        // The first sample that moves away from how the device stood before (earlier lasting steps
        // included) comes within the window's first hour: a drift or a stuck value takes a few samples to show.
        const before = offsets(at.get(event.startMs - step)!)
        const moved = device.readings.find((r) => {
          const t = Date.parse(r.ts)
          return t >= event.startMs && offsets(r).some((o, k) => Math.abs(o - before[k]!) > 1e-9)
        })
        const where = `${event.kind} ${device.deviceId} at ${new Date(event.startMs).toISOString()}`
        expect(Date.parse(moved!.ts) - event.startMs, where).toBeLessThanOrEqual(HOUR)
      }
      if (device.kind === 'hive' && !own.some((e) => e.kind === 'starvation')) {
        // Nothing is changed before a hive's first labelled event (a light hive starves from the start).
        const firstEventMs = Math.min(...own.map((e) => e.startMs))
        const early = device.readings.filter((r) => Date.parse(r.ts) < firstEventMs)
        expect(early.filter(changed).map((r) => r.ts)).toEqual([])
      }
    }
  })
})
