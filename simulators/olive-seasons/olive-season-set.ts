import { createSeededRandom } from '../seeded-random.js'
import { OLIVE_REGIONS, regionHemisphere, type OliveRegion, type OliveVarietyKey } from './olive-regions.js'
import { recordStation, type GroveView, type StationRecord } from './station-record.js'
import { drawGroveTraits, trueSeason, WORLD_VARIETIES, type GroveTraits, type TrueSeason } from './true-crop.js'
import { injectSeasonEvents, type InjectedEvent } from './weather-events.js'

export interface OliveSeasonSetOptions {
  seed: number
  /** Default 40. */
  groves?: number
  /** The season (flowering year) to estimate. Default 2025. */
  season?: number
  /** Seasons simulated before it: harvest records and, for the latest, station data. Default 8. */
  pastSeasons?: number
  /** Regional stations (weather shared by their groves). Default 8. */
  stations?: number
}

/** One regional station: its readings from the first past season's winter to the end of this season. */
export interface SimulatedStation {
  region: OliveRegion
  record: StationRecord
  /** Events written into its weather, by season. */
  injected: Map<number, InjectedEvent[]>
}

export interface TrueOutcome extends TrueSeason {
  kgPerTree: number
}

export interface SimulatedOliveGrove {
  id: string
  station: SimulatedStation
  hemisphere: 'north' | 'south'
  variety: OliveVarietyKey
  trees: number
  view: GroveView
  traits: GroveTraits
  /** The bearing rhythm: ln(kg) returns toward the grove's level with this lag-1 factor (< 0 alternates). */
  bearingLag: number
  /** The grove's typical kg/tree (median over seasons of ordinary damage). */
  potentialKgPerTree: number
  /** Recorded harvests before `season`: the latest 4–8 seasons, with their picking day (local solar date) and mill oil yield. */
  harvests: { season: number; kgPerTree: number; harvestedOn: string; oilPct: number }[]
  /** Every simulated season, past and current, as it really went. */
  outcomes: TrueOutcome[]
  /** This season's. */
  truth: TrueOutcome
}

export interface OliveSeasonSet {
  seed: number
  season: number
  pastSeasons: number
  groves: SimulatedOliveGrove[]
}

/** Station i uses region archetype i mod 5; more stations repeat the areas with other weather. */
function regionOf(i: number): OliveRegion {
  return OLIVE_REGIONS[i % OLIVE_REGIONS.length]!
}

/**
 * Olive groves with known truth. Each station's weather runs continuously over all seasons, with a
 * few frosts and heat waves written into some of them. Each grove draws traits and a bearing rhythm;
 * its seasons' true losses come from the weather (true-crop.ts), and its kg/tree from an alternating
 * log-AR(1) around its potential, so a heavy loss one year sets up a heavy crop the next:
 *   ln y_t = ln P + φ (ln y_{t−1} − ln P) + ε_t + (D_t − mean D),  φ ∈ [−0.85, −0.2], ε ~ N(0, σ_g²)
 * with D_t the season's summed log-losses and mean D over all the grove's simulated seasons. The
 * estimator's ABI rule is related to this process but is not it.
 */
export function generateOliveSeasonSet(options: OliveSeasonSetOptions): OliveSeasonSet {
  const season = options.season ?? 2025
  const pastSeasons = options.pastSeasons ?? 8
  const groveCount = options.groves ?? 40
  const stationCount = options.stations ?? 8
  const firstSeason = season - pastSeasons

  const stations: SimulatedStation[] = []
  for (let s = 0; s < Math.min(stationCount, groveCount); s++) {
    const region = regionOf(s)
    const south = regionHemisphere(region) === 'south'
    // From the chilling start of the first season to past the current one's harvest deadline.
    const fromMs = Date.UTC(south ? firstSeason : firstSeason - 1, south ? 4 : 10, 1)
    const toMs = Date.UTC(season + 1, south ? 8 : 2, 1)
    const record = recordStation(region, options.seed * 1009 + s, fromMs, toMs)
    const events = createSeededRandom(options.seed, 100 + s)
    const injected = new Map<number, InjectedEvent[]>()
    for (let y = firstSeason; y <= season; y++) injected.set(y, injectSeasonEvents(record, region, y, events))
    stations.push({ region, record, injected })
  }

  const groves: SimulatedOliveGrove[] = []
  for (let g = 0; g < groveCount; g++) {
    const random = createSeededRandom(options.seed, 1000 + g)
    const station = stations[g % stations.length]!
    const region = station.region
    const hemisphere = regionHemisphere(region)
    const variety = region.varieties[random.int(0, region.varieties.length - 1)]!
    const irrigated = random.chance(region.irrigatedShare)
    const view: GroveView = { airOffsetC: random.normal(0, 0.4), irrigated }
    const traits = drawGroveTraits(WORLD_VARIETIES[variety], random)
    const potential = irrigated ? 25 + 20 * random.uniform() : 12 + 16 * random.uniform()
    const bearingLag = -0.85 + 0.65 * random.uniform()
    const noiseSd = 0.08 + 0.12 * random.uniform()

    const seasons: TrueSeason[] = []
    for (let y = firstSeason; y <= season; y++) {
      seasons.push(trueSeason({ record: station.record, view, traits, variety: WORLD_VARIETIES[variety], region, season: y, random }))
    }
    const damage = seasons.map((s) => Object.values(s.fruitLogLoss).reduce((a, b) => a + b, 0))
    const meanDamage = damage.reduce((a, b) => a + b, 0) / damage.length
    let logKg = Math.log(potential) + random.normal(0, noiseSd / Math.sqrt(1 - bearingLag ** 2))
    const outcomes = seasons.map((s, k) => {
      logKg = Math.log(potential) + bearingLag * (logKg - Math.log(potential)) + random.normal(0, noiseSd) + damage[k]! - meanDamage
      return { ...s, kgPerTree: Math.exp(logKg) }
    })
    const recorded = random.int(Math.min(4, pastSeasons), pastSeasons)
    groves.push({
      id: `grove-${String(g + 1).padStart(2, '0')}`,
      station,
      hemisphere,
      variety,
      trees: random.int(80, 2000),
      view,
      traits,
      bearingLag,
      potentialKgPerTree: potential,
      harvests: outcomes
        .slice(pastSeasons - recorded, pastSeasons)
        .map((o) => ({ season: o.season, kgPerTree: Math.round(o.kgPerTree * 10) / 10, harvestedOn: o.harvestDate, oilPct: Math.round(o.oilPct * 10) / 10 })),
      outcomes,
      truth: outcomes[pastSeasons]!,
    })
  }
  return { seed: options.seed, season, pastSeasons, groves }
}
