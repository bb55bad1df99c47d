import type { DetectorReading, Detector, Finding } from '../detector.js'
import { mayRefresh } from './firing-policy.js'
import { celsius, duration, isoTime, oneDecimal } from './grower-text.js'
import type { GroveSiteOptions } from './olive-calendar.js'
import { wetHoursToInfect } from './peacock-spot-infection.js'
import { fieldValue } from './reading-fields.js'
import { extendRun, runHasLasted, type Run } from './sustained-run.js'

const HOUR_MS = 3_600_000
/** An open alert is refreshed when the same wet period has gone on this much longer. */
const REFRESH_STEP_MS = 6 * HOUR_MS

export const PEACOCK_SPOT_DEFAULTS = {
  /** Half the sensor surface wet: the sensor's own wet/dry midpoint. */
  leafWetnessPct: 50,
  /**
   * Stations without a leaf-wetness sensor: RH at or above this stands in. Sentelhas et al. 2008
   * (Agric For Meteorol 148:392) found RH ≥ 90 % the best simple estimate of wetness duration, but
   * one that overestimated it in Florence, the Mediterranean site; 95 % errs towards surer alerts.
   */
  humidityPct: 95,
  /**
   * A dry spell up to this long (a gust drying the sensor, a value flickering at the threshold) does
   * not end a wet period and counts as wet. Conidia survive dry interruptions (Viruega et al. 2011:
   * dry periods up to 78 h after inoculation did not lower incidence), so bridging short ones errs on
   * the safe side.
   */
  maxDryBreakMs: 2 * HOUR_MS,
  /** The alert clears after the leaves have stayed dry this long. */
  clearAfterDryMs: 6 * HOUR_MS,
  maxGapMs: 2 * HOUR_MS,
} as const

export interface PeacockSpotOptions extends GroveSiteOptions {
  /** Leaf wetness (% of sensor surface) at or above which a leaf counts as wet. Default 50. */
  leafWetnessPct?: number
  /** RH (%) at or above which a reading without leaf wetness counts as wet. Default 95. */
  humidityPct?: number
  /** Default 2 h. */
  maxDryBreakMs?: number
  /** Default 6 h (and at least two dry readings). */
  clearAfterDryMs?: number
  /** Default 2 h. */
  maxGapMs?: number
}

export interface PeacockSpotState {
  /** The current wet period, with a running sum for its mean temperature. */
  wet?: { sinceMs: number; lastWetMs: number; airSumC: number; airCount: number }
  /** Dry readings since the last wet one. */
  dry?: Run
  /** Present while the alert is open; `periodSinceMs` is the wet period last reported. */
  alert?: { periodSinceMs: number; reportedWetMs: number; lastFiringMs: number }
}

export function createPeacockSpotDetector(options: PeacockSpotOptions = {}): Detector<PeacockSpotState> {
  const o = { ...PEACOCK_SPOT_DEFAULTS, ...options }

  const isWet = (reading: DetectorReading): boolean | undefined => {
    const leafWetness = fieldValue(reading, 'leaf_wetness_pct')
    if (leafWetness !== undefined) return leafWetness >= o.leafWetnessPct
    const humidity = fieldValue(reading, 'air_humidity_pct')
    return humidity === undefined ? undefined : humidity >= o.humidityPct
  }

  return {
    name: 'grove.peacock_spot.v1',
    kinds: ['grove'],
    rules: ['grove.peacock_spot'],
    initialState: () => ({}),
    step(state, readings) {
      let { wet, dry, alert } = state
      const findings: Finding[] = []
      for (const reading of readings) {
        const t = reading.timeMs
        const wetNow = isWet(reading)
        if (wetNow === undefined) continue

        if (!wetNow) {
          dry = extendRun(dry, t, o.maxGapMs)
          if (wet && t - wet.lastWetMs > o.maxDryBreakMs) wet = undefined
          if (alert && runHasLasted(dry, o.clearAfterDryMs)) {
            findings.push({
              rule: 'grove.peacock_spot',
              status: 'clear',
              severity: 'warning',
              atMs: t,
              summary: `Leaves dry for ${duration(t - dry.sinceMs)}: peacock spot infection period over`,
              evidence: { drySince: isoTime(dry.sinceMs), reportedWetHours: oneDecimal(alert.reportedWetMs / HOUR_MS) },
            })
            alert = undefined
          }
          continue
        }

        const period = wet && t - wet.lastWetMs <= o.maxDryBreakMs ? wet : { sinceMs: t, airSumC: 0, airCount: 0 }
        const airC = fieldValue(reading, 'air_temp_c')
        wet = {
          sinceMs: period.sinceMs,
          lastWetMs: t,
          airSumC: period.airSumC + (airC ?? 0),
          airCount: period.airCount + (airC === undefined ? 0 : 1),
        }
        dry = undefined

        if (wet.airCount === 0) continue
        const wetMs = t - wet.sinceMs
        const meanAirC = wet.airSumC / wet.airCount
        const hoursNeeded = wetHoursToInfect(meanAirC)
        if (hoursNeeded === undefined || wetMs < hoursNeeded * HOUR_MS) continue
        const due =
          !alert ||
          (mayRefresh(alert.lastFiringMs, t) &&
            (alert.periodSinceMs !== wet.sinceMs || wetMs >= alert.reportedWetMs + REFRESH_STEP_MS))
        if (!due) continue
        findings.push({
          rule: 'grove.peacock_spot',
          status: 'firing',
          severity: 'warning',
          atMs: t,
          summary:
            `Leaves wet for ${duration(wetMs)} at ${celsius(meanAirC)} on average: peacock spot infection risk ` +
            `(${hoursNeeded} h of wetness suffice at this temperature)`,
          evidence: {
            wetHours: oneDecimal(wetMs / HOUR_MS),
            meanAirTempC: oneDecimal(meanAirC),
            hoursNeeded,
            wetSince: isoTime(wet.sinceMs),
          },
        })
        alert = { periodSinceMs: wet.sinceMs, reportedWetMs: wetMs, lastFiringMs: t }
      }
      return { state: { wet, dry, alert }, findings }
    },
  }
}
