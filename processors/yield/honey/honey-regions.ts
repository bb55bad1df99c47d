import { addDays, dayNumber } from '../../../platform/time/site-time.js'

/**
 * What the forecaster assumes about a region before it has seen a season: when the season runs,
 * when the nectar flows come (a mixture of skewed bells), what a colony eats, what it produces in a
 * typical year and what it must keep for the lean season. All of it is configuration: a partner's
 * own calendar replaces these defaults. Whole-hive kg.
 *
 * The flows' dates follow the regional calendars cited below; their widths and weights describe
 * the gain a scale actually records (bloom × flying weather, which holds spring back in Brussels)
 * and were fitted to the mean daily production of simulated development seasons (seeds 1–24 of
 * simulators/seasons). Before real use, refit them to the partners' past scale seasons (or, for
 * Wallonia and Brussels, to CARI's scale network, cari.be "Réseau de balances").
 */
export interface FlowComponent {
  /** Month-day of the flow's peak ('06-25'); one before the season's start month-day falls in the next year. */
  peak: string
  /** Split-normal widths (sd, days) before and after the peak: flows build up and fade at their own pace. */
  riseDays: number
  fallDays: number
  /** Share of the season's flow; the components' weights are normalised. */
  weight: number
}

export interface HoneyRegion {
  id: string
  /** Season by month-day, end included; a season ending before it starts runs into the next year. */
  season: { start: string; end: string }
  flow: FlowComponent[]
  /** Colony upkeep (what the hive loses on a day without flow): prior mean and sd, kg/day. */
  upkeepKgPerDay: { mean: number; sd: number }
  /** A hive's season production when the site has no history: prior mean and coefficient of variation. */
  seasonTotalKg: { mean: number; cv: number }
  /** Stores the colony needs through the lean season: what is above it can be harvested. */
  winterReserveKg: number
  /** Stores in the hive when the season starts, when no one has said otherwise. */
  storesAtSeasonStartKg: number
  /** Daily net gain from which a day counts towards a nectar flow. */
  flowThresholdKgPerDay: number
}

export const HONEY_REGIONS = {
  /**
   * Brussels, Wallonia, Luxembourg. Spring flow (willow, fruit trees, rape, hawthorn) with a crop at
   * the end of May, summer flow (lime, bramble, clover) from late May to mid-July, last crop early to
   * mid-July (abijbee.be, "Mise en hivernage", "Miel d'été 2023"). Harvests average 26–28 kg a hive
   * (CARI survey of 52 Walloon and Brussels beekeepers, 2007; 26.3 kg over ten years; cari.be
   * "Réseau de balances"). Winter: Belgian beekeepers feed up to ~15 kg of sugar a colony on top of
   * what is left (les-avettes-du-mont-des-frenes.be, 2017-09), British advice is 20–30 kg for a two-box
   * hive (breconshirebeekeeping.co.uk, 2014): 18 kg. Ivy flowers from September, a key late
   * nectar source (Garbuzov & Ratnieks 2014, Insect Conservation and Diversity 7:91–102). Upkeep 0.1–0.3 kg a night between flows
   * (Meikle et al. 2018, PLoS ONE 13:e0197589, night-time weight change).
   */
  temperate: {
    id: 'temperate',
    season: { start: '04-01', end: '09-30' },
    flow: [
      { peak: '05-11', riseDays: 11, fallDays: 16, weight: 0.25 },
      { peak: '06-21', riseDays: 11, fallDays: 21, weight: 0.68 },
      { peak: '09-10', riseDays: 8, fallDays: 13, weight: 0.07 },
    ],
    upkeepKgPerDay: { mean: 0.17, sd: 0.08 },
    seasonTotalKg: { mean: 25, cv: 0.6 },
    winterReserveKg: 18,
    storesAtSeasonStartKg: 8,
    flowThresholdKgPerDay: 0.5,
  },
  /**
   * Antananarivo highlands (1 280 m): main flow October–January with the rains, eucalyptus and
   * niaouli among the main honeys (L'Express de Madagascar, 2025-09). Bees fly above ~12 °C, which
   * highland days reach through most of the cool dry season, so the dearth is short: six to eight
   * weeks at ~0.1 kg/day, and a margin because A. m. unicolor absconds when food runs short
   * (ruche-apiculture.com, "Abeilles malgaches"): 6 kg. The season total without history (12 kg) is
   * our assumption for improved hives, to be replaced by partners' records.
   */
  madagascarHighlands: {
    id: 'madagascarHighlands',
    season: { start: '09-01', end: '02-28' },
    flow: [
      { peak: '11-12', riseDays: 18, fallDays: 11, weight: 0.42 },
      { peak: '01-08', riseDays: 50, fallDays: 16, weight: 0.58 },
    ],
    upkeepKgPerDay: { mean: 0.13, sd: 0.06 },
    seasonTotalKg: { mean: 12, cv: 0.6 },
    winterReserveKg: 6,
    storesAtSeasonStartKg: 4,
    flowThresholdKgPerDay: 0.3,
  },
} as const satisfies Record<string, HoneyRegion>

export interface Season {
  /** 'YYYY-MM-DD', both included. */
  start: string
  end: string
  lengthDays: number
}

/** The season that starts in `seasonYear`. */
export function seasonOf(region: HoneyRegion, seasonYear: number): Season {
  const start = `${seasonYear}-${region.season.start}`
  const end = `${region.season.end < region.season.start ? seasonYear + 1 : seasonYear}-${region.season.end}`
  return { start, end, lengthDays: dayNumber(end) - dayNumber(start) + 1 }
}

/** The season a day belongs to, if any. */
export function seasonContaining(region: HoneyRegion, day: string): Season | undefined {
  const year = Number(day.slice(0, 4))
  return [seasonOf(region, year), seasonOf(region, year - 1)].find((s) => day >= s.start && day <= s.end)
}

/**
 * Each flow's share of its total on each day of the season: split normals (John 1982, "The
 * three-parameter two-piece normal family") with unit mass over the whole year, so a flow that runs
 * past the season's end keeps only its in-season days.
 */
export function flowComponents(region: HoneyRegion, season: Season): number[][] {
  const startN = dayNumber(season.start)
  return region.flow.map((c) => {
    const peakYear = Number(season.start.slice(0, 4)) + (c.peak < region.season.start ? 1 : 0)
    const peakN = dayNumber(`${peakYear}-${c.peak}`)
    // Both halves share the peak height, so the mass is (rise + fall)/2 × √(2π) times it.
    const height = 1 / (((c.riseDays + c.fallDays) / 2) * Math.sqrt(2 * Math.PI))
    return Array.from({ length: season.lengthDays }, (_, d) => {
      const offset = startN + d - peakN
      return height * Math.exp(-0.5 * (offset / (offset < 0 ? c.riseDays : c.fallDays)) ** 2)
    })
  })
}

/** Share of the season's flow expected on each day of the season (sums to 1): the flows by weight. */
export function flowProfile(region: HoneyRegion, season: Season): number[] {
  const components = flowComponents(region, season)
  const mixed = components[0]!.map((_, d) => region.flow.reduce((sum, c, k) => sum + c.weight * components[k]![d]!, 0))
  const total = mixed.reduce((x, y) => x + y, 0)
  return mixed.map((x) => x / total)
}

/** Days of the season from its start: 0 for the first day. */
export function seasonDayIndex(season: Season, day: string): number {
  return dayNumber(day) - dayNumber(season.start)
}

export function seasonDay(season: Season, index: number): string {
  return addDays(season.start, index)
}
