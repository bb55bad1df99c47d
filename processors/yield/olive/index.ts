/**
 * Olive yield estimation: pure functions, no I/O. A scheduled job feeds them the station's site-local
 * daily temperatures (InfluxDB), the grove detectors' alert episodes (PostgreSQL) and the grove's
 * settings and past harvests (PostgreSQL), and stores what `estimateOliveYield` returns.
 *
 * - daily-temperature  hourly readings → site-local days (min, max, chilling hours), DST-aware
 * - phenology          chilling, degree-day clocks, current stage and projected stage dates
 * - alternate-bearing  ABI (Pearce & Dobersek-Urbanc 1967) and the bearing forecast from past harvests
 * - risk-factors       alert episodes → crop and oil losses by stage, against an ordinary season's
 * - ripening           ripening index, oil accumulation, harvest window, calibration to recorded harvests
 * - oil-yield          the variety's oil yield at harvest
 * - varieties          Picual, Arbequina, Hojiblanca, Koroneiki
 * - yield-estimate     all of it for one grove and date
 */
export { alternateBearingIndex, forecastFromBearing, BEARING_DEFAULTS, type BearingForecast, type BearingOptions, type PastHarvest } from './alternate-bearing.js'
export { CHILL_HOURS, dailyTemperatures, type DailyTemperature, type DailyTemperatureOptions, type TemperatureSample } from './daily-temperature.js'
export { degreeDays, expectedDegreeDays } from './degree-days.js'
export { groveOilRange, oilFraction, type OilFraction, type OilFractionOptions } from './oil-yield.js'
export {
  estimatePhenology,
  OLIVE_STAGES,
  PHENOLOGY_DEFAULTS,
  stageDate,
  stageOn,
  type ClimateNormals,
  type OliveStage,
  type OliveStageOrDormant,
  type PhenologyEstimate,
  type PhenologyOptions,
  type StageDate,
} from './phenology.js'
export {
  cropPhase,
  DROUGHT_LOSS_PER_DAY,
  FROST_LOSS,
  FRUIT_FLY_LOSS_PER_DAY,
  HEAT_LOSS,
  LOSS_UNCERTAINTY,
  PEACOCK_SPOT_LOSS,
  RISK_RULES,
  riskAdjustment,
  seasonLosses,
  typicalLosses,
  type AlertEpisode,
  type CropPhase,
  type LogLoss,
  type PastSeasonAlerts,
  type RiskAdjustment,
  type RiskRule,
  type SeasonLosses,
  type TypicalLoss,
  type TypicalLosses,
  type TypicalLossOptions,
} from './risk-factors.js'
export { calibrateRipening, fruitDegreeDaysOn, harvestWindow, oilAccumulation, ripeningIndex, type HarvestWindow, type RecordedHarvest } from './ripening.js'
export { normalIndex, seasonAnchors, type Hemisphere, type LocalDate, type SeasonAnchors } from './season-calendar.js'
export { OLIVE_VARIETIES, varietyNamed, type OliveVariety, type OliveVarietyName } from './varieties.js'
export { estimateOliveYield, type Interval80, type OliveGrove, type OliveYieldEstimate, type OliveYieldInput } from './yield-estimate.js'
