import type { Rule } from '../../processors/detectors/detector.js'

/**
 * Ground truth of a scenario set: what was injected (or, for grove weather conditions, what holds
 * in the series) and which detector rule should answer it.
 */
export const COLONY_EVENT_KINDS = ['swarm', 'theft', 'tip_over', 'queenless', 'starvation'] as const
export const MANIPULATION_KINDS = ['inspection', 'super_added', 'super_removed', 'harvest'] as const
export const SENSOR_FAULT_KINDS = ['stuck', 'drift', 'spikes', 'out_of_range', 'battery_low', 'silent'] as const
export const GROVE_CONDITION_KINDS = ['frost', 'heat', 'drought', 'peacock_spot', 'fruit_fly'] as const

export type ColonyEventKind = (typeof COLONY_EVENT_KINDS)[number]
export type ManipulationKind = (typeof MANIPULATION_KINDS)[number]
export type SensorFaultKind = (typeof SENSOR_FAULT_KINDS)[number]
export type GroveConditionKind = (typeof GROVE_CONDITION_KINDS)[number]
export type ScenarioEventKind = ColonyEventKind | ManipulationKind | SensorFaultKind | GroveConditionKind

export interface LabelledEvent {
  deviceId: string
  kind: ScenarioEventKind
  rule: Rule
  /**
   * False for beekeeper manipulations: the detector should record them as `info` events and must
   * not raise them as swarm or theft.
   */
  alarm: boolean
  /**
   * From the first sample that carries the signature to the first sample that shows its lasting
   * outcome (see each event's module). Lasting changes (a swarm's loss, a harvest) continue after
   * `endMs`; so do short recoveries, such as in-hive temperature after the lid is closed.
   */
  startMs: number
  endMs: number
  details: Record<string, number | string>
}

/** Which rule answers each kind: theft and a hive knocked over both need someone at the apiary. */
export const EVENT_RULES = {
  swarm: 'hive.swarm',
  theft: 'hive.theft',
  tip_over: 'hive.theft',
  queenless: 'hive.queenless',
  starvation: 'hive.starvation',
  inspection: 'hive.manipulation',
  super_added: 'hive.manipulation',
  super_removed: 'hive.manipulation',
  harvest: 'hive.manipulation',
  stuck: 'device.stuck',
  drift: 'device.drift',
  spikes: 'device.spike',
  out_of_range: 'device.out_of_range',
  battery_low: 'device.battery_low',
  silent: 'device.offline',
  frost: 'grove.frost',
  heat: 'grove.heat',
  drought: 'grove.drought',
  peacock_spot: 'grove.peacock_spot',
  fruit_fly: 'grove.fruit_fly',
} as const satisfies Record<ScenarioEventKind, Rule>

export function isManipulation(kind: ScenarioEventKind): kind is ManipulationKind {
  return (MANIPULATION_KINDS as readonly string[]).includes(kind)
}

export function labelledEvent(
  deviceId: string,
  kind: ScenarioEventKind,
  startMs: number,
  endMs: number,
  details: Record<string, number | string>,
): LabelledEvent {
  return { deviceId, kind, rule: EVENT_RULES[kind], alarm: !isManipulation(kind), startMs, endMs, details }
}
