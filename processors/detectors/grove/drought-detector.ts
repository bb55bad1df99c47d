import { soilFieldName } from '../../../platform/influx/measurements.js'
import type { Detector, Finding } from '../detector.js'
import { mayRefresh } from './firing-policy.js'
import { duration, isoTime, oneDecimal } from './grower-text.js'
import type { GroveSiteOptions } from './olive-calendar.js'
import { fieldValue, meanOfFields } from './reading-fields.js'
import { extendRun, runHasLasted, type Run } from './sustained-run.js'

const HOUR_MS = 3_600_000
const DAY_MS = 86_400_000
/** An open alert is refreshed when the root zone has dried this much further (VWC points). */
const REFRESH_STEP_VWC = 1

/**
 * Irrigation need from root-zone depletion, after FAO-56 (Allen, Pereira, Raes & Smith 1998, Crop
 * evapotranspiration, FAO Irrigation and Drainage Paper 56): a crop transpires unhindered until a
 * fraction p of the total available water (field capacity − wilting point) is used; table 22 gives
 * p = 0.65 for olives. The refill point is then FC − p·(FC − WP). Defaults are a typical loam (Saxton
 * & Rawls 2006, Soil Sci Soc Am J 70:1569): FC 30 %, WP 12 % VWC, so refill at 18.3 % VWC; set the
 * site's own soil, or `refillVwcPct` directly.
 *
 * Depth: the stations' probes sit at 10, 30 and 60 cm. Partner groves are drip-irrigated, and under
 * drip an olive concentrates its roots, and its water uptake, in the wet bulbs under the drippers:
 * Fernández et al. 1991 (Plant Soil 133:239) found the densest roots and most root activity there,
 * Searles et al. 2009 (Crop Pasture Sci 60:280) about 70 % of the roots in the top 0.5 m. The 30 cm
 * probe sits in that bulb: it is what each watering refills and what dries first when one is missed.
 * The 60 cm layer is wetted less and late, and often lies below or at the edge of the bulb, so an
 * average with it reads drier than the roots' water (a well-watered grove can look dry) and lags a
 * real outage by a day or more. Hence 30 cm alone by default; a rain-fed grove, whose roots draw on
 * the deeper soil through the summer, can set `depthsCm: [30, 60]`.
 *
 * Noise: a probe reads ±0.2 VWC points, so a root zone drying through the refill point crosses it
 * back and forth for an hour or two. Drying is slow (about 1.3 points a day at most in a Jaén July:
 * FAO-56 ETc of ~4.5 mm/day) while a watering or real rain lifts the root zone by several points at
 * once, so a dry spell ends only when the root zone is back `rewetMarginVwc` above the refill
 * point, or when 10 mm of rain has fallen.
 */
export const DROUGHT_DEFAULTS = {
  depthsCm: [30] as readonly number[],
  fieldCapacityVwcPct: 30,
  wiltingPointVwcPct: 12,
  depletionFraction: 0.65,
  /** Below the refill point this long before alerting: a day or two of depletion is routine. */
  minDurationMs: 3 * DAY_MS,
  /** Rain that adds up to this while the soil is below refill restarts the count. */
  resetRainMm: 10,
  /** A dry spell ends when the root zone is this far above the refill point: 5× the probe noise. */
  rewetMarginVwc: 1,
  /** Above refill by this many VWC points, for `clearAfterMs`, before clearing: probe noise is ~0.2. */
  clearMarginVwc: 2,
  clearAfterMs: 6 * HOUR_MS,
  /** Soil moisture changes slowly: half a day without a soil reading does not break a run. */
  maxGapMs: 12 * HOUR_MS,
}

export interface DroughtOptions extends GroveSiteOptions {
  /** Probe depths averaged as the root zone; readings lacking any of them are skipped. Default [30]. */
  depthsCm?: readonly number[]
  /** Default 30 (% VWC). */
  fieldCapacityVwcPct?: number
  /** Default 12 (% VWC). */
  wiltingPointVwcPct?: number
  /** FAO-56 p, fraction of available water used before stress. Default 0.65 (olive). */
  depletionFraction?: number
  /** Overrides the refill point computed from the three options above (% VWC). */
  refillVwcPct?: number
  /** Default 3 days (and at least two readings). */
  minDurationMs?: number
  /** Default 10 mm. */
  resetRainMm?: number
  /** VWC points above refill that end a dry spell before the alert. Default 1. */
  rewetMarginVwc?: number
  /** Default 2 VWC points. */
  clearMarginVwc?: number
  /** Default 6 h. */
  clearAfterMs?: number
  /** Default 12 h. */
  maxGapMs?: number
}

