import type { DailyTemperature } from './daily-temperature.js'
import { degreeDays, expectedDegreeDays } from './degree-days.js'
import { dayFromNumber, dayNumber } from '../../../platform/time/site-time.js'
import { normalIndex, seasonAnchors, type Hemisphere, type LocalDate } from './season-calendar.js'

/**
 * Olive stages in the BBCH scale of Sanz-Cortés et al. (2002, Ann Appl Biol 140:151–157):
 * budburst 51 (inflorescence buds swell), floweringStart 61 (10 % of flowers open), fullFlowering 65
 * (≥ 50 % open), floweringEnd 69, fruitSet 71 (fruit ~10 % of final size), pitHardening 75 (stone
 * hardens, fruit ~50 % of final size), veraison 81 (colour change starts), harvestMaturity 85–87
 * (ripening index ≈ 3.5, where mill oil yield levels off).
 */
export const OLIVE_STAGES = [
  'budburst',
  'floweringStart',
  'fullFlowering',
  'floweringEnd',
  'fruitSet',
  'pitHardening',
  'veraison',
  'harvestMaturity',
] as const
export type OliveStage = (typeof OLIVE_STAGES)[number]
export type OliveStageOrDormant = OliveStage | 'dormant'

/** Stages reached on the season clock; the rest run on the fruit clock. */
const SEASON_CLOCK_STAGES: ReadonlySet<OliveStage> = new Set(['budburst', 'floweringStart', 'fullFlowering', 'floweringEnd'])

/**
 * Two thermal clocks:
 * - Season clock: degree-days above 10 °C from 1 January (north), averaging method. Thresholds for
 *   olive flowering from that date are published with bases of 5–12.5 °C across Andalusian sites
 *   (Galán et al. 2005, Int J Biometeorol 49:184, Jaén among them) and 9.0–9.7 °C in Portugal
 *   (Ribeiro et al. 2006); 10 °C is a round value in that range. The degree-day values were set so
 *   that Jaén's normals give budburst in mid-March, flowering from early May, full bloom in mid-May and
 *   the end of bloom by early June, the pollen season Aguilera & Ruiz-Valenzuela (2009, Aerobiologia
 *   25:217) observed there (May–June).
 * - Fruit clock: degree-days above 5 °C from full flowering. With a 10 °C base the clock nearly stops
 *   in November while olives are still ripening, so a ripening date could never be reached in a
 *   cool autumn; 5 °C is our assumption, not a published base. Values put fruit set ~3 weeks and pit
 *   hardening ~7–8 weeks after full bloom and Picual's veraison in mid-October and maturity in late
 *   November under Jaén's normals (fruit development as described by Rapoport in Barranco,
 *   Fernández-Escobar & Rallo (eds.), "El cultivo del olivo", 7th ed. 2017).
 * These are calibrations to typical dates, to be refined with each grove's observed stages.
 */
export const PHENOLOGY_DEFAULTS = {
  seasonBaseC: 10,
  fruitBaseC: 5,
  thresholds: {
    budburst: 60,
    floweringStart: 400,
    fullFlowering: 515,
    floweringEnd: 670,
    fruitSet: 400,
    pitHardening: 1080,
    veraison: 2850,
    harvestMaturity: 3250,
  } satisfies Record<OliveStage, number>,
  /** A day with fewer hours of readings than this takes its degree-days from the normals instead. */
  minCoveredHours: 18,
} as const

/** The site's climate normals, from 30 years of a nearby station or a reanalysis. */
export interface ClimateNormals {
  /** Normal daily mean temperature, (min + max)/2, for each day of a 365-day year (index 0 = 1 January). */
  meanC: readonly number[]
  /** Day-to-day standard deviation of the daily mean about its normal. Typical: 2–3 °C. */
  sdC: number
}

