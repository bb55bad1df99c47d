import type { SeededRandom } from '../seeded-random.js'
import type { OliveRegion, OliveVarietyKey } from './olive-regions.js'
import { DAY_MS, groveAirC, groveSoilVwcPct, HOUR_MS, hourIndex, type GroveView, type StationRecord } from './station-record.js'

/**
 * The simulated world's olive: how its groves really develop and what really costs them fruit and
 * oil. It is built from the same literature as the estimator (processors/yield/olive) but is not the
 * estimator. Where they differ, on purpose:
 * - Development runs on the true daily mean (24 hourly values, not (min + max)/2) with a 30 °C cap,
 *   from each grove's own base temperatures (10 ± 0.4 and 5 ± 0.3 °C) and its own thermal needs
 *   (± 5 %), and the heat ripening needs differs by region (olive-regions.ts); no chilling requirement.
 * - Growers pick at a ripening index of their own each season, or at the region's deadline.
 * - Damage follows the weather itself (how cold the frost, how hot the afternoon, how dry the soil,
 *   how long the leaves stayed wet, how many flies a grove's control lets through), not the alerts;
 *   the stone-hardening weeks are tolerant of drought and the oil-filling ones are not.
 * - Oil fills with a concave curve, not a smoothstep; each grove has its own oil yield within its
 *   variety's range.
 * Stages are on local solar days; the estimator uses civil days of the site's time zone.
 */

export const TRUE_STAGES = ['budburst', 'floweringStart', 'fullFlowering', 'floweringEnd', 'fruitSet', 'pitHardening', 'veraison', 'harvestMaturity'] as const
export type TrueStage = (typeof TRUE_STAGES)[number]
const SEASON_STAGES: readonly TrueStage[] = ['budburst', 'floweringStart', 'fullFlowering', 'floweringEnd']
const FRUIT_STAGES: readonly TrueStage[] = ['fruitSet', 'pitHardening', 'veraison', 'harvestMaturity']

/** Typical thermal needs and oil of each variety in this world. */
export interface WorldVariety {
  seasonDegreeDays: Record<'budburst' | 'floweringStart' | 'fullFlowering' | 'floweringEnd', number>
  fruitDegreeDays: Record<'fruitSet' | 'pitHardening' | 'veraison' | 'harvestMaturity', number>
  /** Mill oil yield range, % fresh weight, of ordinary groves (an 80 % range across groves). */
  oilPct: [number, number]
  /** Ripening index growers pick at: each season a value drawn within this range. */
  harvestRipeningIndex: [number, number]
  /** Relative peacock-spot susceptibility (Picual is among the most susceptible cultivars). */
  peacockSusceptibility: number
}

const FLOWERING = { budburst: 60, floweringStart: 400, fullFlowering: 515, floweringEnd: 670 }
export const WORLD_VARIETIES: Record<OliveVarietyKey, WorldVariety> = {
  picual: {
    seasonDegreeDays: FLOWERING,
    fruitDegreeDays: { fruitSet: 400, pitHardening: 1080, veraison: 2850, harvestMaturity: 3250 },
    oilPct: [18, 24],
    harvestRipeningIndex: [2.5, 4.5],
    peacockSusceptibility: 1,
  },
  arbequina: {
    seasonDegreeDays: FLOWERING,
    fruitDegreeDays: { fruitSet: 400, pitHardening: 1080, veraison: 2750, harvestMaturity: 3150 },
    oilPct: [16, 20],
    harvestRipeningIndex: [2, 4],
    peacockSusceptibility: 0.6,
  },
  hojiblanca: {
    seasonDegreeDays: FLOWERING,
    fruitDegreeDays: { fruitSet: 400, pitHardening: 1080, veraison: 3050, harvestMaturity: 3400 },
    oilPct: [15, 19],
    harvestRipeningIndex: [2.5, 4.5],
    peacockSusceptibility: 0.8,
  },
  koroneiki: {
    seasonDegreeDays: FLOWERING,
    fruitDegreeDays: { fruitSet: 400, pitHardening: 1080, veraison: 2750, harvestMaturity: 3150 },
    oilPct: [20, 26],
    harvestRipeningIndex: [2, 4],
    peacockSusceptibility: 0.7,
  },
}

