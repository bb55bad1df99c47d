import type { DailyNetGain } from './daily-net-gain.js'
import { dayVariance, fitSeason, predictDays, type Gaussian, type ModelDay } from './flow-model.js'
import { intervalScale, normalQuantile, type PastForecast } from './forecast-interval.js'
import { seasonDayIndex, type HoneyRegion, type Season } from './honey-regions.js'
import { betweenHiveVariance, priorFor, regionProfile, sitePrior, type Profile } from './season-priors.js'
import type { SeasonProduction } from './season-production.js'

/**
 * Forecast of a hive's (and a site's) season production: expected total and an interval.
 *
 * 1. Profile: the region's flows as skewed bells (honey-regions.ts): how much of each flow is
 *    expected on each day.
 * 2. Prior: the season total from the site's previous seasons (mean per hive) when given, else the
 *    region's typical production, spread by year-to-year and hive-to-hive variation; upkeep from the
 *    region; each flow's share from the profile, loosely (`flowShareCv`).
 * 3. Current flow: the hive's complete days update its scale factor on each flow and its upkeep
 *    (flow-model.ts) — season-to-date against profile-to-date, weighted by how much of each flow
 *    has been seen and by how uncertain each day is (weather, and the flows' timing, which makes
 *    the first days of a flow weak evidence of its size).
 * 4. A site's hives share weather and forage: `forecastSiteSeason` pools them (empirical Bayes;
 *    DerSimonian & Laird 1986 for the between-hive spread): each hive's prior is the site's mean
 *    from history and the other hives' estimates, widened by the spread of the scale factor across
 *    the site's hives.
 * 5. Forecast = production so far (measured) + expected production of the days to come (and of
 *    days the scale did not see). Variance: the posterior's, the days' own noise, the flow to come
 *    being off its profile (`remainingFlowSd`), and the measurement of production so far; the
 *    parts a site's hives share (weather ahead, upkeep, the filter's bias) add up across the site
 *    rather than averaging out. The interval is normal; past forecasts' errors, when given, rescale
 *    it so that it keeps its stated coverage.
 * Defaults were set on simulated seasons (eval/yield-honey.ts: tuned on development seeds 1–10,
 * checked on 11–22), never on the held-out seeds ≥ 100.
 */
export interface ForecastOptions {
  /** Day-to-day variability of the flow (κ) and the floor of a day's error (σ₀, kg). */
  flowCv: number
  daySdKg: number
  /**
   * Relative sd of the flow still to come, shared by the site's hives and the hive's own. Mostly
   * shared: one site, one weather, one bloom ("if there's a flow on for one hive, there's a flow on
   * for all of them", mitecalculator.com, "How to spot a honey flow", 2018).
   */
  remainingFlowSd: { site: number; hive: number }
  /**
   * Errors the site's hives share, so that they add up on the site's total instead of averaging
   * out: upkeep off by this much a day over the days to come (same weather, same dearth), and the
   * production so far off by this share (the filter's small bias on visit days, in the backtest).
   */
  sharedUpkeepSdKgPerDay: number
  sharedToDateCv: number
  /** Year-to-year cv of a site's season total; cv of a hive around its site's mean. */
  yearCv: number
  hiveCv: number
  /** How far each flow's strength may stray from its share of the season (cv). */
  flowShareCv: number
  /** How early or late flows come against the profile, sd in days. */
  timingSdDays: number
  /** Central probability of the interval. */
  coverage: number
  /** Days with at least this coverage inform the fit. */
  completeCoverage: number
}

export const DEFAULT_FORECAST_OPTIONS: ForecastOptions = {
  flowCv: 0.8,
  daySdKg: 0.1,
  remainingFlowSd: { site: 0.4, hive: 0.05 },
  sharedUpkeepSdKgPerDay: 0.01,
  sharedToDateCv: 0.015,
  yearCv: 0.3,
  hiveCv: 0.3,
  flowShareCv: 0.3,
  timingSdDays: 7,
  coverage: 0.8,
  completeCoverage: 0.95,
}

export interface HiveSeasonInput {
  hiveId: string
  days: readonly DailyNetGain[]
  production: SeasonProduction
}

export interface ForecastContext {
  region: HoneyRegion
  seasonYear: number
  /** Previous seasons' production per hive at this site (or this hive's own), kg. */
  history?: readonly number[]
  pastForecasts?: readonly PastForecast[]
  options?: Partial<ForecastOptions>
}

