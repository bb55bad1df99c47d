import type { Site } from '../../platform/stores/registry-store.js'
import { localDay } from '../../platform/time/site-time.js'
import type { HoneyEstimate, OliveEstimate } from '../../platform/yield/estimates.js'
import type { HoneyModel, OliveModel } from '../yield-recomputation.js'
import {
  computeNetGain,
  forecastHiveSeason,
  HONEY_REGIONS,
  seasonContaining,
  seasonOf,
  seasonProduction,
  type HoneyRegion,
  type Intervention as HoneyIntervention,
} from './honey/index.js'
import { dailyTemperatures, estimateOliveYield, RISK_RULES, varietyNamed, type ClimateNormals, type PastHarvest, type RiskRule } from './olive/index.js'

/**
 * The yield models behind the recomputation job's ports: adapters from stored data (sites,
 * interventions, profiles) to the pure estimators in honey/ and olive/, and from their results to
 * what is stored and served. Bump a version when a model's figures change meaning.
 */
const HONEY_VERSION = 'honey-1'
const OLIVE_VERSION = 'olive-1'
const DAY_MS = 86_400_000

/** Southern sites follow the Madagascar highland calendar; northern ones the Belgian/Luxembourg one. */
function honeyRegion(site: Site): HoneyRegion {
  return site.latitude !== null && site.latitude < 0 ? HONEY_REGIONS.madagascarHighlands : HONEY_REGIONS.temperate
}

const round = (kg: number) => Math.round(kg * 100) / 100

export function honeyModel(): HoneyModel {
  return {
    version: HONEY_VERSION,

    season(site, asOfMs) {
      const region = honeyRegion(site)
      const today = localDay(asOfMs, site.timezone)
      // Between seasons the figures are those of the season just ended.
      const season = seasonContaining(region, today) ?? [seasonOf(region, Number(today.slice(0, 4))), seasonOf(region, Number(today.slice(0, 4)) - 1)].find((s) => s.end < today)!
      return { start: season.start, end: season.end, label: season.start.slice(0, 4) }
    },

    estimateHive({ site, season, asOfMs, samples, interventions }) {
      const region = honeyRegion(site)
      const seasonYear = Number(season.start.slice(0, 4))
      const recorded: HoneyIntervention[] = interventions.flatMap((i) =>
        i.kind === 'olive_harvest' ? [] : [{ kind: i.kind, atMs: i.occurredAt.getTime(), ...(i.kg !== null && { kg: i.kg }) }],
      )
      const result = computeNetGain({ samples, timeZone: site.timezone, interventions: recorded })
      const asOfDay = localDay(asOfMs, site.timezone)
      const production = seasonProduction(result, { region, seasonYear, timeZone: site.timezone, ...(asOfDay < season.end && { asOfDay }) })
      const forecast = forecastHiveSeason({ hiveId: '', days: result.days, production }, { region, seasonYear })
      const estimate: HoneyEstimate = {
        seasonStart: season.start,
        seasonEnd: season.end,
        asOfDay: production.asOfDay,
        seasonToDateKg: round(production.toDateKg),
        harvestableKg: round(production.harvestableNowKg),
        colonyLossKg: round(production.swarmLossKg),
        flowActive: false,
        forecast: { expectedSeasonKg: round(forecast.expectedKg), lowKg: round(forecast.lowerKg), highKg: round(forecast.upperKg), level: 0.8 },
        hives: 1,
      }
      const days = result.days
        .filter((d) => d.day >= season.start && d.day <= season.end)
        .map((d) => ({ day: d.day, netGainKg: d.netGainKg, removedStepsKg: d.removedStepsKg, coverage: d.coverage }))
      return { days, estimate: { ...estimate, flowActive: isFlowing(days) } }
    },

    combine(estimates) {
      return combineHoney(estimates)
    },
  }
}

/** The last three observed days gained at least 0.3 kg each (a flow, as the nectar-flow rule reads it). */
function isFlowing(days: readonly { netGainKg: number; coverage: number }[]): boolean {
  const recent = days.filter((d) => d.coverage >= 0.5).slice(-3)
  return recent.length === 3 && recent.every((d) => d.netGainKg >= 0.3)
}

/**
 * Sums hives (or sites). Interval bounds add as if the hives moved together: wider than the
 * independent sum, which hives of one apiary, sharing weather and forage, come close to.
 */
function combineHoney(estimates: readonly HoneyEstimate[]): HoneyEstimate {
  const sum = (pick: (e: HoneyEstimate) => number) => round(estimates.reduce((kg, e) => kg + pick(e), 0))
  const first = estimates[0]!
  return {
    seasonStart: estimates.map((e) => e.seasonStart).sort()[0]!,
    seasonEnd: estimates.map((e) => e.seasonEnd).sort().at(-1)!,
    asOfDay: estimates.map((e) => e.asOfDay).sort().at(-1)!,
    seasonToDateKg: sum((e) => e.seasonToDateKg),
    harvestableKg: sum((e) => e.harvestableKg),
    colonyLossKg: sum((e) => e.colonyLossKg),
    flowActive: estimates.some((e) => e.flowActive),
    forecast: {
      expectedSeasonKg: sum((e) => e.forecast.expectedSeasonKg),
      lowKg: sum((e) => e.forecast.lowKg),
      highKg: sum((e) => e.forecast.highKg),
      level: first.forecast.level,
    },
    hives: estimates.reduce((n, e) => n + e.hives, 0),
  }
}