/** What makes one grove unlike its neighbours, fixed for all its seasons. */
export interface GroveTraits {
  seasonBaseC: number
  fruitBaseC: number
  seasonClockScale: number
  fruitClockScale: number
  droughtSensitivity: number
  /** Variety susceptibility × how well the grove is sprayed. */
  peacockSusceptibility: number
  /** Daily infestation hazard on a day the fly thrives. */
  flyPressure: number
  /** The grove's own mill oil yield once oil is complete, %. */
  oilPct: number
}

export function drawGroveTraits(variety: WorldVariety, random: SeededRandom): GroveTraits {
  const [lo, hi] = variety.oilPct
  return {
    seasonBaseC: random.normal(10, 0.4),
    fruitBaseC: random.normal(5, 0.3),
    seasonClockScale: random.normal(1, 0.05),
    fruitClockScale: random.normal(1, 0.05),
    droughtSensitivity: 0.6 + 0.8 * random.uniform(),
    peacockSusceptibility: variety.peacockSusceptibility * (0.3 + 0.7 * random.uniform()),
    flyPressure: 0.003 * Math.exp(random.normal(0, 0.8)),
    oilPct: Math.sqrt(lo * hi) * Math.exp(random.normal(0, Math.log(hi / lo) / (2 * 1.2816))),
  }
}

export type LossCause = 'frost' | 'heat' | 'drought' | 'peacockSpot' | 'fruitFly'

export interface TrueSeason {
  season: number
  /** Local solar dates the stages were reached; missing if the season never got there. */
  stageDates: Partial<Record<TrueStage, string>>
  /** ln of the share of fruit kg each cause left (0 = none lost). */
  fruitLogLoss: Record<LossCause, number>
  /** ln of the share of the fruit's oil yield each cause left. */
  oilLogLoss: Record<LossCause, number>
  harvestDate: string
  ripeningIndexAtHarvest: number
  /** Mill oil yield of the harvested fruit, % fresh weight. */
  oilPct: number
}

type Phase = 'winter' | 'buds' | 'bloom' | 'set' | 'pitEarly' | 'pitLate' | 'ripening'

const clamp01 = (x: number) => Math.min(1, Math.max(0, x))
/** Refill point and wilting point of the station's loam (FAO-56 p = 0.65 on 30 / 12 % VWC). */
const REFILL_VWC = 18.3
const WILTING_VWC = 12

/** Frost: share of fruit lost on a night reaching `minC`, by phase. */
function frostLoss(phase: Phase, minC: number): number {
  const kill = clamp01(-minC / 4)
  switch (phase) {
    case 'winter':
      return 0.6 * clamp01((-7 - minC) / 8)
    case 'buds':
      return 0.3 * kill
    case 'bloom':
      return 0.6 * kill
    case 'set':
      return 0.5 * kill
    case 'pitEarly':
    case 'pitLate':
      return 0.3 * clamp01((-2.5 - minC) / 10)
    case 'ripening':
      return 0.4 * clamp01((-2 - minC) / 8)
  }
}

/** Heat: share of fruit lost on a day peaking at `maxC`, by phase (pollen fails in bloom). */
function heatLoss(phase: Phase, maxC: number): number {
  const bloom = 0.45 * clamp01((maxC - 36) / 14)
  switch (phase) {
    case 'bloom':
      return bloom
    case 'set':
      return bloom / 2
    case 'buds':
      return bloom / 5
    case 'winter':
      return 0
    case 'pitEarly':
    case 'pitLate':
    case 'ripening':
      return 0.05 * clamp01((maxC - 40) / 4)
  }
}

/**
 * Drought: share of fruit and of oil yield lost per day of full water stress (root zone at the
 * wilting point), by phase. Oil per kg barely falls: drier fruit hold less water.
 */
const DROUGHT_PER_DAY: Record<Phase, { fruit: number; oil: number }> = {
  winter: { fruit: 0, oil: 0 },
  buds: { fruit: 0.001, oil: 0 },
  bloom: { fruit: 0.006, oil: 0 },
  set: { fruit: 0.004, oil: 0 },
  pitEarly: { fruit: 0.0005, oil: 0 },
  pitLate: { fruit: 0.002, oil: 0.001 },
  ripening: { fruit: 0.001, oil: 0.0005 },
}