export interface Interval {
  expectedKg: number
  lowerKg: number
  upperKg: number
}

export interface HiveForecast extends Interval {
  hiveId: string
  asOfDay: string
  season: Season
  coverage: number
  toDateKg: number
  remainingKg: number
  sdKg: number
  /** Share of the season's flow the profile expected by now. */
  profileShareToDate: number
  /** The hive's flow this season against what the prior expected (its scale factor). */
  flowFactor: number
  upkeepKgPerDay: number
  /** Stores above the lean-season reserve at the season's end. */
  harvestableAtSeasonEnd: Interval
}

export interface SiteForecast {
  hives: HiveForecast[]
  total: Interval & { toDateKg: number; sdKg: number; coverage: number }
  /** Spread of season totals between the site's hives as pooled (kg). */
  betweenHiveSdKg: number
  intervalScale: number
}

const round = (kg: number) => Math.round(kg * 100) / 100

/** One hive on its own: the prior comes from history (or the region) only. */
export function forecastHiveSeason(hive: HiveSeasonInput, ctx: ForecastContext): HiveForecast {
  const o = { ...DEFAULT_FORECAST_OPTIONS, ...ctx.options }
  const site = sitePrior(ctx, o)
  const profile = regionProfile(ctx)
  const prepared = prepare(hive, ctx, profile, o)
  const at = hiveAt(prepared, profile, priorFor(profile, site.mean, site.variance + (o.hiveCv * site.mean) ** 2, ctx, o), o)
  return describe(prepared, profile, at, o, intervalScale(ctx.pastForecasts, o.coverage))
}

/** The site's hives together: they borrow strength from each other and share the flow to come (step 4). */
export function forecastSiteSeason(hives: readonly HiveSeasonInput[], ctx: ForecastContext): SiteForecast {
  const o = { ...DEFAULT_FORECAST_OPTIONS, ...ctx.options }
  const site = sitePrior(ctx, o)
  const profile = regionProfile(ctx)
  const prepared = hives.map((hive) => prepare(hive, ctx, profile, o))
  // Pass 1: each hive from its own days, with a prior on its total too wide to matter.
  const vague = priorFor(profile, site.mean, Math.max(100, 10 * Math.abs(site.mean)) ** 2, ctx, o)
  const own = prepared.map((p) => seasonTotal(fitSeason(p.observed, vague, o), profile))
  const between = betweenHiveVariance(own, (o.hiveCv * site.mean) ** 2)
  // Pass 2: each hive's prior is the site's mean from history and the other hives.
  const at = prepared.map((p, i) => {
    let precision = 1 / site.variance
    let weighted = site.mean / site.variance
    own.forEach((total, j) => {
      if (j === i) return
      const w = 1 / (total.variance + between)
      precision += w
      weighted += w * total.mean
    })
    return hiveAt(p, profile, priorFor(profile, weighted / precision, between + 1 / precision, ctx, o), o)
  })
  const scale = intervalScale(ctx.pastForecasts, o.coverage)

  // The site total: the hives' own errors add in variance, the shared ones in sd.
  const variance = at.reduce((sum, a) => sum + a.ownVariance, 0) + at.reduce((sum, a) => sum + a.sharedSdKg, 0) ** 2
  const z = normalQuantile((1 + o.coverage) / 2)
  const toDate = prepared.reduce((sum, p) => sum + p.production.toDateKg, 0)
  const expected = toDate + at.reduce((sum, a) => sum + a.remainingKg, 0)
  const sd = scale * Math.sqrt(variance)
  return {
    hives: prepared.map((p, i) => describe(p, profile, at[i]!, o, scale)),
    total: {
      expectedKg: round(expected),
      lowerKg: round(expected - z * sd),
      upperKg: round(expected + z * sd),
      toDateKg: round(toDate),
      sdKg: round(sd),
      coverage: o.coverage,
    },
    betweenHiveSdKg: round(Math.sqrt(between)),
    intervalScale: round(scale),
  }
}

interface Prepared {
  hiveId: string
  production: SeasonProduction
  observed: ModelDay[]
  /** Days whose production is still to be forecast: after the last data, and before the first. */
  predicted: number[]
  asOfIndex: number
}

