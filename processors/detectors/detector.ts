import type { DeviceKind } from '../../firmware-contracts/index.js'

/**
 * The contract every detector follows. A detector is a pure function over a device's new readings
 * (time order) and the state it kept from the previous call; the runner keeps that state in Redis
 * (JSON), so workers can restart and scale, and turns findings into alerts. Nothing here does I/O.
 */

/** A stored reading as detectors see it: fields are the InfluxDB field names (measurements.ts). */
export interface DetectorReading {
  timeMs: number
  sensor: string
  fields: Readonly<Record<string, number>>
}

export interface DetectorDevice {
  id: string
  partnerId: string
  siteId: string
  kind: DeviceKind
}

export interface DetectorContext {
  device: DetectorDevice
  /**
   * The site's reference value of a field at about `timeMs`, from the site's other devices (median),
   * when there is one; drift detection compares against it.
   */
  siteReference?: (field: string, timeMs: number) => number | undefined
}

export type Severity = 'info' | 'warning' | 'critical'

export const RULES = [
  'hive.swarm',
  'hive.theft',
  'hive.manipulation',
  'hive.queenless',
  'hive.starvation',
  'grove.frost',
  'grove.heat',
  'grove.drought',
  'grove.peacock_spot',
  'grove.fruit_fly',
  'device.stuck',
  'device.drift',
  'device.spike',
  'device.out_of_range',
  'device.battery_low',
  'device.offline',
  // Raised by the daily stock check, not by a detector: alerts about a product.
  'stock.stock_out_risk',
  'stock.replenish',
] as const
export type Rule = (typeof RULES)[number]

/**
 * `firing` opens the (device, rule) alert or refreshes the open one; `clear` resolves it. A
 * detector applies its own hysteresis: it says `clear` only once the condition is clearly over,
 * so a value hovering at a threshold gives one alert, not many. `info` findings are events
 * (an inspection) recorded for people and estimators, never notified as alarms.
 */
export interface Finding {
  rule: Rule
  status: 'firing' | 'clear'
  severity: Severity
  /** Time of the reading that decided it. */
  atMs: number
  /** One sentence a beekeeper or grower understands. */
  summary: string
  /** The values that triggered it. */
  evidence: Record<string, number | string | boolean>
}

export interface DetectorStep<S> {
  state: S
  findings: Finding[]
}

export interface Detector<S> {
  /** Key of its state in Redis; bump the version suffix when the state shape changes. */
  name: string
  kinds: readonly DeviceKind[]
  /** The rules it may emit. */
  rules: readonly Rule[]
  initialState(): S
  /**
   * `readings` are newer than anything this state has seen, in time order, one device. The caller
   * hands `state` over: step may update it in place, and only the returned state is used after.
   */
  step(state: S, readings: readonly DetectorReading[], context: DetectorContext): DetectorStep<S>
}
