import type { Detector } from '../detector.js'
import { createAirTemperatureDetector, type AirTemperatureState, type EpisodeFacts } from './air-temperature-detector.js'
import { createLocalDayOf } from './local-day.js'
import { floweringMonths, monthSet, type GroveSiteOptions } from './olive-calendar.js'
import { celsius, duration, isoTime, minutes } from './grower-text.js'

const HOUR_MS = 3_600_000

/**
 * Olive heat thresholds. Flowers are the organ most sensitive to heat: pollen germination falls above
 * ~30 °C and flowers can die above ~35 °C (Koubouris, Metzidakis & Vasilakakis 2009, Environ Exp Bot
 * 67:209, pollen performance at high temperature; IOC World Olive Catalogue, "High temperatures",
 * Koubouris, León & Benlloch), and ~40 °C is the upper limit olive growing tolerates at all (same
 * source; Ben-Ari et al. 2021, Agronomy 11:1492, review). So air above 40 °C for an hour is an alert
 * in any month, critical in flowering/fruit set; sites that want the pollen limit set `thresholdC` 35.
 */
export const HEAT_DEFAULTS = {
  thresholdC: 40,
  /** 3 °C below the alert level: an afternoon hovering around 40 °C stays one alert. */
  clearBelowC: 37,
  minDurationMs: HOUR_MS,
  clearAfterMs: HOUR_MS,
  maxGapMs: 2 * HOUR_MS,
} as const

export interface HeatOptions extends GroveSiteOptions {
  /** Air above this (°C) is heat stress. Default 40. */
  thresholdC?: number
  /** The alert clears once the air has stayed below this (°C) for `clearAfterMs`. Default 37. */
  clearBelowC?: number
  /** Default 1 h (and at least two readings). */
  minDurationMs?: number
  /** Default 1 h. */
  clearAfterMs?: number
  /** Default 2 h. */
  maxGapMs?: number
  /** Months (1–12) of flowering and fruit set, when heat is critical. Default from `hemisphere`: April–June north. */
  sensitiveMonths?: readonly number[]
}

export function createHeatDetector(options: HeatOptions = {}): Detector<AirTemperatureState> {
  const o = { ...HEAT_DEFAULTS, ...options }
  const sensitive = monthSet('heat.sensitiveMonths', options.sensitiveMonths ?? floweringMonths(options.hemisphere))
  const inFlowering = (facts: EpisodeFacts) => sensitive.has(facts.day.month)

  return createAirTemperatureDetector({
    name: 'grove.heat.v1',
    rule: 'grove.heat',
    thresholds: {
      direction: 'above',
      startC: o.thresholdC,
      startAfterMs: o.minDurationMs,
      endC: o.clearBelowC,
      endAfterMs: o.clearAfterMs,
      maxGapMs: o.maxGapMs,
    },
    localDayOf: createLocalDayOf(options.timeZone),
    severity: (_extremeC, day) => (sensitive.has(day.month) ? 'critical' : 'warning'),
    describeFiring(facts) {
      const lasting = `Air at ${celsius(facts.extremeC)} for ${duration(facts.atMs - facts.sinceMs)}`
      return {
        summary: inFlowering(facts)
          ? `${lasting} during flowering/fruit set: heat risk to pollen and fruit set`
          : `${lasting}: heat stress for trees and fruit`,
        evidence: {
          maxAirTempC: facts.extremeC,
          thresholdC: o.thresholdC,
          aboveSince: isoTime(facts.sinceMs),
          durationMin: minutes(facts.atMs - facts.sinceMs),
          floweringPeriod: inFlowering(facts),
        },
      }
    },
    describeClear(facts) {
      return {
        summary: `Air back below ${celsius(o.clearBelowC)} for ${duration(o.clearAfterMs)}: heat over (highest ${celsius(facts.extremeC)})`,
        evidence: { maxAirTempC: facts.extremeC, clearBelowC: o.clearBelowC, heatSince: isoTime(facts.sinceMs) },
      }
    },
  })
}
