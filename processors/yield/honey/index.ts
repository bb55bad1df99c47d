/**
 * Honey production from hive scales, as pure functions (no I/O): daily net gain with the
 * beekeeper's manipulations filtered out, nectar flows, season-to-date production and harvestable
 * honey, and a season forecast per hive and per site with an interval. A scheduled job reads the
 * weights (InfluxDB) and the recorded interventions (PostgreSQL), calls these, stores the results.
 *
 * Weights are whole-hive kg: the regions' priors (season totals, reserves, upkeep) are. A scale under
 * one end of the hive (BroodMinder-W) reports about half: double its readings first, as its app does.
 * Typical call order per hive: computeNetGain → seasonProduction → (detectNectarFlows) → per site
 * forecastSiteSeason.
 */
export { computeNetGain, type DailyNetGain, type DayFlag, type NetGainInput, type NetGainResult, type WeightGap } from './daily-net-gain.js'
export { DEFAULT_NET_GAIN_OPTIONS, netGainOptions, type NetGainOptions } from './net-gain-options.js'
export { signedInterventionKg, type Intervention, type InterventionKind } from './interventions.js'
export type { WeightSample, CleaningReport } from './weight-cleaning.js'
export type { StepKind, WeightStep } from './weight-steps.js'
export { detectNectarFlows, type NectarFlow, type NectarFlowOptions } from './nectar-flow.js'
export { seasonProduction, type GapJudgement, type SeasonProduction, type SeasonProductionOptions } from './season-production.js'
export { flowProfile, HONEY_REGIONS, seasonContaining, seasonOf, type FlowComponent, type HoneyRegion, type Season } from './honey-regions.js'
export {
  DEFAULT_FORECAST_OPTIONS,
  forecastHiveSeason,
  forecastSiteSeason,
  type ForecastContext,
  type ForecastOptions,
  type HiveForecast,
  type HiveSeasonInput,
  type Interval,
  type SiteForecast,
} from './season-forecast.js'
export { intervalScale, normalQuantile, type PastForecast } from './forecast-interval.js'
