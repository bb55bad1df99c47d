import type { DeviceKind } from '../../firmware-contracts/index.js'
import { CLIMATES, type Climate } from '../weather.js'
import type { ColonyEventKind, GroveConditionKind } from './labelled-event.js'

/**
 * Where and when each group of scenario devices lives. An event kind only makes sense in its
 * season (swarms in spring and early summer, starvation in winter, frost at flowering), so a set
 * is several device groups, each starting on its own date.
 */
export interface ScenarioPlace {
  latitude: number
  longitude: number
  climate: Climate
  timeZone: string
}

const BRUSSELS: ScenarioPlace = { latitude: 50.85, longitude: 4.35, climate: CLIMATES.temperate, timeZone: 'Europe/Brussels' }
const ANTANANARIVO: ScenarioPlace = { latitude: -18.9, longitude: 47.5, climate: CLIMATES.tropicalHighland, timeZone: 'Indian/Antananarivo' }
const JAEN: ScenarioPlace = { latitude: 37.78, longitude: -3.79, climate: CLIMATES.mediterranean, timeZone: 'Europe/Madrid' }

/** Event kinds placed on one device (grove weather is placed per site; starvation comes with light hives). */
export type FeaturedKind = Exclude<ColonyEventKind, 'starvation'> | 'drought'
/** Grove weather, the same at every station of a site. */
export type SiteWeatherKind = Exclude<GroveConditionKind, 'drought'>

interface Range {
  lo: number
  hi: number
}

export interface HiveSetup {
  /** Hive bodies, frames, comb, bees and pollen: what the scale shows with no honey. */
  emptyKg: Range
  storesKg: Range
  peakFlowKgPerDay: Range
  /** Share of hives going into winter light, and their stores: they starve unless fed. */
  light?: { share: number; storesKg: Range }
}

export type ScenarioSeasonId =
  | 'hive-summer-brussels'
  | 'hive-winter-brussels'
  | 'hive-spring-antananarivo'
  | 'grove-spring-jaen'
  | 'grove-summer-jaen'
  | 'grove-autumn-jaen'

export interface ScenarioSeason {
  id: ScenarioSeasonId
  kind: DeviceKind
  place: ScenarioPlace
  /** Month (1–12) and day the group starts, in the set's year. */
  start: { month: number; day: number }
  /** Share of the set's devices of this kind. */
  share: number
  /** Dealt before sensor faults, so each shows up even in small sets. */
  featured: readonly FeaturedKind[]
  /** Weather episodes laid on every site of the group. */
  siteWeather: readonly SiteWeatherKind[]
  /** Beekeepers visit (inspections, supers, harvest): the swarm and theft false-alarm traps. */
  manipulations: boolean
  hive?: HiveSetup
}

export const SCENARIO_SEASONS: readonly ScenarioSeason[] = [
  {
    // Swarming season in Belgium runs May–June; the summer flow and the first harvest follow.
    // Swarms are dealt twice as often: the commonest colony event of the season, and the one a
    // detector most easily confuses with a beekeeper's visit.
    id: 'hive-summer-brussels',
    kind: 'hive',
    place: BRUSSELS,
    start: { month: 5, day: 10 },
    share: 0.6,
    featured: ['swarm', 'swarm', 'queenless', 'theft', 'tip_over'],
    siteWeather: [],
    manipulations: true,
    hive: { emptyKg: { lo: 30, hi: 45 }, storesKg: { lo: 8, hi: 20 }, peakFlowKgPerDay: { lo: 1, hi: 2.5 } },
  },
  {
    // Belgian beekeepers aim for 15–20 kg of stores going into winter; light hives risk starving.
    id: 'hive-winter-brussels',
    kind: 'hive',
    place: BRUSSELS,
    start: { month: 12, day: 1 },
    share: 0.25,
    featured: ['tip_over'],
    siteWeather: [],
    manipulations: false,
    hive: {
      emptyKg: { lo: 22, hi: 32 },
      storesKg: { lo: 14, hi: 22 },
      peakFlowKgPerDay: { lo: 1, hi: 2 },
      light: { share: 0.4, storesKg: { lo: 7, hi: 10 } },
    },
  },
  {
    // Highland Madagascar: swarming and the main flow in the austral spring (September–December).
    id: 'hive-spring-antananarivo',
    kind: 'hive',
    place: ANTANANARIVO,
    start: { month: 10, day: 1 },
    share: 0.15,
    featured: ['swarm', 'queenless', 'theft'],
    siteWeather: [],
    manipulations: true,
    hive: { emptyKg: { lo: 25, hi: 40 }, storesKg: { lo: 6, hi: 15 }, peakFlowKgPerDay: { lo: 1, hi: 2.5 } },
  },
  {
    // Late frosts in Jaén fall in March–April, as shoots grow and flower buds swell.
    id: 'grove-spring-jaen',
    kind: 'grove',
    place: JAEN,
    start: { month: 3, day: 10 },
    share: 1 / 3,
    featured: [],
    siteWeather: ['frost'],
    manipulations: false,
  },
  {
    id: 'grove-summer-jaen',
    kind: 'grove',
    place: JAEN,
    start: { month: 7, day: 1 },
    share: 1 / 3,
    featured: ['drought'],
    siteWeather: ['heat', 'fruit_fly'],
    manipulations: false,
  },
  {
    // Autumn rains and long dewy nights: the main peacock spot infection season in southern Spain.
    id: 'grove-autumn-jaen',
    kind: 'grove',
    place: JAEN,
    start: { month: 10, day: 15 },
    share: 1 / 3,
    featured: [],
    siteWeather: ['peacock_spot'],
    manipulations: false,
  },
]

/** Devices per site: enough neighbours for a median reference when one drifts. */
export const DEVICES_PER_SITE: Record<DeviceKind, number> = { hive: 4, grove: 3 }

/**
 * Splits `count` devices over shares by largest remainder, so the counts add up exactly and a
 * small set still gets its largest group first.
 */
export function splitByShare(count: number, shares: readonly number[]): number[] {
  const total = shares.reduce((a, b) => a + b, 0)
  const exact = shares.map((share) => (count * share) / total)
  const counts = exact.map(Math.floor)
  const byRemainder = exact.map((x, i) => ({ i, rest: x - Math.floor(x) })).sort((a, b) => b.rest - a.rest || a.i - b.i)
  const missing = count - counts.reduce((a, b) => a + b, 0)
  for (let k = 0; k < missing; k++) counts[byRemainder[k]!.i]!++
  return counts
}
