/**
 * Olive grove seasons with known truth, for backtesting the yield estimators: regional stations'
 * hourly readings over several years (with injected frosts and heat waves), groves with their own
 * traits, recorded past harvests following alternate bearing, and each season's true stages, losses,
 * harvest day, kg/tree and oil yield.
 */
export { generateOliveSeasonSet, type OliveSeasonSet, type OliveSeasonSetOptions, type SimulatedOliveGrove, type SimulatedStation, type TrueOutcome } from './olive-season-set.js'
export { OLIVE_REGIONS, regionHemisphere, type OliveRegion, type OliveVarietyKey } from './olive-regions.js'
export { groveAirC, groveReading, groveSoilVwcPct, HOUR_MS, hourIndex, recordStation, SOIL_DEPTHS_CM, type GroveView, type StationRecord } from './station-record.js'
export { drawGroveTraits, TRUE_STAGES, trueSeason, WORLD_VARIETIES, type GroveTraits, type LossCause, type TrueSeason, type TrueStage, type WorldVariety } from './true-crop.js'
export { injectSeasonEvents, type InjectedEvent, type InjectedKind } from './weather-events.js'