/**
 * Normal daily mean temperature when a grove has no normals of its own: a sine through the
 * 1991–2020 AEMET normals of Jaén (annual mean 17.6 °C, January 8.7 °C, July 28.3 °C), shifted
 * half a year south of the equator. An assumption for projecting stage dates, not observations.
 */
function defaultNormals(south: boolean): ClimateNormals {
  const coldest = south ? 196 : 15
  return { meanC: Array.from({ length: 365 }, (_, d) => 18.5 - 9.8 * Math.cos((2 * Math.PI * (d - coldest)) / 365)), sdC: 2.5 }
}

const isRiskRule = (rule: string): rule is RiskRule => (RISK_RULES as readonly string[]).includes(rule)

/** The flowering year: north, the calendar year; south, flowering in Oct–Nov after the May chill. */
function oliveSeason(site: Site, asOfMs: number): { startMs: number; label: string } {
  const south = site.latitude !== null && site.latitude < 0
  const [year, month] = localDay(asOfMs, site.timezone).split('-').map(Number) as [number, number]
  const season = south && month < 5 ? year - 1 : year
  const chillFrom = south ? Date.UTC(season, 4, 1) : Date.UTC(season - 1, 10, 1)
  return { startMs: chillFrom - DAY_MS, label: String(season) }
}

export function oliveModel(): OliveModel {
  return {
    version: OLIVE_VERSION,
    season: oliveSeason,

    estimateGrove({ site, profile, asOfMs, temperatures, episodes, harvests }) {
      const variety = varietyNamed(profile.variety)
      if (!variety) throw new Error(`grove ${site.id}: unknown olive variety "${profile.variety}"`)
      const south = site.latitude !== null && site.latitude < 0
      const season = Number(oliveSeason(site, asOfMs).label)
      const recordedSeasons = new Map<number, number>()
      for (const h of harvests) {
        const [y, m] = localDay(h.occurredAt.getTime(), site.timezone).split('-').map(Number) as [number, number]
        // A harvest in January–March picks the previous flowering year's crop.
        const harvestSeason = !south && m <= 3 ? y - 1 : y
        if (harvestSeason < season) recordedSeasons.set(harvestSeason, (recordedSeasons.get(harvestSeason) ?? 0) + (h.kg ?? 0))
      }
      const pastHarvests: PastHarvest[] = [
        ...profile.pastYields.filter((p) => !recordedSeasons.has(p.season)),
        ...[...recordedSeasons].map(([s, kg]) => ({ season: s, kgPerTree: kg / profile.trees })),
      ].sort((a, b) => a.season - b.season)
      const estimate = estimateOliveYield({
        grove: { variety, trees: profile.trees, timeZone: site.timezone, hemisphere: south ? 'south' : 'north', harvests: pastHarvests },
        season,
        asOf: localDay(asOfMs, site.timezone),
        temperatures: dailyTemperatures(
          temperatures.map((t) => ({ timeMs: t.timeMs, airC: t.airTempC })),
          { timeZone: site.timezone },
        ),
        normals: defaultNormals(south),
        episodes: episodes.flatMap((e) =>
          isRiskRule(e.rule) ? [{ rule: e.rule, startMs: e.startMs, endMs: e.endMs, severity: e.severity as 'warning' | 'critical' }] : [],
        ),
      })
      const result: OliveEstimate = {
        asOfDay: estimate.asOf,
        stage: estimate.phenology.stage,
        chillHours: Math.round(estimate.phenology.chillHours),
        growingDegreeDays: Math.round(estimate.phenology.seasonDegreeDays),
        trees: profile.trees,
        fruit: { expectedKg: round(estimate.fruitKgPerGrove.value), lowKg: round(estimate.fruitKgPerGrove.low), highKg: round(estimate.fruitKgPerGrove.high), level: 0.8 },
        oil: {
          fraction: round(estimate.oilPct.value) / 100,
          expectedKg: round(estimate.oilKgPerGrove.value),
          lowKg: round(estimate.oilKgPerGrove.low),
          highKg: round(estimate.oilKgPerGrove.high),
        },
        harvestWindow: estimate.harvestWindow ? { earliest: estimate.harvestWindow.earliest, latest: estimate.harvestWindow.latest } : null,
      }
      return result
    },

    combine(estimates) {
      const sum = (pick: (e: OliveEstimate) => number) => round(estimates.reduce((kg, e) => kg + pick(e), 0))
      const fruit = sum((e) => e.fruit.expectedKg)
      return {
        asOfDay: estimates.map((e) => e.asOfDay).sort().at(-1)!,
        stage: estimates.length === 1 ? estimates[0]!.stage : 'mixed',
        chillHours: null,
        growingDegreeDays: null,
        trees: estimates.reduce((n, e) => n + e.trees, 0),
        fruit: { expectedKg: fruit, lowKg: sum((e) => e.fruit.lowKg), highKg: sum((e) => e.fruit.highKg), level: 0.8 },
        oil: {
          fraction: fruit > 0 ? round((100 * sum((e) => e.oil.expectedKg)) / fruit) / 100 : 0,
          expectedKg: sum((e) => e.oil.expectedKg),
          lowKg: sum((e) => e.oil.lowKg),
          highKg: sum((e) => e.oil.highKg),
        },
        harvestWindow: null,
      }
    },
  }
}
