import type { OliveVariety } from './varieties.js'

/** z of the 90th percentile: an 80 % interval is ±1.2816 σ. */
export const Z80 = 1.2816

export interface OilFraction {
  /** Mill oil yield, % of fruit fresh weight: central value and 80 % interval. */
  pct: number
  low: number
  high: number
  /** σ of ln(pct) the interval stands for. */
  logSd: number
}

export interface OilFractionOptions {
  /** Share of the season's oil in the fruit at harvest, 0–1 (ripening.ts `oilAccumulation`). */
  accumulation: number
  /** Multiplier for damage this season beyond the ordinary (risk-factors.ts), default 1. */
  riskFactor?: number
}

/** Weight, in seasons, of the variety's typical oil yield against the grove's own mill records. */
const VARIETY_WEIGHT_SEASONS = 1

/**
 * The variety's oil range re-centred on the grove's own mill records: a grove's soil, irrigation and
 * mill make its oil yield differ from the cultivar's typical one by more than it varies between
 * seasons. The centre is the log-mean of the records with the variety's middle counted as one more
 * record; the width keeps the variety's spread of seasons, narrowed by the records' weight, but
 * never below the spread the records themselves show. Records are taken as of fruit harvested ripe.
 */
export function groveOilRange(variety: Pick<OliveVariety, 'oilPct'>, recordsPct: readonly number[]): OliveVariety['oilPct'] {
  const records = recordsPct.filter((pct) => pct > 0 && pct < 100)
  if (records.length === 0) return variety.oilPct
  const { low, high } = variety.oilPct
  const logs = records.map(Math.log)
  const n = records.length
  const centre = (VARIETY_WEIGHT_SEASONS * Math.log(Math.sqrt(low * high)) + logs.reduce((a, b) => a + b, 0)) / (VARIETY_WEIGHT_SEASONS + n)
  const varietySd = Math.log(high / low) / (2 * Z80)
  const recordsMean = logs.reduce((a, b) => a + b, 0) / n
  const recordsSd = n > 1 ? Math.sqrt(logs.reduce((a, l) => a + (l - recordsMean) ** 2, 0) / (n - 1)) : 0
  const sd = Math.max(varietySd * Math.sqrt(VARIETY_WEIGHT_SEASONS / (VARIETY_WEIGHT_SEASONS + n)), recordsSd)
  return { low: Math.exp(centre - Z80 * sd), high: Math.exp(centre + Z80 * sd) }
}

/**
 * Oil yield of the fruit at harvest: the variety's ordinary range, read as an 80 % interval on a log
 * scale (its geometric middle is the central value), scaled by how far oil accumulation has got by
 * the harvest date (an early harvest yields less oil per kg) and by this season's damage.
 */
export function oilFraction(variety: Pick<OliveVariety, 'oilPct'>, options: OilFractionOptions): OilFraction {
  const { low, high } = variety.oilPct
  if (!(low > 0 && high >= low && high < 100)) throw new RangeError(`olive yield: oil range ${low}–${high} % is not a range of percentages`)
  if (!(options.accumulation >= 0 && options.accumulation <= 1)) throw new RangeError('olive yield: oil accumulation must be within 0–1')
  const scale = options.accumulation * (options.riskFactor ?? 1)
  return {
    pct: Math.sqrt(low * high) * scale,
    low: low * scale,
    high: high * scale,
    logSd: Math.log(high / low) / (2 * Z80),
  }
}
