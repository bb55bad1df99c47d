import { forRange, inSolarHours, samplesIn, valueAt, writeField, type DeviceSeries } from './device-series.js'
import { between, MINUTE_MS, type DeviceEventRecipe } from './event-recipe.js'
import { labelledEvent, type ManipulationKind } from './labelled-event.js'

/**
 * Beekeeper visits: the steps they leave on the scale are not production, and they are the main
 * source of false swarm and theft alarms, so scenarios carry many of them. All happen by day in
 * mild weather, when beekeepers open hives (bees flying, ≥ ~14 °C).
 */
const VISIT_SOLAR_HOURS = { from: 10, to: 16 }
const VISIT_AMBIENT_C = { lo: 14, hi: 28 }
/** A removal never takes a hive below its brood box with bees, brood and pollen. */
export const BROOD_BOX_KG = 25
/** While boxes and frames are out, the floor and an emptied box stay on the scale. */
const LEFT_ON_SCALE_KG = 10
/** Upper-hive temperature recovers within about an hour of closing the lid. */
const RECOVERY_TAU_MS = 20 * MINUTE_MS

function visitFits(s: DeviceSeries, i: number): boolean {
  const ambientC = valueAt(s, i, 'temp_ambient_c')
  return (
    inSolarHours(s, i, VISIT_SOLAR_HOURS.from, VISIT_SOLAR_HOURS.to) &&
    ambientC >= VISIT_AMBIENT_C.lo &&
    ambientC <= VISIT_AMBIENT_C.hi &&
    // Room for a lid-open dip of at least 1 °C above outside air.
    valueAt(s, i, 'temp_internal_c') - ambientC >= 2
  )
}

/**
 * Open-lid effects during samples [i, close): the upper sensor cools towards outside air and the
 * scale gets jostled; after `close` the temperature settles back.
 */
function openLid(s: DeviceSeries, i: number, close: number, dipC: number, jostleDeg: number): void {
  const settleUntil = close + samplesIn(s, 5 * RECOVERY_TAU_MS)
  forRange(s, i, settleUntil, (j) => {
    const open = j < close
    const share = open ? (j === i ? 0.6 : 1) : Math.exp(-(s.timesMs[j]! - s.timesMs[close - 1]!) / RECOVERY_TAU_MS)
    writeField(s, j, 'temp_internal_c', valueAt(s, j, 'temp_internal_c') - dipC * share)
    const humidityPct = valueAt(s, j, 'humidity_internal_pct')
    writeField(s, j, 'humidity_internal_pct', humidityPct + 0.4 * share * (valueAt(s, j, 'humidity_ambient_pct') - humidityPct))
    if (open) writeField(s, j, 'tilt_deg', valueAt(s, j, 'tilt_deg') + jostleDeg)
  })
}

/** Adds `kg` to the weight from sample `from` to the end: a lasting step. */
function stepFrom(s: DeviceSeries, from: number, kg: number): void {
  forRange(s, from, s.readings.length, (j) => writeField(s, j, 'weight_kg', valueAt(s, j, 'weight_kg') + kg))
}

/**
 * Inspection: lid open 10–30 min while boxes and frames (2–20 kg) are lifted off and put back, then
 * the weight returns within ±1 kg (a frame swapped, burr comb scraped); the upper sensor dips
 * 1–4 °C. The window ends at the first sample after the lid is closed.
 */
