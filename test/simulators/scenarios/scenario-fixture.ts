import type { SimulatedReading } from '../../../simulators/device-fleet.js'
import {
  generateScenarioSet,
  type LabelledEvent,
  type ScenarioDevice,
  type ScenarioSet,
  type ScenarioSetOptions,
} from '../../../simulators/scenarios/index.js'

/** A set big enough to hold every event kind, and the same set with every event turned off. */
export const SET_OPTIONS: ScenarioSetOptions = { seed: 11, hives: 20, groves: 6, days: 45 }

export const NO_EVENTS: Partial<ScenarioSetOptions> = {
  anomaliesPerDeviceMonth: 0,
  manipulationsPerHiveMonth: 0,
  weatherEpisodesPerSiteMonth: 0,
}

export function generatePair(options: ScenarioSetOptions = SET_OPTIONS): { set: ScenarioSet; clean: ScenarioSet } {
  return { set: generateScenarioSet(options), clean: generateScenarioSet({ ...options, ...NO_EVENTS }) }
}

/** A reading's value by stored field name (soil layers as `soil_moisture_vwc_pct_30cm`). */
export function fieldOf(reading: SimulatedReading, field: string): number {
  const soil = /^soil_(moisture_vwc_pct|temp_c)_(\d+)cm$/.exec(field)
  if (soil) {
    const layer = (reading as { soil?: Record<string, number>[] }).soil?.find((l) => l.depth_cm === Number(soil[2]))
    return layer![soil[1]!]!
  }
  return (reading as Record<string, unknown>)[field] as number
}

/** Readings of a device keyed by time, for looking up the sample at a window's edge. */
export function byTime(device: ScenarioDevice): Map<number, SimulatedReading> {
  return new Map<number, SimulatedReading>(device.readings.map((r) => [Date.parse(r.ts), r]))
}

export function readingsIn(device: ScenarioDevice, fromMs: number, toMs: number): SimulatedReading[] {
  return (device.readings as SimulatedReading[]).filter((r) => {
    const t = Date.parse(r.ts)
    return t >= fromMs && t <= toMs
  })
}

export function eventsOf(set: ScenarioSet, kind: LabelledEvent['kind']): LabelledEvent[] {
  return set.truth.filter((e) => e.kind === kind)
}

export function deviceOf(set: ScenarioSet, deviceId: string): ScenarioDevice {
  const device = set.devices.find((d) => d.deviceId === deviceId)
  if (!device) throw new Error(`no device ${deviceId}`)
  return device
}