/** Hours of continuous wetness Venturia oleaginea needs at a mean temperature (Viruega et al. 2011). */
function wetHoursToInfect(meanC: number): number | undefined {
  if (meanC < 5 || meanC > 25) return undefined
  return meanC < 10 ? 24 : meanC <= 20 ? 12 : 18
}

/** How well a day suits the fly: laying peaks for maxima of 18–30 °C, none below 14 or above 34. */
function flySuitability(maxC: number): number {
  if (maxC <= 14 || maxC >= 34) return 0
  if (maxC < 18) return (maxC - 14) / 4
  return maxC <= 30 ? 1 : (34 - maxC) / 4
}

function oilFilled(p: number): number {
  return p <= 0 ? 0 : Math.min(1, (1 - Math.exp(-3 * p)) / (1 - Math.exp(-3)))
}

export interface TrueSeasonInput {
  record: StationRecord
  view: GroveView
  traits: GroveTraits
  variety: WorldVariety
  region: Pick<OliveRegion, 'latitude' | 'ripeningScale' | 'harvestDeadline'>
  season: number
  random: SeededRandom
}

/** One grove's season as it really went: stages, losses by cause, harvest day and oil yield. */
export function trueSeason({ record, view, traits, variety, region, season, random }: TrueSeasonInput): TrueSeason {
  const south = region.latitude < 0
  const solarOffsetMs = (record.longitude / 15) * HOUR_MS
  const dayStart = (utcMidnightMs: number) => utcMidnightMs - solarOffsetMs
  const heatFrom = Date.UTC(season, south ? 6 : 0, 1)
  const winterFrom = Date.UTC(south ? season : season - 1, south ? 4 : 10, 1)
  const deadline = Date.UTC(season + 1, region.harvestDeadline[0] - 1, region.harvestDeadline[1])
  const fruitLog = { frost: 0, heat: 0, drought: 0, peacockSpot: 0, fruitFly: 0 }
  const oilLog = { frost: 0, heat: 0, drought: 0, peacockSpot: 0, fruitFly: 0 }
  const stageDates: TrueSeason['stageDates'] = {}
  const thresholds = {
    season: SEASON_STAGES.map((s) => variety.seasonDegreeDays[s as keyof WorldVariety['seasonDegreeDays']] * traits.seasonClockScale),
    fruit: FRUIT_STAGES.map(
      (s) => variety.fruitDegreeDays[s as keyof WorldVariety['fruitDegreeDays']] * traits.fruitClockScale * (s === 'veraison' || s === 'harvestMaturity' ? region.ripeningScale : 1),
    ),
  }
  const [, pitDD, veraisonDD, maturityDD] = thresholds.fruit as [number, number, number, number]
  const ripeningIndex = (fruitDD: number) => Math.min(7, Math.max(0, 1.5 + (2 * (fruitDD - veraisonDD)) / (maturityDD - veraisonDD)))
  const targetRi = variety.harvestRipeningIndex[0] + random.uniform() * (variety.harvestRipeningIndex[1] - variety.harvestRipeningIndex[0])

  let seasonDD = 0
  let fruitDD: number | undefined
  let harvest: { date: string; ri: number; fruitDD: number } | undefined
  let infested = 0
  let wetRun: { hours: number; sumC: number } = { hours: 0, sumC: 0 }
  const reached = () => Object.keys(stageDates).length

  for (let midnight = winterFrom; midnight <= deadline && !harvest; midnight += DAY_MS) {
    const first = hourIndex(record, dayStart(midnight))
    if (first < 0 || first + 24 > record.hours) continue
    const date = new Date(midnight).toISOString().slice(0, 10)
    let sum = 0
    let minC = Infinity
    let maxC = -Infinity
    let vwc = 0
    for (let i = first; i < first + 24; i++) {
      const airC = groveAirC(record, view, i)
      sum += airC
      minC = Math.min(minC, airC)
      maxC = Math.max(maxC, airC)
      vwc += (groveSoilVwcPct(record, view, 1, i) + groveSoilVwcPct(record, view, 2, i)) / 48
    }
    const meanC = sum / 24

    // The phase on this day is set by what was reached before it.
    const phase: Phase =
      stageDates.floweringEnd === undefined || fruitDD === undefined
        ? (['winter', 'buds', 'bloom', 'bloom'] as const)[Math.min(3, reached())]!
        : fruitDD < pitDD
          ? 'set'
          : fruitDD < (pitDD + veraisonDD) / 2
            ? 'pitEarly'
            : fruitDD < veraisonDD
              ? 'pitLate'
              : 'ripening'

    const lose = (cause: LossCause, fruit: number, oil = 0) => {
      fruitLog[cause] += Math.log(1 - fruit)
      oilLog[cause] += Math.log(1 - oil)
    }
    if (minC < 0) lose('frost', frostLoss(phase, minC))
    if (maxC >= 36) lose('heat', heatLoss(phase, maxC))
    const stress = view.irrigated ? 0 : clamp01((REFILL_VWC - vwc) / (REFILL_VWC - WILTING_VWC)) * traits.droughtSensitivity
    lose('drought', DROUGHT_PER_DAY[phase].fruit * stress, DROUGHT_PER_DAY[phase].oil * stress)
    for (let i = first; i < first + 24; i++) {
      if (record.leafWetnessPct[i]! >= 50) {
        wetRun = { hours: wetRun.hours + 1, sumC: wetRun.sumC + groveAirC(record, view, i) }
        continue
      }
      const needed = wetRun.hours > 0 ? wetHoursToInfect(wetRun.sumC / wetRun.hours) : undefined
      if (needed !== undefined && wetRun.hours >= needed) {
        const defoliation = traits.peacockSusceptibility * (0.005 + 0.035 * random.uniform())
        const share = phase === 'winter' || phase === 'buds' || phase === 'bloom' ? 0.5 : phase === 'set' ? 0.2 : 0
        lose('peacockSpot', share * defoliation)
      }
      wetRun = { hours: 0, sumC: 0 }
    }
    if (fruitDD !== undefined && fruitDD >= thresholds.fruit[0]!) {
      const before = infested
      infested = 1 - (1 - infested) * Math.exp(-traits.flyPressure * flySuitability(maxC))
      // Infested fruit drop or lose pulp; what stays yields less oil.
      lose('fruitFly', 0.35 * (infested - before), 0.25 * (infested - before))
    }

    // Development after the day's weather.
    if (midnight >= heatFrom) {
      seasonDD += Math.min(30, Math.max(meanC, traits.seasonBaseC)) - traits.seasonBaseC
      for (const [k, stage] of SEASON_STAGES.entries()) {
        if (stageDates[stage] === undefined && seasonDD >= thresholds.season[k]!) {
          stageDates[stage] = date
          if (stage === 'fullFlowering') fruitDD = 0
        }
      }
      if (fruitDD !== undefined && stageDates.fullFlowering !== date) {
        fruitDD += Math.min(30, Math.max(meanC, traits.fruitBaseC)) - traits.fruitBaseC
        for (const [k, stage] of FRUIT_STAGES.entries()) if (stageDates[stage] === undefined && fruitDD >= thresholds.fruit[k]!) stageDates[stage] = date
        if (ripeningIndex(fruitDD) >= targetRi || midnight === deadline) harvest = { date, ri: ripeningIndex(fruitDD), fruitDD }
      }
    }
  }

  const last = harvest ?? { date: new Date(deadline).toISOString().slice(0, 10), ri: ripeningIndex(fruitDD ?? 0), fruitDD: fruitDD ?? 0 }
  const filled = oilFilled((last.fruitDD - pitDD) / (maturityDD - pitDD))
  const oilLossTotal = Object.values(oilLog).reduce((a, b) => a + b, 0)
  return {
    season,
    stageDates,
    fruitLogLoss: fruitLog,
    oilLogLoss: oilLog,
    harvestDate: last.date,
    ripeningIndexAtHarvest: last.ri,
    oilPct: traits.oilPct * Math.exp(random.normal(0, 0.04)) * filled * Math.exp(oilLossTotal),
  }
}