function prepare(hive: HiveSeasonInput, ctx: ForecastContext, profile: Profile, o: ForecastOptions): Prepared {
  const { season } = profile
  const asOfIndex = Math.min(season.lengthDays - 1, seasonDayIndex(season, hive.production.asOfDay))
  const rows = hive.days.filter((d) => d.day >= season.start && d.day <= hive.production.asOfDay && d.day <= season.end)
  const observed = rows.filter((d) => d.coverage >= o.completeCoverage).map((d) => ({ ...profile.days[seasonDayIndex(season, d.day)]!, y: d.netGainKg }))
  const first = rows.length > 0 ? seasonDayIndex(season, rows[0]!.day) : asOfIndex + 1
  const last = rows.length > 0 ? seasonDayIndex(season, rows.at(-1)!.day) : asOfIndex
  const predicted = profile.days.map((_, d) => d).filter((d) => d < first || d > last)
  return { hiveId: hive.hiveId, production: hive.production, observed, predicted, asOfIndex }
}

/** The season total T = Σ S_k·inSeason_k − c·L implied by a fit: mean and variance. */
function seasonTotal(fit: Gaussian, profile: Profile): { mean: number; variance: number } {
  const prediction = predictDays(fit, profile.inSeason, profile.season.lengthDays)
  return { mean: prediction.meanKg, variance: prediction.varianceKg2 }
}

interface HiveAt {
  fit: Gaussian
  priorFlowKg: number
  /** Expected production of the days still to come. */
  remainingKg: number
  /** Variance of the hive's own errors, and sd of the errors its site's hives share. */
  ownVariance: number
  sharedSdKg: number
}

function hiveAt(p: Prepared, profile: Profile, prior: Gaussian, o: ForecastOptions): HiveAt {
  const fit = fitSeason(p.observed, prior, o)
  const K = profile.inSeason.length
  const shares = profile.inSeason.map((_, k) => p.predicted.reduce((sum, d) => sum + profile.days[d]!.g[k]!, 0))
  const prediction = predictDays(fit, shares, p.predicted.length)
  const dayNoise = p.predicted.reduce((sum, d) => sum + dayVariance(profile.days[d]!, fit, o), 0)
  const flowToCome = Math.max(0, shares.reduce((sum, share, k) => sum + share * fit.mean[k]!, 0))
  return {
    fit,
    priorFlowKg: flowIn(profile, prior.mean.slice(0, K)),
    remainingKg: prediction.meanKg,
    ownVariance: prediction.varianceKg2 + dayNoise + (o.remainingFlowSd.hive * flowToCome) ** 2 + p.production.uncertaintyKg ** 2,
    sharedSdKg:
      o.remainingFlowSd.site * flowToCome + o.sharedUpkeepSdKgPerDay * p.predicted.length + o.sharedToDateCv * Math.abs(p.production.toDateKg),
  }
}

/** The season's flow (in-season part) for flows of these sizes. */
function flowIn(profile: Profile, sizes: readonly number[]): number {
  return Math.max(0, profile.inSeason.reduce((sum, share, k) => sum + share * sizes[k]!, 0))
}

function describe(p: Prepared, profile: Profile, at: HiveAt, o: ForecastOptions, scale: number): HiveForecast {
  const z = normalQuantile((1 + o.coverage) / 2)
  const sd = scale * Math.sqrt(at.ownVariance + at.sharedSdKg ** 2)
  const expected = p.production.toDateKg + at.remainingKg
  const storesEnd = p.production.storesNowKg + at.remainingKg - p.production.reserveKg
  const K = profile.inSeason.length
  return {
    hiveId: p.hiveId,
    asOfDay: p.production.asOfDay,
    season: profile.season,
    coverage: o.coverage,
    toDateKg: p.production.toDateKg,
    expectedKg: round(expected),
    lowerKg: round(expected - z * sd),
    upperKg: round(expected + z * sd),
    remainingKg: round(at.remainingKg),
    sdKg: round(sd),
    profileShareToDate: round(profile.mixed.slice(0, p.asOfIndex + 1).reduce((x, y) => x + y, 0)),
    flowFactor: round(flowIn(profile, at.fit.mean.slice(0, K)) / Math.max(1e-9, at.priorFlowKg)),
    upkeepKgPerDay: round(at.fit.mean[K]!),
    harvestableAtSeasonEnd: {
      expectedKg: round(Math.max(0, storesEnd)),
      lowerKg: round(Math.max(0, storesEnd - z * sd)),
      upperKg: round(Math.max(0, storesEnd + z * sd)),
    },
  }
}
