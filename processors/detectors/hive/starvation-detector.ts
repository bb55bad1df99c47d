import type { Detector } from '../detector.js'
import { fieldValue, finding, foldReadings, REFIRE_INTERVAL_MS } from '../device/findings.js'
import { roundTo, theilSenSlope } from '../device/robust-stats.js'
import { addToBuckets, bucketMean, type MeanBucket } from '../device/time-buckets.js'
import { followTilt, initialTilt, tiltOf, type TiltState } from './hive-posture.js'
import { advanceWeight, initialWeightEvents, type WeightEventState } from './weight-events.js'
import { weightOptions, type WeightOptions } from './weight-options.js'

/**
 * `hive.starvation`: the colony is eating its stores faster than they will last.
 * Daily mean weights follow food stores (Meikle et al. 2008, Apidologie 39:694: weekly changes of
 * the running daily average correlate with store changes, not with bees or brood). The trend is
 * taken from the net weight: the steps people make (visits, boxes, harvests, feeders), swarms and
 * the hive going on or off the scale are recognised by the shared weight-event rules and taken out,
 * and samples in the middle of a step are left out of the daily means (DESIGN: net weight with a
 * manipulation filter). The consumption rate is the Theil–Sen slope of those daily means over the
 * last 14 days (at least 7), which a few days of odd weather or a missed step do not move. Stores
 * are the current daily mean, steps included (a feeding adds stores, a harvest takes them), minus
 * `emptyHiveKg`.
 * Fires (warning) when, two days running, the stores at the current rate last ≤ 21 days, or are
 * under `reserveKg` and still falling (≥ 0.03 kg a day); critical when they last < 7 days. Clears
 * after three days in a row on which they last > 30 days and are above the reserve, or the weight
 * no longer falls at all.
 * Wintering colonies eat 1.5–2.5 kg a month, more once brood rearing restarts; a hive can lose
 * 5–10 lb a week after a flow (connectedbeekeeping.fr; SolutionBee), so any season can starve.
 * `emptyHiveKg` defaults to 20 kg: a single Langstroth or Dadant brood box with drawn comb, brood,
 * bees, floor and roof. Set it per hive: other hive types, extra boxes, and scales that carry only
 * one end of the hive (BroodMinder-W reads about half) all change it. Days are UTC days: a few hours'
 * shift does not change a two-week trend.
 */
export interface StarvationOptions {
  weight?: Partial<WeightOptions>
  emptyHiveKg?: number
  reserveKg?: number
  horizonDays?: number
  criticalDays?: number
  clearDays?: number
  windowDays?: number
  minDays?: number
  /** Slower losses are within the noise of daily means, not consumption. */
  minConsumptionKgPerDay?: number
  /** Consecutive daily verdicts needed to fire and to clear. */
  fireAfterDays?: number
  clearAfterDays?: number
}

export interface StarvationState {
  weight: WeightEventState
  /** Sum of the steps taken out so far: net weight = weight − offset. */
  stepOffsetKg: number
  /** Daily means of the net weight, and of the weight as measured (for the stores). */
  netDays: MeanBucket[]
  days: MeanBucket[]
  severity: 'warning' | 'critical' | null
  lastFiredMs: number | null
  /** Consecutive days at risk, and consecutive days safe. */
  riskDays: number
  safeDays: number
  tilt: TiltState
}

const DAY = 86_400_000

