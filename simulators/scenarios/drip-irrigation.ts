import type { SeededRandom } from '../seeded-random.js'
import { forRange, solarDayAt, solarHourAt, valueAt, writeField, type DeviceSeries, type SoilField } from './device-series.js'
import { between, DAY_MS, HOUR_MS } from './event-recipe.js'

/**
 * Scenario groves are drip-irrigated. The grove model has no irrigation, so its root zone in a Jaén
 * summer sits below the refill point for months; on such a grove "drought" would be the normal
 * state and a detector could not be judged. Here drippers run every second night and keep the
 * root zone above the refill point; a drought is an irrigation outage (pump failure, a water
 * allocation cut) that lets it fall below.
 */

/** Loam as in soil-model.ts (Saxton & Rawls 2006), %VWC. */
const FIELD_CAPACITY_PCT = 30
const WILTING_POINT_PCT = 12
/**
 * FAO-56 table 22: olives use water unhindered until 65 % of the available water is gone; the
 * refill point is where that happens: 30 − 0.65 × (30 − 12) = 18.3 %VWC.
 */
export const REFILL_POINT_VWC_PCT = FIELD_CAPACITY_PCT - 0.65 * (FIELD_CAPACITY_PCT - WILTING_POINT_PCT)
/** Olive roots are densest at 20–50 cm (soil-model.ts ROOT_SHARE): the 30 cm probe judges the root zone. */
export const ROOT_ZONE_FIELD: SoilField = 'soil_moisture_vwc_pct_30cm'

export const IRRIGATION_EVERY_MS = 2 * DAY_MS
/** Drippers run at night, when less of the water evaporates. */
const IRRIGATION_SOLAR_HOUR = 22

/**
 * Drawdown per W·h/m² of sunshine, %VWC. A clear July day at Jaén brings ~7 kWh/m², reference ET of
 * ~7 mm (Priestley–Taylor, as grove-model.ts), ~4.5 mm for olives (Kc 0.65), drawn mostly from the
 * wetted bulbs around the drippers: about 1.3 %VWC a day at 30 cm. Shallower soil dries a little
 * less (fewer roots, mulch of leaves), 60 cm much less.
 */
const DRAWDOWN_PER_WH_M2 = 1.3 / 7000
const LAYERS: readonly { field: SoilField; drawdownShare: number; targetOffsetPct: [number, number] }[] = [
  { field: 'soil_moisture_vwc_pct_10cm', drawdownShare: 0.9, targetOffsetPct: [-1, 1.5] },
  { field: 'soil_moisture_vwc_pct_30cm', drawdownShare: 1, targetOffsetPct: [0, 0] },
  { field: 'soil_moisture_vwc_pct_60cm', drawdownShare: 0.45, targetOffsetPct: [-3, -1] },
]

export interface IrrigationPlan {
  /** Moisture each layer is brought back to, %VWC. */
  targetsPct: number[]
  /** Station-to-station differences in how much the bulb dries. */
  drawdownScale: number
}

export function drawIrrigationPlan(random: SeededRandom): IrrigationPlan {
  const rootTargetPct = between(random, 22.5, 24.5)
  return {
    targetsPct: LAYERS.map(({ targetOffsetPct: [lo, hi] }) => rootTargetPct + between(random, lo, hi)),
    drawdownScale: between(random, 0.9, 1.1),
  }
}

/** FAO-56 water stress coefficient: uptake slows once moisture is below the refill point. */
function stress(moisturePct: number): number {
  return Math.min(1, Math.max(0, (moisturePct - WILTING_POINT_PCT) / (REFILL_POINT_VWC_PCT - WILTING_POINT_PCT)))
}

/**
 * Lays the irrigated moisture over the model's soil (whichever is wetter: rain still shows). The
 * sensor noise is drawn for every sample, so an outage changes nothing but the samples it touches
 * until the next watering.
 */
export function applyDripIrrigation(
  s: DeviceSeries,
  plan: IrrigationPlan,
  noise: SeededRandom,
  outages: readonly { fromMs: number; toMs: number }[],
): void {
  const moisture = plan.targetsPct.map((target) => target - 1)
  const dtH = s.intervalMs / HOUR_MS
  const firstDay = solarDayAt(s, 0)
  let wateredDay = -1
  forRange(s, 0, s.readings.length, (j) => {
    const timeMs = s.timesMs[j]!
    const day = solarDayAt(s, j)
    const due = (day - firstDay) % 2 === 0 && day !== wateredDay && solarHourAt(s, j) >= IRRIGATION_SOLAR_HOUR
    if (due) {
      wateredDay = day
      if (!outages.some((o) => timeMs >= o.fromMs && timeMs <= o.toMs)) plan.targetsPct.forEach((target, k) => (moisture[k] = target))
    }
    const drawdown = DRAWDOWN_PER_WH_M2 * plan.drawdownScale * valueAt(s, j, 'solar_w_m2') * dtH
    LAYERS.forEach(({ field, drawdownShare }, k) => {
      moisture[k]! -= drawdown * drawdownShare * stress(moisture[k]!)
      writeField(s, j, field, Math.max(valueAt(s, j, field), moisture[k]! + noise.normal(0, 0.2)))
    })
  })
}
