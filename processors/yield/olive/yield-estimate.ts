import { forecastFromBearing, type BearingForecast, type BearingOptions, type PastHarvest } from './alternate-bearing.js'
import type { DailyTemperature } from './daily-temperature.js'
import { groveOilRange, oilFraction, Z80, type OilFraction } from './oil-yield.js'
import { estimatePhenology, type ClimateNormals, type PhenologyEstimate } from './phenology.js'
import { riskAdjustment, seasonLosses, typicalLosses, type AlertEpisode, type PastSeasonAlerts, type RiskAdjustment } from './risk-factors.js'
import { fruitDegreeDaysOn, harvestWindow, oilAccumulation, ripeningIndex, type HarvestWindow } from './ripening.js'
import { dayNumber } from '../../../platform/time/site-time.js'
import { type Hemisphere, type LocalDate } from './season-calendar.js'
import type { OliveVariety } from './varieties.js'

/** A grove's settings, as PostgreSQL keeps them. */
export interface OliveGrove {
  variety: OliveVariety
  trees: number
  /** IANA zone of the site. */
  timeZone: string
  hemisphere?: Hemisphere
  harvests: readonly PastHarvest[]
  /** For a grove without past harvests. */
  expectedKgPerTree?: number
  chillRequirementHours?: number
  /** A harvest the grower has fixed; default the middle of the projected harvest window. */
  plannedHarvest?: LocalDate
}

export interface OliveYieldInput {
  grove: OliveGrove
  season: number
  /** Last site-local day the data covers. */
  asOf: LocalDate
  /** Site-local days from the chilling start (1 November north) to `asOf`. */
  temperatures: readonly DailyTemperature[]
  normals: ClimateNormals
  /** The grove's detector alerts this season, up to `asOf`. */
  episodes: readonly AlertEpisode[]
  /** Past seasons with alert history: what an ordinary season's alerts cost this grove. */
  pastSeasons?: readonly PastSeasonAlerts[]
  bearing?: Omit<BearingOptions, 'expectedKgPerTree'>
}

/** A central value with its 80 % interval. */
export interface Interval80 {
  value: number
  low: number
  high: number
}

export interface OliveYieldEstimate {
  season: number
  asOf: LocalDate
  phenology: PhenologyEstimate
  harvestWindow: HarvestWindow | undefined
  /** The day the oil figures assume: the planned harvest, else the middle of the window. */
  harvestDate: LocalDate | undefined
  /** Ripening index expected on `harvestDate`. */
  ripeningIndexAtHarvest: number | undefined
  fruitKgPerTree: Interval80
  fruitKgPerGrove: Interval80
  /** Mill oil yield, % of fruit fresh weight, on `harvestDate`. */
  oilPct: Interval80
  oilKgPerTree: Interval80
  oilKgPerGrove: Interval80
  bearing: BearingForecast
  risk: RiskAdjustment
}

/**
 * Floor of σ(ln kg): the part of a season's crop no record or alert explains (fruit counts, pollination,
 * pruning, mill losses). An assumption, checked by the backtest's interval coverage.
 */
const MIN_FRUIT_LOG_SD = 0.12

function interval(value: number, logSd: number): Interval80 {
  return { value, low: value * Math.exp(-Z80 * logSd), high: value * Math.exp(Z80 * logSd) }
}

function scaled(i: Interval80, by: number): Interval80 {
  return { value: i.value * by, low: i.low * by, high: i.high * by }
}

function midpoint(a: LocalDate, b: LocalDate): LocalDate {
  return new Date((Date.parse(a) + Date.parse(b)) / 2).toISOString().slice(0, 10)
}

/**
 * The season's fruit and oil, per tree and per grove, with 80 % intervals (log-normal; the central
 * value is the median). Fruit: the bearing forecast from past harvests times this season's damage
 * beyond an ordinary season's. Its spread is the grove's forecast error less what the season has
 * already settled (damage that past seasons varied by, now known). Oil: the variety's yield at the
 * expected ripeness on the harvest date, with its own damage factor; its spread adds the variety's.
 */
export function estimateOliveYield(input: OliveYieldInput): OliveYieldEstimate {
  const { grove } = input
  if (!(grove.trees > 0)) throw new RangeError(`olive yield: trees must be > 0, got ${grove.trees}`)
  const phenology = estimatePhenology(input.temperatures, input.asOf, {
    season: input.season,
    normals: input.normals,
    thresholds: grove.variety.ripening,
    ...(grove.hemisphere ? { hemisphere: grove.hemisphere } : {}),
    ...(grove.chillRequirementHours !== undefined ? { chillRequirementHours: grove.chillRequirementHours } : {}),
  })
  const bearing = forecastFromBearing(grove.harvests, input.season, {
    ...input.bearing,
    ...(grove.expectedKgPerTree !== undefined ? { expectedKgPerTree: grove.expectedKgPerTree } : {}),
  })
  const typical = input.pastSeasons?.length
    ? typicalLosses(input.pastSeasons, {
        timeZone: grove.timeZone,
        daysIntoSeason: dayNumber(input.asOf) - dayNumber(phenology.chillFrom),
      })
    : undefined
  const risk = riskAdjustment(seasonLosses(input.episodes, phenology, grove.timeZone), typical)

  const fruitLogSd = Math.sqrt(Math.max(MIN_FRUIT_LOG_SD ** 2, bearing.logSd ** 2 - risk.resolvedFruitVariance) + risk.addedFruitVariance)
  const fruitKgPerTree = interval(bearing.kgPerTree * risk.fruitFactor, fruitLogSd)

  const window = harvestWindow(phenology, grove.variety)
  const harvestDate = grove.plannedHarvest ?? (window && midpoint(window.earliest, window.latest))
  const fruitDD = harvestDate === undefined ? undefined : fruitDegreeDaysOn(phenology, harvestDate)
  // Before full flowering is even projected, assume a harvest at full accumulation.
  const accumulation = fruitDD === undefined ? 1 : oilAccumulation(fruitDD, phenology.thresholds)
  const oilRange = groveOilRange(grove.variety, grove.harvests.flatMap((h) => (h.oilPct === undefined ? [] : [h.oilPct])))
  const oil: OilFraction = oilFraction({ oilPct: oilRange }, { accumulation, riskFactor: risk.oilFactor })
  const oilPct = { value: oil.pct, low: oil.low, high: oil.high }
  const oilLogSd = Math.sqrt(fruitLogSd ** 2 + Math.max(0, oil.logSd ** 2 - risk.resolvedOilVariance) + risk.addedOilVariance)
  const oilKgPerTree = interval((fruitKgPerTree.value * oil.pct) / 100, oilLogSd)

  return {
    season: input.season,
    asOf: input.asOf,
    phenology,
    harvestWindow: window,
    harvestDate,
    ripeningIndexAtHarvest: fruitDD === undefined ? undefined : ripeningIndex(fruitDD, phenology.thresholds),
    fruitKgPerTree,
    fruitKgPerGrove: scaled(fruitKgPerTree, grove.trees),
    oilPct,
    oilKgPerTree,
    oilKgPerGrove: scaled(oilKgPerTree, grove.trees),
    bearing,
    risk,
  }
}
