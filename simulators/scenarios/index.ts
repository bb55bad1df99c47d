/**
 * Labelled scenarios: seeded hive and grove series with injected events (swarms, thefts, beekeeper
 * visits, queen loss, starvation, sensor faults, frost, heat, drought, peacock spot and olive fly
 * weather) and their ground truth, for scoring anomaly detectors.
 */
export { generateScenarioSet, type ScenarioDevice, type ScenarioSet } from './generate-scenario-set.js'
export type { ScenarioSetOptions } from './scenario-settings.js'
export { SCENARIO_SEASONS, type ScenarioSeason, type ScenarioSeasonId } from './scenario-seasons.js'
export { countEventFreeDeviceDays } from './scenario-stats.js'
export {
  COLONY_EVENT_KINDS,
  EVENT_RULES,
  GROVE_CONDITION_KINDS,
  isManipulation,
  MANIPULATION_KINDS,
  SENSOR_FAULT_KINDS,
  type ColonyEventKind,
  type GroveConditionKind,
  type LabelledEvent,
  type ManipulationKind,
  type ScenarioEventKind,
  type SensorFaultKind,
} from './labelled-event.js'
