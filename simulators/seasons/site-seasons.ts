import type { Intervention } from '../../processors/yield/honey/interventions.js'
import { clamp } from '../numbers.js'
import { createSeededRandom } from '../seeded-random.js'
import { planHive } from './beekeeper-plan.js'
import { recordInterventions, simulateColonySeason, type HiveSeasonTruth } from './colony-season.js'
import { SEASON_REGIONS, type SeasonRegion, type SeasonRegionId } from './season-regions.js'
import { applySensorFaults, DEFAULT_FAULT_RATES, type FaultRates, type FaultTruth, type ScaleRow } from './sensor-faults.js'
import { drawYear, simulateSiteForage } from './site-forage.js'

/**
 * A site's honey season with known truth: N hives on scales under one weather, their weight series
 * (with the beekeeper's visits, a swarm now and then, sensor faults), what the beekeeper recorded,
 * and each hive's true daily production. Previous seasons at the same site give the history a
 * forecaster may lean on. Everything follows from `seed`: same seed, same seasons.
 */
export interface SiteSeasonOptions {
  seed: number
  region: SeasonRegionId
  /** The year the season starts in (a southern season runs into the next year). */
  seasonYear: number
  hives: number
  /** Minutes between weight samples, a multiple of 5 (default 15). */
  sampleEveryMin?: number
  faults?: Partial<FaultRates>
  /** Earlier seasons simulated for their totals (default 2). */
  historySeasons?: number
}

export interface SimulatedHive {
  hiveId: string
  samples: ScaleRow[]
  recorded: Intervention[]
  truth: HiveSeasonTruth
  faults: FaultTruth
}

export interface SimulatedSiteSeason {
  region: SeasonRegion
  seasonYear: number
  /** The season's site-local days; `truth.dailyKg` follows them. */
  days: string[]
  hives: SimulatedHive[]
  /** Mean true season total per hive in each earlier season, oldest first. */
  historyTotalsKg: number[]
}

const STEP_MIN = 5

export function simulateSiteSeason(o: SiteSeasonOptions): SimulatedSiteSeason {
  const region = SEASON_REGIONS[o.region]
  const sampleEveryMin = o.sampleEveryMin ?? 15
  if (!Number.isInteger(sampleEveryMin / STEP_MIN) || sampleEveryMin <= 0) {
    throw new RangeError(`sampleEveryMin must be a positive multiple of ${STEP_MIN}, got ${sampleEveryMin}`)
  }
  const site = createSeededRandom(o.seed, 1)
  // Lasting traits of the place: how rich its forage is, how strong its beekeeper keeps colonies.
  const richness = Math.exp(site.normal(0, 0.25))
  const husbandry = Math.exp(site.normal(0, 0.15))
  const rates = { ...DEFAULT_FAULT_RATES, ...o.faults }

  const season = (year: number, withSeries: boolean) => {
    const stream = (k: number) => createSeededRandom(o.seed, year * 16 + k)
    const forage = simulateSiteForage({
      region,
      seasonYear: year,
      richness,
      year: drawYear(region, stream(1)),
      weatherRandom: stream(2),
      nectarRandom: stream(3),
      stepMs: STEP_MIN * 60_000,
    })
    const hives = Array.from({ length: o.hives }, (_, h) => {
      const hiveRandom = (k: number) => createSeededRandom(o.seed, (year * 256 + h) * 16 + 8 + k)
      const strength = clamp(husbandry * Math.exp(hiveRandom(0).normal(-0.045, 0.3)), 0.35, 1.8)
      const plan = planHive(forage, region.beekeeping, hiveRandom(1), strength)
      const colony = simulateColonySeason({
        forage,
        region,
        plan,
        strength,
        random: hiveRandom(2),
        sampleEverySteps: withSeries ? sampleEveryMin / STEP_MIN : 0,
      })
      const { rows, faults } = applySensorFaults(colony.series, hiveRandom(3), rates)
      return { hiveId: `hive-${h + 1}`, samples: rows, recorded: recordInterventions(colony.truth.manipulations, hiveRandom(4)), truth: colony.truth, faults }
    })
    return { days: forage.days, hives }
  }

  const historyTotalsKg: number[] = []
  for (let back = o.historySeasons ?? 2; back > 0; back--) {
    const { hives } = season(o.seasonYear - back, false)
    historyTotalsKg.push(hives.reduce((sum, h) => sum + h.truth.seasonTotalKg, 0) / Math.max(1, hives.length))
  }
  const current = season(o.seasonYear, true)
  return { region, seasonYear: o.seasonYear, days: current.days, hives: current.hives, historyTotalsKg }
}
