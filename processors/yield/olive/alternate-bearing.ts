import type { LocalDate } from './season-calendar.js'

/** A grove's recorded harvest of one season (the year its trees flowered). */
export interface PastHarvest {
  season: number
  kgPerTree: number
  /** The (main) picking day, site-local: calibrates the ripening thresholds (ripening.ts). */
  harvestedOn?: LocalDate
  /** The mill's oil yield for the grove's fruit, % of fresh weight: calibrates the oil estimate. */
  oilPct?: number
}

/**
 * Alternate bearing index of Pearce & Dobersek-Urbanc (1967, "The measurement of irregularity in
 * growth and cropping", J Hortic Sci 42:295): the mean over consecutive seasons of
 * |a₂ − a₁| / (a₂ + a₁). 0 is steady bearing, 1 strict alternation between a crop and none; the
 * olive is among the most alternate of fruit trees (Lavee 2007, "Biennial bearing in olive").
 * Pairs with a missing season in between, or with no crop either year, are left out. Undefined
 * without a usable pair.
 */
export function alternateBearingIndex(harvests: readonly PastHarvest[]): number | undefined {
  const bySeason = new Map(harvests.map((h) => [h.season, h.kgPerTree]))
  let sum = 0
  let pairs = 0
  for (const [season, kg] of bySeason) {
    const next = bySeason.get(season + 1)
    if (next === undefined || kg + next <= 0) continue
    sum += Math.abs(next - kg) / (next + kg)
    pairs++
  }
  return pairs > 0 ? sum / pairs : undefined
}

export interface BearingOptions {
  /** Only the latest seasons count: trees age, pruning and irrigation change. Default 8. */
  maxSeasons?: number
  /** For a grove without records: the kg/tree its grower expects. */
  expectedKgPerTree?: number
  /**
   * Prior σ of ln(actual / forecast), pooled with the grove's own forecast errors. Default 0.3:
   * olive crops miss an alternation forecast by a quarter to a third in ordinary seasons; 0.3 gave
   * 80 % intervals that held about 80 % of the simulated seasons (eval/yield-olive.ts, seeds 1–8).
   */
  priorLogSd?: number
  /** How many seasons of evidence the prior is worth. Default 3. */
  priorWeight?: number
}

export const BEARING_DEFAULTS = { maxSeasons: 8, priorLogSd: 0.3, priorWeight: 3 } as const

export interface BearingForecast {
  /** Central kg/tree expected from the grove's bearing rhythm alone. */
  kgPerTree: number
  meanKgPerTree: number
  abi: number | undefined
  /** Last season's crop, when recorded. */
  lastKgPerTree: number | undefined
  /** −1 last season was fully OFF (expect ON), +1 fully ON (expect OFF), 0 average or unknown. */
  lastLoad: number
  /** σ of ln(actual / kgPerTree) from the grove's past forecast errors and the prior. */
  logSd: number
  seasonsUsed: number
}

/** Mean, ABI and the ON/OFF swing of the latest seasons before `season`; the forecast itself. */
function bearingPoint(harvests: readonly PastHarvest[], season: number): Omit<BearingForecast, 'logSd'> | undefined {
  if (harvests.length === 0) return undefined
  const mean = harvests.reduce((sum, h) => sum + h.kgPerTree, 0) / harvests.length
  const abi = alternateBearingIndex(harvests)
  const last = harvests.find((h) => h.season === season - 1)?.kgPerTree
  // With perfect alternation between m(1 + ABI) and m(1 − ABI), ABI = (H − L)/(H + L), so a season
  // after an ON year gives exactly m(1 − ABI). Between the two, the swing follows last year's load.
  const lastLoad = last === undefined || !abi || mean <= 0 ? 0 : Math.max(-1, Math.min(1, (last - mean) / (abi * mean)))
  return { kgPerTree: mean * (1 - (abi ?? 0) * lastLoad), meanKgPerTree: mean, abi, lastKgPerTree: last, lastLoad, seasonsUsed: harvests.length }
}

/**
 * This season's kg/tree from the grove's record: the mean of recent seasons swung up after an OFF
 * year and down after an ON year by the alternate bearing index. The interval width comes from how
 * well this same rule would have forecast the grove's own past seasons (each from the seasons
 * before it), pooled with a prior so a short record does not look falsely certain.
 */
export function forecastFromBearing(history: readonly PastHarvest[], season: number, options: BearingOptions = {}): BearingForecast {
  const o = { ...BEARING_DEFAULTS, ...options }
  for (const h of history) {
    if (!(h.kgPerTree >= 0) || !Number.isInteger(h.season)) throw new RangeError(`olive yield: harvest ${JSON.stringify(h)} is not a season and kg/tree ≥ 0`)
  }
  const recent = history
    .filter((h) => h.season < season)
    .sort((a, b) => a.season - b.season)
    .slice(-o.maxSeasons)
  const point = bearingPoint(recent, season)
  if (!point) {
    if (o.expectedKgPerTree === undefined) throw new RangeError('olive yield: a grove without past harvests needs expectedKgPerTree')
    return { kgPerTree: o.expectedKgPerTree, meanKgPerTree: o.expectedKgPerTree, abi: undefined, lastKgPerTree: undefined, lastLoad: 0, logSd: o.priorLogSd, seasonsUsed: 0 }
  }

  // A crop failure (0 kg) must not make the logarithm infinite: errors are taken on kg + 5 % of the mean.
  const floor = 0.05 * point.meanKgPerTree
  let squares = 0
  let errors = 0
  for (let i = 3; i < recent.length; i++) {
    const past = bearingPoint(recent.slice(0, i), recent[i]!.season)!
    squares += Math.log((recent[i]!.kgPerTree + floor) / (past.kgPerTree + floor)) ** 2
    errors++
  }
  const logSd = Math.sqrt((o.priorWeight * o.priorLogSd ** 2 + squares) / (o.priorWeight + errors))
  return { ...point, logSd }
}