export interface PhenologyOptions {
  /** The year the trees flower (see season-calendar.ts). */
  season: number
  hemisphere?: Hemisphere
  normals: ClimateNormals
  /** Degree-day thresholds, usually the variety's (varieties.ts); default Picual-like. */
  thresholds?: Partial<Record<OliveStage, number>>
  seasonBaseC?: number
  fruitBaseC?: number
  /**
   * Chilling hours (CHILL_HOURS) the buds need before the season clock starts, as in De Melo-Abreu
   * et al.'s (2004) Model 2; unset, the clock starts on 1 January (their Model 3 starts on
   * 1 February; Ribeiro et al. 2006 found 1 January the best start in Portugal).
   */
  chillRequirementHours?: number
  minCoveredHours?: number
}

export interface StageDate {
  stage: OliveStage
  date: LocalDate
  /** Not reached yet: the date comes from the site's normals after `asOf`. */
  projected: boolean
}

export interface PhenologyEstimate {
  season: number
  asOf: LocalDate
  stage: OliveStageOrDormant
  /** Chilling hours from `chillFrom` to the end of winter or `asOf`, whichever is first. */
  chillHours: number
  chillFrom: LocalDate
  /** When the chilling requirement was met (only with `chillRequirementHours`). */
  chillMetOn?: LocalDate
  /** First day of the season clock. */
  heatFrom: LocalDate
  /** Season-clock degree-days up to `asOf`. */
  seasonDegreeDays: number
  /** Fruit-clock degree-days up to `asOf` (0 before full flowering). */
  fruitDegreeDays: number
  /** Every stage, reached or projected; a stage the season cannot reach is left out. */
  stages: StageDate[]
  /** Days up to `asOf` without enough readings, whose degree-days came from the normals. */
  filledDays: number
  /** Fruit-clock degree-days, cumulative, one a day from `fruitClock.from` (observed then projected). */
  fruitClock: { from: LocalDate; cumulative: number[] } | undefined
  thresholds: Record<OliveStage, number>
}

/**
 * Where the season stands on `asOf` and when the coming stages should fall. Observed days drive the
 * clocks up to `asOf`; afterwards each day adds the degree-days its normal temperature is expected to
 * give (Thom's formula), so projections move as the season runs warm or cold.
 */
