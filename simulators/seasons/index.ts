/** Honey seasons with known truth, for the yield estimator's tests and backtest. */
export { simulateSiteSeason, type SimulatedHive, type SimulatedSiteSeason, type SiteSeasonOptions } from './site-seasons.js'
export { SEASON_REGIONS, type SeasonRegion, type SeasonRegionId } from './season-regions.js'
export type { HiveSeasonTruth, Manipulation } from './colony-season.js'
export { DEFAULT_FAULT_RATES, type FaultRates, type FaultTruth, type ScaleRow } from './sensor-faults.js'
