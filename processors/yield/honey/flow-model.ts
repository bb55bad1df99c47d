/**
 * The season model behind the forecast. A hive's net gain on season day d is
 *
 *     y_d = Σ_k S_k·g_k(d) − c + e_d
 *
 * g_k the daily shape of the region's flow k (spring, summer, ivy…; each sums to 1 over the year),
 * S_k what the hive gets from that flow this year (its scale factor on the profile, per flow, so a
 * weak spring and a strong summer are both possible), c its daily upkeep. The season's net
 * production is T = Σ_k S_k·(share of g_k inside the season) − c·L. The model is linear in
 * θ = (S_1 … S_K, c); with a Gaussian prior and Gaussian day errors the posterior is exact
 * (Bayesian linear regression; Gelman et al., Bayesian Data Analysis, 3rd ed., ch. 14). A day's
 * error has three parts: weather multiplies intake (κ·flow_d), flows come a week or two early or
 * late, which matters most where a flow rises or fades (timing sd × the flow's slope that day, the
 * delta method), and a floor σ₀: sd_d² = (κ·flow_d)² + (s·flow′_d)² + σ₀².
 *
 * This is the "season-to-date against profile-to-date" scale factor of hive-scale practice made
 * precise: early on the prior (site history) carries the estimate, as each flow comes in the
 * hive's own days take over, each by its variance (credibility weighting, Bühlmann 1967).
 */
export interface Gaussian {
  mean: number[]
  cov: number[][]
}

/** Each flow's share on a day, g_k(d), and its change per day, g′_k(d). */
export interface DayShape {
  g: readonly number[]
  slope: readonly number[]
}

export interface ModelDay extends DayShape {
  /** Observed net gain y_d. */
  y: number
}

export interface NoiseOptions {
  /** Multiplicative day-to-day variability of the flow (κ). */
  flowCv: number
  /** How early or late flows come, sd in days (s). */
  timingSdDays: number
  /** Floor of a day's error (σ₀, kg). */
  daySdKg: number
}

/** Cholesky factor of a symmetric positive definite matrix (lower triangular). */
function cholesky(a: readonly (readonly number[])[]): number[][] {
  const n = a.length
  const l = a.map(() => new Array<number>(n).fill(0))
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i]![j]!
      for (let k = 0; k < j; k++) sum -= l[i]![k]! * l[j]![k]!
      l[i]![j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / l[j]![j]!
    }
  }
  return l
}

function inverse(a: readonly (readonly number[])[]): number[][] {
  const l = cholesky(a)
  const n = a.length
  return Array.from({ length: n }, (_, col) => {
    // Solve L z = e_col, then Lᵀ x = z: column `col` of the inverse.
    const z = new Array<number>(n).fill(0)
    for (let i = 0; i < n; i++) {
      let sum = i === col ? 1 : 0
      for (let k = 0; k < i; k++) sum -= l[i]![k]! * z[k]!
      z[i] = sum / l[i]![i]!
    }
    const x = new Array<number>(n).fill(0)
    for (let i = n - 1; i >= 0; i--) {
      let sum = z[i]!
      for (let k = i + 1; k < n; k++) sum -= l[k]![i]! * x[k]!
      x[i] = sum / l[i]![i]!
    }
    return x
  })
}

const times = (m: readonly (readonly number[])[], v: readonly number[]) => m.map((row) => row.reduce((sum, x, j) => sum + x * v[j]!, 0))
const dot = (u: readonly number[], v: readonly number[]) => u.reduce((sum, x, i) => sum + x * v[i]!, 0)

/** The regressors of a day: its flows' shares, and −1 for the upkeep. */
const regressors = (g: readonly number[]) => [...g, -1]

/** A day's error variance, from the flows expected under `belief` (the prior's when fitting: the fit must not chase its own noise). */
export function dayVariance(day: DayShape, belief: Gaussian, o: NoiseOptions): number {
  const flow = Math.max(0, day.g.reduce((sum, share, k) => sum + share * belief.mean[k]!, 0))
  const slope = day.slope.reduce((sum, change, k) => sum + change * Math.max(0, belief.mean[k]!), 0)
  return (o.flowCv * flow) ** 2 + (o.timingSdDays * slope) ** 2 + o.daySdKg ** 2
}

/** Posterior of θ given the observed days. */
export function fitSeason(days: readonly ModelDay[], prior: Gaussian, o: NoiseOptions): Gaussian {
  const p0 = inverse(prior.cov)
  const precision = p0.map((row) => [...row])
  const b = times(p0, prior.mean)
  for (const day of days) {
    const x = regressors(day.g)
    const variance = dayVariance(day, prior, o)
    for (let i = 0; i < x.length; i++) {
      b[i]! += (x[i]! * day.y) / variance
      for (let j = 0; j < x.length; j++) precision[i]![j]! += (x[i]! * x[j]!) / variance
    }
  }
  const cov = inverse(precision)
  return { mean: times(cov, b), cov }
}

/** Expected net gain over a set of days (each flow's shares summed over them, and their count), with its variance from θ. */
export function predictDays(fit: Gaussian, shares: readonly number[], count: number): { meanKg: number; varianceKg2: number } {
  const g = [...shares, -count]
  return { meanKg: dot(g, fit.mean), varianceKg2: Math.max(0, dot(g, times(fit.cov, g))) }
}