export function estimatePhenology(days: readonly DailyTemperature[], asOf: LocalDate, options: PhenologyOptions): PhenologyEstimate {
  const o = { ...PHENOLOGY_DEFAULTS, ...options }
  const thresholds = { ...PHENOLOGY_DEFAULTS.thresholds, ...options.thresholds }
  checkNormals(o.normals)
  const anchors = seasonAnchors(o.season, o.hemisphere)
  const asOfDay = dayNumber(asOf)
  const observed = new Map(days.map((d) => [dayNumber(d.date), d]))

  let chillHours = 0
  let chillMetDay: number | undefined
  for (let day = anchors.chillFrom; day <= Math.min(asOfDay, anchors.chillUntil); day++) {
    // A day with gaps still chilled the hours it recorded.
    chillHours += observed.get(day)?.chillHours ?? 0
    if (chillMetDay === undefined && o.chillRequirementHours !== undefined && chillHours >= o.chillRequirementHours) chillMetDay = day
  }
  // Unmet by `asOf`, the requirement is taken as met when winter ends (asOf is then before it); a
  // winter that ends unmet releases the buds anyway, late and, in the field, with poor flowering.
  const heatFromDay = o.chillRequirementHours === undefined ? anchors.heatFrom : Math.max(anchors.heatFrom, (chillMetDay ?? anchors.chillUntil) + 1)

  const dailyDegreeDays = (day: number, baseC: number): { value: number; filled: boolean } => {
    const seen = day <= asOfDay ? observed.get(day) : undefined
    if (seen && seen.coveredHours >= o.minCoveredHours) return { value: degreeDays(seen.minC, seen.maxC, baseC), filled: false }
    const normal = o.normals.meanC[normalIndex(day)]!
    return { value: expectedDegreeDays(normal, o.normals.sdC, baseC), filled: day <= asOfDay }
  }

  const stages: StageDate[] = []
  const reach = (stage: OliveStage, day: number) => stages.push({ stage, date: dayFromNumber(day), projected: day > asOfDay })
  let seasonDD = 0
  let seasonDDAsOf = 0
  let fruitDDAsOf = 0
  let filledDays = 0
  let fruitClock: { fromDay: number; cumulative: number[] } | undefined
  const seasonStages = OLIVE_STAGES.filter((s) => SEASON_CLOCK_STAGES.has(s))
  const fruitStages = OLIVE_STAGES.filter((s) => !SEASON_CLOCK_STAGES.has(s))

  for (let day = heatFromDay; day <= anchors.until; day++) {
    const season = dailyDegreeDays(day, o.seasonBaseC)
    if (season.filled) filledDays++
    seasonDD += season.value
    if (day <= asOfDay) seasonDDAsOf = seasonDD
    if (fruitClock) {
      // Past the last stage the fruit clock keeps running: the harvest window reads ripening beyond maturity.
      const fruitDD = (fruitClock.cumulative.at(-1) ?? 0) + dailyDegreeDays(day, o.fruitBaseC).value
      fruitClock.cumulative.push(fruitDD)
      if (day <= asOfDay) fruitDDAsOf = fruitDD
      while (fruitStages[0] !== undefined && fruitDD >= thresholds[fruitStages[0]]) reach(fruitStages.shift()!, day)
    }
    while (seasonStages[0] !== undefined && seasonDD >= thresholds[seasonStages[0]]) {
      const stage = seasonStages.shift()!
      reach(stage, day)
      if (stage === 'fullFlowering') fruitClock = { fromDay: day + 1, cumulative: [] }
    }
  }

  // The two clocks can cross a threshold on the same day: list stages by date, then in BBCH order.
  stages.sort((a, b) => a.date.localeCompare(b.date) || OLIVE_STAGES.indexOf(a.stage) - OLIVE_STAGES.indexOf(b.stage))
  const reached = stages.filter((s) => !s.projected)
  return {
    season: o.season,
    asOf,
    stage: reached.at(-1)?.stage ?? 'dormant',
    chillHours,
    chillFrom: dayFromNumber(anchors.chillFrom),
    ...(chillMetDay !== undefined ? { chillMetOn: dayFromNumber(chillMetDay) } : {}),
    heatFrom: dayFromNumber(heatFromDay),
    seasonDegreeDays: seasonDDAsOf,
    fruitDegreeDays: fruitDDAsOf,
    stages,
    filledDays,
    fruitClock: fruitClock && { from: dayFromNumber(fruitClock.fromDay), cumulative: fruitClock.cumulative },
    thresholds,
  }
}

/** The stage the trees were in on `date`, by the estimate's reached and projected dates. */
export function stageOn(estimate: Pick<PhenologyEstimate, 'stages'>, date: LocalDate): OliveStageOrDormant {
  let stage: OliveStageOrDormant = 'dormant'
  for (const s of estimate.stages) if (s.date <= date) stage = s.stage
  return stage
}

/** The date of `stage`, reached or projected; undefined when the season cannot reach it. */
export function stageDate(estimate: Pick<PhenologyEstimate, 'stages'>, stage: OliveStage): LocalDate | undefined {
  return estimate.stages.find((s) => s.stage === stage)?.date
}

function checkNormals(normals: ClimateNormals): void {
  if (normals.meanC.length !== 365 || normals.meanC.some((t) => !Number.isFinite(t))) {
    throw new RangeError(`olive yield: normals.meanC needs 365 finite daily values, got ${normals.meanC.length}`)
  }
  if (!(normals.sdC >= 0)) throw new RangeError('olive yield: normals.sdC must be ≥ 0')
}
