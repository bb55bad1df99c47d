import { clamp } from '../numbers.js'

/** Saturation vapour pressure ratio via the Magnus formula (Alduchov & Eskridge 1996), as weather.ts. */
function magnus(tempC: number): number {
  return Math.exp((17.625 * tempC) / (243.04 + tempC))
}

/**
 * Relative humidity once the air has warmed or cooled from `fromC` to `toC` with its moisture
 * unchanged (same dew point): a frost night's air nears saturation, a heat wave's air dries.
 */
export function humidityAtTemp(humidityPct: number, fromC: number, toC: number): number {
  return clamp((humidityPct * magnus(fromC)) / magnus(toC), 0, 100)
}