export function createStarvationDetector(options: StarvationOptions = {}): Detector<StarvationState> {
  const o = weightOptions(options.weight)
  const emptyHiveKg = options.emptyHiveKg ?? 20
  const reserveKg = options.reserveKg ?? 5
  const horizonDays = options.horizonDays ?? 21
  const criticalDays = options.criticalDays ?? 7
  const clearDays = options.clearDays ?? 30
  const windowDays = options.windowDays ?? 14
  const minDays = options.minDays ?? 7
  const minConsumption = options.minConsumptionKgPerDay ?? 0.03
  const fireAfterDays = options.fireAfterDays ?? 2
  const clearAfterDays = options.clearAfterDays ?? 3

  /** Loss per day: minus the trend of the daily net weights. */
  const consumptionPerDay = (days: readonly MeanBucket[]) =>
    -theilSenSlope(
      days.map((d) => d.startMs / DAY),
      days.map(bucketMean),
    )

  return {
    name: 'hive.starvation.v2',
    kinds: ['hive'],
    rules: ['hive.starvation'],
    initialState: () => ({
      weight: initialWeightEvents(),
      stepOffsetKg: 0,
      netDays: [],
      days: [],
      severity: null,
      lastFiredMs: null,
      riskDays: 0,
      safeDays: 0,
      tilt: initialTilt(),
    }),
    step: (state, readings) =>
      foldReadings(state, readings, (s, reading, emit) => {
        const tilt = tiltOf(reading)
        if (tilt !== undefined && (s.weight.lastMs === null || reading.timeMs > s.weight.lastMs)) followTilt(s.tilt, tilt)
        const kg = fieldValue(reading, 'weight_kg')
        if (kg === undefined) return
        for (const event of advanceWeight(s.weight, { t: reading.timeMs, kg }, o)) {
          if (event.type === 'visit_ended') s.stepOffsetKg += event.visit.netKg
          else if (event.type !== 'visit_started') s.stepOffsetKg += event.shape.netKg
        }
        // Mid-step samples (boxes off, a new level not yet confirmed) say nothing about consumption,
        // nor does a hive lying on its side, its weight partly on the ground.
        if (s.weight.lastMs !== reading.timeMs || s.weight.episode || s.weight.visit || s.tilt.tipped) return
        const keepMs = (windowDays + 1) * DAY
        addToBuckets(s.netDays, reading.timeMs, kg - s.stepOffsetKg, DAY, keepMs)
        if (!addToBuckets(s.days, reading.timeMs, kg, DAY, keepMs)) return

        const onScale = new Set(s.days.slice(0, -1).filter((d) => bucketMean(d) >= o.nearZeroKg).map((d) => d.startMs))
        const netDays = s.netDays.filter((d) => onScale.has(d.startMs))
        if (netDays.length < minDays) return
        const consumption = consumptionPerDay(netDays)
        const weightKg = bucketMean(s.days.find((d) => d.startMs === netDays.at(-1)!.startMs)!)
        const storesKg = weightKg - emptyHiveKg
        const falling = consumption >= minConsumption
        const daysLeft = falling ? Math.max(0, storesKg) / consumption : Number.POSITIVE_INFINITY
        const evidence = {
          weight_kg: roundTo(weightKg, 1),
          stores_kg: roundTo(storesKg, 1),
          consumption_kg_per_day: roundTo(consumption, 3),
          days_left: Number.isFinite(daysLeft) ? roundTo(daysLeft, 1) : 'not falling',
          empty_hive_kg: emptyHiveKg,
        }
        const atRisk = falling && (daysLeft <= horizonDays || storesKg < reserveKg)
        const safe = consumption <= 0 || (daysLeft > clearDays && storesKg >= reserveKg)
        s.riskDays = atRisk ? s.riskDays + 1 : 0
        s.safeDays = safe ? s.safeDays + 1 : 0
        const severity = daysLeft < criticalDays ? 'critical' : 'warning'
        const upgrade = s.severity === 'warning' && severity === 'critical' && reading.timeMs - s.lastFiredMs! >= REFIRE_INTERVAL_MS
        if (s.riskDays >= fireAfterDays && (s.severity === null || upgrade)) {
          s.severity = severity
          s.lastFiredMs = reading.timeMs
          const losing = `losing ${roundTo(consumption, 2)} kg a day`
          const summary =
            storesKg > 0
              ? `Stores running out: about ${roundTo(storesKg, 1)} kg left and the hive is ${losing} (~${Math.round(daysLeft)} days); feed the colony.`
              : `Stores may be gone: the hive weighs ${roundTo(weightKg, 1)} kg, no more than an empty hive (${emptyHiveKg} kg), and is ${losing}; feed the colony, and check this hive's empty weight setting.`
          emit(finding('hive.starvation', 'firing', severity, reading.timeMs, summary, evidence))
        } else if (s.severity !== null && s.safeDays >= clearAfterDays) {
          const summary = falling ? `Stores back to about ${roundTo(storesKg, 1)} kg, enough for over ${clearDays} days.` : 'The hive has stopped losing weight.'
          emit(finding('hive.starvation', 'clear', s.severity, reading.timeMs, summary, evidence))
          s.severity = null
        }
      }),
  }
}
