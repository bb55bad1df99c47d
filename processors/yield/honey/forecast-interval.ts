/**
 * The forecast interval's calibration: normal quantiles, and how past forecasts' errors rescale the
 * interval so that it keeps its stated coverage.
 */

/** A stored forecast and what the season turned out to be. */
export interface PastForecast {
  expectedKg: number
  lowerKg: number
  upperKg: number
  actualKg: number
  /** Its interval's central probability (default: this forecast's). */
  coverage?: number
}

/**
 * How much wider (or narrower) past intervals should have been to hold their coverage: the
 * coverage-quantile of past standardised errors |actual − expected| / sd against the normal's,
 * shrunk towards 1 while there are few (as if ten past forecasts had been exactly right).
 */
export function intervalScale(past: readonly PastForecast[] | undefined, coverage: number): number {
  const z = (c: number) => normalQuantile((1 + c) / 2)
  const standardised = (past ?? [])
    .map((f) => {
      const sd = (f.upperKg - f.lowerKg) / (2 * z(f.coverage ?? coverage))
      return sd > 0 ? Math.abs(f.actualKg - f.expectedKg) / sd : Number.NaN
    })
    .filter(Number.isFinite)
    .sort((x, y) => x - y)
  if (standardised.length === 0) return 1
  const empirical = standardised[Math.min(standardised.length - 1, Math.ceil(coverage * standardised.length) - 1)]! / z(coverage)
  const n = standardised.length
  return (n * empirical + 10) / (n + 10)
}

/** Inverse of the standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must be in (0, 1), got ${p}`)
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239]
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771438, -13.28068155288572]
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783]
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416]
  const tail = (q: number) => (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)))
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)))
  const q = p - 0.5
  const r = q * q
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
}
