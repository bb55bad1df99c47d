import type { PhenologyEstimate } from './phenology.js'
import { dayFromNumber, dayNumber } from '../../../platform/time/site-time.js'
import { type LocalDate } from './season-calendar.js'
import type { OliveVariety } from './varieties.js'

/** Ripening index at veraison (first fruit colouring: many fruit past class 1) and at harvest maturity. */
const RI_AT_VERAISON = 1.5
const RI_AT_MATURITY = 3.5
const RI_MAX = 7

type Thresholds = PhenologyEstimate['thresholds']

/**
 * Ripening index (Uceda & Frías 1975, 0–7) from fruit-clock degree-days: linear through veraison and
 * harvest maturity and on beyond, held within 0–7. Colour change runs at a fairly even pace once it
 * starts (Beltrán et al. 2004 follow RI weekly from green to black); linear is our simplification.
 */
export function ripeningIndex(fruitDegreeDays: number, thresholds: Thresholds): number {
  const perDegreeDay = (RI_AT_MATURITY - RI_AT_VERAISON) / (thresholds.harvestMaturity - thresholds.veraison)
  return Math.min(RI_MAX, Math.max(0, RI_AT_VERAISON + (fruitDegreeDays - thresholds.veraison) * perDegreeDay))
}

/**
 * Share of the season's oil the fruit holds, 0–1, by fruit-clock degree-days: oil is laid down
 * from pit hardening, fastest through late summer, and levels off at harvest maturity (Beltrán et al.
 * 2004; Lavee & Wodner 1991, J Hortic Sci 66:583). A smoothstep (3p² − 2p³) over that span has that
 * shape: at veraison a Picual holds ~90 % of its oil. Later picking gains nothing here: fresh-weight
 * yield creeps up as fruit dehydrate, but fruit drop and falling quality offset it.
 */
export function oilAccumulation(fruitDegreeDays: number, thresholds: Thresholds): number {
  const p = (fruitDegreeDays - thresholds.pitHardening) / (thresholds.harvestMaturity - thresholds.pitHardening)
  const q = Math.min(1, Math.max(0, p))
  return q * q * (3 - 2 * q)
}

/** Fruit-clock degree-days on `date` (observed up to `asOf`, then projected); 0 before full flowering. */
export function fruitDegreeDaysOn(phenology: PhenologyEstimate, date: LocalDate): number {
  const clock = phenology.fruitClock
  if (!clock) return 0
  const i = dayNumber(date) - dayNumber(clock.from)
  if (i < 0) return 0
  return clock.cumulative[Math.min(i, clock.cumulative.length - 1)] ?? 0
}

export interface HarvestWindow {
  earliest: LocalDate
  latest: LocalDate
  /** The ripening indices the window aims for. */
  ripeningIndex: { earliest: number; latest: number }
  /** False when the season ends before the latest target: `latest` is then the last day projected. */
  latestReached: boolean
}

/**
 * Days between the variety's earliest and latest target ripening index; undefined while the season
 * cannot reach even the earliest (no full flowering yet projected, or a season too cool).
 */
export function harvestWindow(phenology: PhenologyEstimate, variety: Pick<OliveVariety, 'harvestRipeningIndex'>): HarvestWindow | undefined {
  const clock = phenology.fruitClock
  if (!clock) return undefined
  const target = variety.harvestRipeningIndex
  const from = dayNumber(clock.from)
  const firstAt = (ri: number) => {
    const i = clock.cumulative.findIndex((dd) => ripeningIndex(dd, phenology.thresholds) >= ri)
    return i < 0 ? undefined : from + i
  }
  const earliest = firstAt(target.earliest)
  if (earliest === undefined) return undefined
  const latest = firstAt(target.latest)
  return {
    earliest: dayFromNumber(earliest),
    latest: dayFromNumber(latest ?? from + clock.cumulative.length - 1),
    ripeningIndex: { ...target },
    latestReached: latest !== undefined,
  }
}

/** A past season's phenology (estimated at its end) and the day the grove was harvested. */
export interface RecordedHarvest {
  phenology: PhenologyEstimate
  harvestedOn: LocalDate
}

/** Ratios beyond this are taken for a recording error, not for the grove. */
const CALIBRATION_LIMITS = [0.7, 1.3] as const

/**
 * The variety's veraison and maturity degree-days scaled to the grove. The default thresholds are
 * Andalusian; ripening is not heat alone, and a cool or mild site ripens at other sums. Each recorded
 * harvest is assumed to have aimed at the middle of the variety's ripening-index target, so the
 * fruit-clock degree-days on its date, over those the defaults put at that index, is one estimate of
 * the scale; the median of them is used. Without a usable record the variety's own values stand.
 */
export function calibrateRipening(records: readonly RecordedHarvest[], variety: Pick<OliveVariety, 'ripening' | 'harvestRipeningIndex'>): OliveVariety['ripening'] {
  const { veraison, harvestMaturity } = variety.ripening
  const aimedIndex = (variety.harvestRipeningIndex.earliest + variety.harvestRipeningIndex.latest) / 2
  const aimedDegreeDays = veraison + ((aimedIndex - RI_AT_VERAISON) / (RI_AT_MATURITY - RI_AT_VERAISON)) * (harvestMaturity - veraison)
  const ratios = records
    .map((r) => fruitDegreeDaysOn(r.phenology, r.harvestedOn) / aimedDegreeDays)
    .filter((ratio) => ratio > 0)
    .map((ratio) => Math.min(CALIBRATION_LIMITS[1], Math.max(CALIBRATION_LIMITS[0], ratio)))
    .sort((a, b) => a - b)
  if (ratios.length === 0) return { veraison, harvestMaturity }
  const mid = Math.floor(ratios.length / 2)
  const scale = ratios.length % 2 ? ratios[mid]! : (ratios[mid - 1]! + ratios[mid]!) / 2
  return { veraison: veraison * scale, harvestMaturity: harvestMaturity * scale }
}
