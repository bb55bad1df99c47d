import type { Detector } from '../detector.js'
import { createAirTemperatureDetector, type AirTemperatureState, type EpisodeFacts } from './air-temperature-detector.js'
import { createLocalDayOf } from './local-day.js'
import { floweringMonths, monthSet, type GroveSiteOptions } from './olive-calendar.js'
import { celsius, duration, isoTime, minutes } from './grower-text.js'

const MINUTE_MS = 60_000
const HOUR_MS = 3_600_000

/**
 * Olive frost thresholds (Barranco, Fernández-Escobar & Rallo (eds.), "El cultivo del olivo", 7th ed.
 * 2017, climate requirements): flowers, inflorescences and young fruit are killed around −1 to 0 °C,
 * so any frost in flowering and fruit set is critical; trees hardened in winter take about −7 °C,
 * below which shoots and branches are damaged (large limbs and trunks from about −10 to −12 °C), so
 * that is critical in any month.
 */
export const FROST_DEFAULTS = {
  thresholdC: 0,
  severeThresholdC: -7,
  /** 1 °C above the alert level: a station hovering at 0 °C neither clears nor re-opens the alert. */
  clearAboveC: 1,
  /** Radiative frost damage needs some exposure; half an hour also filters a single cold sample. */
  minDurationMs: 30 * MINUTE_MS,
  clearAfterMs: HOUR_MS,
  /** Two missed hourly readings break a run. */
  maxGapMs: 2 * HOUR_MS,
} as const

export interface FrostOptions extends GroveSiteOptions {
  /** Air below this (°C) is frost. Default 0. */
  thresholdC?: number
  /** Air at or below this (°C) is critical in any season. Default −7. */
  severeThresholdC?: number
  /** The alert clears once the air has stayed above this (°C) for `clearAfterMs`. Default +1. */
  clearAboveC?: number
  /** How long the air must stay below `thresholdC`. Default 30 min (and at least two readings). */
  minDurationMs?: number
  /** Default 1 h. */
  clearAfterMs?: number
  /** Default 2 h. */
  maxGapMs?: number
  /** Months (1–12) of flowering and fruit set, when any frost is critical. Default from `hemisphere`: April–June north. */
  sensitiveMonths?: readonly number[]
}

export function createFrostDetector(options: FrostOptions = {}): Detector<AirTemperatureState> {
  const o = { ...FROST_DEFAULTS, ...options }
  const sensitive = monthSet('frost.sensitiveMonths', options.sensitiveMonths ?? floweringMonths(options.hemisphere))
  const inFlowering = (facts: EpisodeFacts) => sensitive.has(facts.day.month)

  return createAirTemperatureDetector({
    name: 'grove.frost.v1',
    rule: 'grove.frost',
    thresholds: {
      direction: 'below',
      startC: o.thresholdC,
      startAfterMs: o.minDurationMs,
      endC: o.clearAboveC,
      endAfterMs: o.clearAfterMs,
      maxGapMs: o.maxGapMs,
    },
    localDayOf: createLocalDayOf(options.timeZone),
    severity: (extremeC, day) => (extremeC <= o.severeThresholdC || sensitive.has(day.month) ? 'critical' : 'warning'),
    describeFiring(facts) {
      const lasting = `Air at ${celsius(facts.extremeC)} for ${duration(facts.atMs - facts.sinceMs)}`
      const risk =
        facts.extremeC <= o.severeThresholdC
          ? 'severe frost, risk of damage to shoots and branches'
          : inFlowering(facts)
            ? 'frost risk to flowers and young fruit'
            : 'frost; hardened trees usually take this, young shoots may scorch'
      return {
        summary: `${lasting}${inFlowering(facts) ? ' during flowering/fruit set' : ''}: ${risk}`,
        evidence: {
          minAirTempC: facts.extremeC,
          thresholdC: o.thresholdC,
          severeThresholdC: o.severeThresholdC,
          belowSince: isoTime(facts.sinceMs),
          durationMin: minutes(facts.atMs - facts.sinceMs),
          floweringPeriod: inFlowering(facts),
        },
      }
    },
    describeClear(facts) {
      return {
        summary: `Air back above ${celsius(o.clearAboveC)} for ${duration(o.clearAfterMs)}: frost over (lowest ${celsius(facts.extremeC)})`,
        evidence: { minAirTempC: facts.extremeC, clearAboveC: o.clearAboveC, frostSince: isoTime(facts.sinceMs) },
      }
    },
  })
}
