/**
 * Degree-days of one day by the averaging method: (min + max)/2 − base, never negative. It is the
 * method of the olive heat-requirement studies we take thresholds from (Galán et al. 2005, Int J
 * Biometeorol 49:184; Ribeiro, Cunha & Abreu 2006, J Integr Plant Biol 48(6), where accumulated
 * daily means from 1 January predicted flowering best) and of the grove fruit-fly detector.
 */
export function degreeDays(minC: number, maxC: number, baseC: number): number {
  return Math.max(0, (minC + maxC) / 2 - baseC)
}

/**
 * Expected degree-days of a future day whose mean temperature is normally distributed around the
 * site's normal: E[max(0, T − base)] = σ·φ(z) + (μ − base)·Φ(z), z = (μ − base)/σ (Thom 1954, Mon
 * Weather Rev 82:1–6). Feeding the normal itself undercounts whenever the normal sits near the base
 * (March, November): warm spells add degree-days, cold spells cannot take them away.
 */
export function expectedDegreeDays(normalMeanC: number, sdC: number, baseC: number): number {
  if (sdC <= 0) return Math.max(0, normalMeanC - baseC)
  const z = (normalMeanC - baseC) / sdC
  return sdC * standardNormalDensity(z) + (normalMeanC - baseC) * standardNormalCdf(z)
}

function standardNormalDensity(z: number): number {
  return Math.exp(-(z * z) / 2) / Math.sqrt(2 * Math.PI)
}

/** Abramowitz & Stegun 26.2.17, |error| < 7.5 × 10⁻⁸. */
export function standardNormalCdf(z: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(z))
  const tail = standardNormalDensity(z) * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))))
  return z >= 0 ? 1 - tail : tail
}
