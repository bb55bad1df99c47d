import type { DayShape, Gaussian } from './flow-model.js'
import { flowComponents, flowProfile, seasonOf, type Season } from './honey-regions.js'
import type { ForecastContext, ForecastOptions } from './season-forecast.js'

/**
 * What the forecast believes before a hive's days: the region's flows over the season, the site's
 * expected total from its history, the split of that total over the flows, and how far a site's
 * hives spread around their mean.
 */

/** The region's flows over this season: each flow's daily shares and slopes, in-season totals, the mixed profile. */
export interface Profile {
  season: Season
  days: DayShape[]
  inSeason: number[]
  mixed: number[]
}

export function regionProfile(ctx: ForecastContext): Profile {
  const season = seasonOf(ctx.region, ctx.seasonYear)
  const components = flowComponents(ctx.region, season)
  const at = (c: readonly number[], d: number) => c[Math.max(0, Math.min(c.length - 1, d))]!
  return {
    season,
    days: components[0]!.map((_, d) => ({ g: components.map((c) => c[d]!), slope: components.map((c) => (at(c, d + 1) - at(c, d - 1)) / 2) })),
    inSeason: components.map((c) => c.reduce((x, y) => x + y, 0)),
    mixed: flowProfile(ctx.region, season),
  }
}

/**
 * Prior on θ = (S_1 … S_K, c) from a prior on the season total T (mean, variance) and the region's
 * upkeep, with T and c independent. The flows' total S = (T + c·L)/A (A: the in-season share of the
 * flows by weight) splits by the profile's weights, each flow free to stray by `flowShareCv`.
 */
export function priorFor(profile: Profile, totalKg: number, totalVariance: number, ctx: ForecastContext, o: ForecastOptions): Gaussian {
  const { mean: c0, sd: cSd } = ctx.region.upkeepKgPerDay
  const L = profile.season.lengthDays
  const weightSum = ctx.region.flow.reduce((sum, f) => sum + f.weight, 0)
  const w = ctx.region.flow.map((f) => f.weight / weightSum)
  const inSeasonShare = w.reduce((sum, wk, k) => sum + wk * profile.inSeason[k]!, 0)
  const flow = Math.max(0, (totalKg + c0 * L) / inSeasonShare)
  const flowVariance = (totalVariance + L * L * cSd * cSd) / inSeasonShare ** 2
  const flowUpkeepCov = (L * cSd * cSd) / inSeasonShare
  const K = w.length
  const cov = Array.from({ length: K + 1 }, (_, i) =>
    Array.from({ length: K + 1 }, (_, j) => {
      if (i === K && j === K) return cSd * cSd
      if (i === K || j === K) return w[Math.min(i, j)]! * flowUpkeepCov
      return w[i]! * w[j]! * flowVariance + (i === j ? (o.flowShareCv * w[i]! * flow) ** 2 : 0)
    }),
  )
  return { mean: [...w.map((wk) => wk * flow), c0], cov }
}

/** The site's expected season total per hive and its year-to-year variance. */
export function sitePrior(ctx: ForecastContext, o: ForecastOptions): { mean: number; variance: number } {
  const history = (ctx.history ?? []).filter(Number.isFinite)
  if (history.length === 0) {
    const { mean, cv } = ctx.region.seasonTotalKg
    return { mean, variance: Math.max(9, (cv * mean) ** 2) }
  }
  const mean = history.reduce((x, y) => x + y, 0) / history.length
  const sampleVariance = history.length > 1 ? history.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (history.length - 1) : 0
  // A couple of seasons say little about their spread: never below the usual year-to-year cv.
  return { mean, variance: Math.max(9, sampleVariance, (o.yearCv * mean) ** 2) }
}

/**
 * Between-hive variance of season totals: DerSimonian–Laird's moment estimate from the hives' own
 * fits, blended with the prior spread as if it were three more hives (a handful of hives cannot
 * pin a spread down, and early in the season their fits say nothing).
 */
export function betweenHiveVariance(totals: readonly { mean: number; variance: number }[], priorVariance: number): number {
  const n = totals.length
  if (n < 2) return priorVariance
  const w = totals.map((t) => 1 / t.variance)
  const sw = w.reduce((x, y) => x + y, 0)
  const mean = totals.reduce((sum, t, i) => sum + w[i]! * t.mean, 0) / sw
  const q = totals.reduce((sum, t, i) => sum + w[i]! * (t.mean - mean) ** 2, 0)
  const dl = Math.max(0, (q - (n - 1)) / (sw - w.reduce((sum, x) => sum + x * x, 0) / sw))
  const priorWeight = 3
  return (priorWeight * priorVariance + (n - 1) * dl) / (priorWeight + n - 1)
}