export interface DroughtState {
  /** The root zone below the refill point, with the lowest value and the rain since it went there. */
  dry?: Run & { lowestVwcPct: number; rainMm: number }
  /** Present while the alert is open. */
  alert?: { sinceMs: number; reportedVwcPct: number; lastFiringMs: number }
  /** Root zone above refill + margin while the alert is open. */
  recovery?: Run
}

export function createDroughtDetector(options: DroughtOptions = {}): Detector<DroughtState> {
  const o = { ...DROUGHT_DEFAULTS, ...options }
  const refillVwcPct =
    options.refillVwcPct ?? o.fieldCapacityVwcPct - o.depletionFraction * (o.fieldCapacityVwcPct - o.wiltingPointVwcPct)
  if (o.depthsCm.length === 0) throw new RangeError('grove.drought: depthsCm needs at least one depth')
  const moistureFields = o.depthsCm.map((depth) => soilFieldName('moisture_vwc_pct', depth))
  const depthLabel = o.depthsCm.length === 1 ? `${o.depthsCm[0]} cm` : `${o.depthsCm[0]}–${o.depthsCm.at(-1)} cm`

  return {
    name: 'grove.drought.v1',
    kinds: ['grove'],
    rules: ['grove.drought'],
    initialState: () => ({}),
    step(state, readings) {
      let { dry, alert, recovery } = state
      const findings: Finding[] = []
      for (const reading of readings) {
        const t = reading.timeMs
        const rainMm = fieldValue(reading, 'rain_mm') ?? 0
        if (dry) dry = { ...dry, rainMm: dry.rainMm + rainMm }
        // Meaningful rain restarts the count; the next dry reading starts a new one.
        if (dry && dry.rainMm >= o.resetRainMm) dry = undefined

        const vwc = meanOfFields(reading, moistureFields)
        if (vwc === undefined) continue

        if (vwc < refillVwcPct) {
          recovery = undefined
          const previous = dry
          const run = extendRun(previous, t, o.maxGapMs)
          dry =
            previous && run.sinceMs === previous.sinceMs
              ? { ...run, lowestVwcPct: Math.min(previous.lowestVwcPct, vwc), rainMm: previous.rainMm }
              : { ...run, lowestVwcPct: vwc, rainMm: 0 }
          const refresh = alert && vwc <= alert.reportedVwcPct - REFRESH_STEP_VWC && mayRefresh(alert.lastFiringMs, t)
          if ((!alert && runHasLasted(dry, o.minDurationMs)) || refresh) {
            // A refresh after rain restarted the count still reports the whole dry spell.
            const sinceMs = alert?.sinceMs ?? dry.sinceMs
            findings.push({
              rule: 'grove.drought',
              status: 'firing',
              severity: 'warning',
              atMs: t,
              summary:
                `Root zone (${depthLabel}) at ${oneDecimal(vwc)} % water for ${duration(t - sinceMs)}, ` +
                `below the ${oneDecimal(refillVwcPct)} % refill point, with ${oneDecimal(dry.rainMm)} mm of rain: irrigate`,
              evidence: {
                rootZoneVwcPct: oneDecimal(vwc),
                lowestVwcPct: oneDecimal(dry.lowestVwcPct),
                refillVwcPct: oneDecimal(refillVwcPct),
                depthsCm: o.depthsCm.join(','),
                belowSince: isoTime(sinceMs),
                daysBelow: oneDecimal((t - sinceMs) / DAY_MS),
                rainSinceMm: oneDecimal(dry.rainMm),
              },
            })
            alert = { sinceMs, reportedVwcPct: vwc, lastFiringMs: t }
          }
          continue
        }

        if (dry && vwc < refillVwcPct + o.rewetMarginVwc && t - dry.lastMs <= o.maxGapMs) {
          // Within the probe's noise of the refill point: not rewetted, so the spell goes on; the
          // reading only keeps it alive and decides nothing.
          dry = { ...dry, lastMs: t }
          recovery = undefined
          continue
        }
        dry = undefined
        if (!alert) continue
        recovery = vwc >= refillVwcPct + o.clearMarginVwc ? extendRun(recovery, t, o.maxGapMs) : undefined
        if (!runHasLasted(recovery, o.clearAfterMs)) continue
        findings.push({
          rule: 'grove.drought',
          status: 'clear',
          severity: 'warning',
          atMs: t,
          summary: `Root zone (${depthLabel}) back to ${oneDecimal(vwc)} % water, above the ${oneDecimal(refillVwcPct)} % refill point: irrigation need over`,
          evidence: { rootZoneVwcPct: oneDecimal(vwc), refillVwcPct: oneDecimal(refillVwcPct), dryFrom: isoTime(alert.sinceMs) },
        })
        alert = undefined
        recovery = undefined
      }
      return { state: { dry, alert, recovery }, findings }
    },
  }
}