export const inspection: DeviceEventRecipe = (random) => {
  const openMs = between(random, 10, 30) * MINUTE_MS
  const liftedKg = between(random, 2, 20)
  const settledKg = between(random, -0.8, 0.8)
  const dipShare = random.uniform()
  const jostleDeg = between(random, 0.3, 2)
  return {
    kind: 'inspection',
    leadMs: 0,
    spanMs: openMs,
    fits: visitFits,
    apply(s, i) {
      const open = Math.max(2, samplesIn(s, openMs))
      const close = i + open
      const lifted = Math.min(liftedKg, valueAt(s, i, 'weight_kg') - LEFT_ON_SCALE_KG)
      const gapC = valueAt(s, i, 'temp_internal_c') - valueAt(s, i, 'temp_ambient_c')
      const dipC = 1 + dipShare * (Math.min(4, gapC - 0.5) - 1)
      forRange(s, i, close, (j) => {
        // Roof and first frames come off, then whole boxes; the last sample catches them going back.
        const k = j - i
        const share = k === 0 ? 0.5 : k === open - 1 && open >= 3 ? 0.4 : 1
        const liftedNow = Math.max(0, lifted * share + (share === 1 ? random.normal(0, 0.4) : 0))
        writeField(s, j, 'weight_kg', valueAt(s, j, 'weight_kg') - liftedNow)
      })
      stepFrom(s, close, settledKg)
      openLid(s, i, close, dipC, jostleDeg)
      return labelledEvent(s.deviceId, 'inspection', s.timesMs[i]!, s.timesMs[close]!, {
        openMin: (open * s.intervalMs) / MINUTE_MS,
        liftedKg: lifted,
        settledKg,
        tempDipC: dipC,
      })
    },
  }
}

interface VisitShape {
  visitMin: [number, number]
  stepKg: [number, number]
  dipC: [number, number]
  /** Supers go off during the visit (removal, harvest) or only the roof (adding a super). */
  removing: boolean
}

/**
 * A visit that changes the hive for good: the roof comes off (0.5–1.5 kg), supers go on or off,
 * and the new weight stays. The window ends at the first sample after the visit. Placement judges
 * the clean series; when earlier visits have left too little to take off, the visit does not happen.
 */
function lastingVisit(kind: Exclude<ManipulationKind, 'inspection'>, shape: VisitShape): DeviceEventRecipe {
  return (random) => {
    const visitMs = between(random, ...shape.visitMin) * MINUTE_MS
    const drawnStepKg = between(random, ...shape.stepKg)
    const roofKg = between(random, 0.5, 1.5)
    const dipC = between(random, ...shape.dipC)
    const jostleDeg = between(random, 0.3, 1.5)
    const stepKgAt = (s: DeviceSeries, i: number) =>
      shape.removing ? -Math.min(drawnStepKg, valueAt(s, i, 'weight_kg') - BROOD_BOX_KG) : drawnStepKg
    return {
      kind,
      leadMs: 0,
      spanMs: visitMs,
      fits: (s, i) => visitFits(s, i) && Math.abs(stepKgAt(s, i)) >= shape.stepKg[0],
      apply(s, i) {
        const visit = samplesIn(s, visitMs)
        const close = i + visit
        const stepKg = stepKgAt(s, i)
        if (Math.abs(stepKg) < shape.stepKg[0]) return undefined
        forRange(s, i, close, (j) => {
          const removedKg = shape.removing ? (-stepKg * (j - i)) / visit : 0
          writeField(s, j, 'weight_kg', valueAt(s, j, 'weight_kg') - roofKg - removedKg)
        })
        stepFrom(s, close, stepKg)
        openLid(s, i, close, dipC, jostleDeg)
        return labelledEvent(s.deviceId, kind, s.timesMs[i]!, s.timesMs[close]!, {
          visitMin: (visit * s.intervalMs) / MINUTE_MS,
          stepKg,
          tempDipC: dipC,
        })
      },
    }
  }
}

/** An empty super with frames or drawn comb: +5–12 kg that stays. */
export const superAdded = lastingVisit('super_added', { visitMin: [5, 15], stepKg: [5, 12], dipC: [0.5, 1.5], removing: false })
/** A super taken off (empty, or part-filled): −5–20 kg that stays. */
export const superRemoved = lastingVisit('super_removed', { visitMin: [5, 15], stepKg: [5, 20], dipC: [0.5, 2], removing: true })
/** Honey supers taken for extraction: −8–25 kg that stays, a longer visit. */
export const harvest = lastingVisit('harvest', { visitMin: [15, 40], stepKg: [8, 25], dipC: [1, 3], removing: true })
