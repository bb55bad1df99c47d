/**
 * Backtest of the honey yield estimator on simulated seasons with known truth. No services: it
 * calls the pure functions of processors/yield/honey on seasons from simulators/seasons.
 *
 *   npx tsx eval/yield-honey.ts --seed <n> [--runs 1] [--sites 10] [--hives 8] [--sample-min 15]
 *
 * Seed n gives sites n·1000 + i (half temperate/Brussels, half southern/Antananarivo), each with
 * two earlier seasons whose true totals are the site's history. `--runs k` pools seeds n … n+k−1.
 * Seeds 1–99 are for development; report on seeds ≥ 100, never tuned on.
 *
 * Daily: each hive's daily net gain (whole series, recorded interventions as a beekeeper entered
 * them) against the true daily production, share within ±0.2 kg. Forecast: at 90, 60 and 30 days
 * before the season ends, the data up to then (samples and records) go through the same functions
 * a scheduled job would call; each hive's and each site's forecast of the season total is compared
 * with the truth: MAPE, and how often the 80 % interval holds it.
 */
import os from 'node:os'
import { parseArgs } from 'node:util'
import {
  computeNetGain,
  forecastSiteSeason,
  HONEY_REGIONS,
  seasonOf,
  seasonProduction,
  type HiveSeasonInput,
  type HoneyRegion,
} from '../processors/yield/honey/index.js'
import { addDays, createSiteCalendar } from '../platform/time/site-time.js'
import { percentile } from '../simulators/percentile.js'
import { DEFAULT_FAULT_RATES, simulateSiteSeason, type SeasonRegionId, type SimulatedSiteSeason } from '../simulators/seasons/index.js'

const { values: args } = parseArgs({
  options: {
    seed: { type: 'string' },
    runs: { type: 'string', default: '1' },
    sites: { type: 'string', default: '10' },
    hives: { type: 'string', default: '8' },
    'sample-min': { type: 'string', default: '15' },
    horizons: { type: 'string', default: '90,60,30' },
  },
})
if (args.seed === undefined || !/^\d+$/.test(args.seed)) {
  console.error('usage: npx tsx eval/yield-honey.ts --seed <n> [--runs 1] [--sites 10] [--hives 8] [--sample-min 15] [--horizons 90,60,30]')
  process.exit(2)
}
const firstSeed = Number(args.seed)
const runs = Number(args.runs)
const siteCount = Number(args.sites)
const hiveCount = Number(args.hives)
const sampleEveryMin = Number(args['sample-min'])
const horizons = args.horizons.split(',').map(Number)

const REGION_OF: Record<SeasonRegionId, HoneyRegion> = { temperate: HONEY_REGIONS.temperate, southern: HONEY_REGIONS.madagascarHighlands }
const WITHIN_KG = 0.2

interface DayScore {
  kind: string
  error: number
}
interface ForecastScore {
  region: SeasonRegionId
  horizon: number
  level: 'hive' | 'site'
  truth: number
  expected: number
  lower: number
  upper: number
}

const dayScores: DayScore[] = []
const forecastScores: ForecastScore[] = []
const swarms = { truth: 0, found: 0, falseAlarms: 0 }
const startedMs = performance.now()
let sampleCount = 0

function scoreDays(site: SimulatedSiteSeason): void {
  const calendar = createSiteCalendar(site.region.timeZone)
  for (const hive of site.hives) {
    sampleCount += hive.samples.length
    const result = computeNetGain({ samples: hive.samples, timeZone: site.region.timeZone, interventions: hive.recorded })
    const truth = new Map(site.days.map((day, i) => [day, hive.truth.dailyKg[i]!]))
    for (const row of result.days) {
      const trueKg = truth.get(row.day)
      if (trueKg === undefined) continue
      const visit = row.flags.some((f) => !['partial', 'gap', 'off_scale', 'recorded', 'recorded_not_seen', 'glitch'].includes(f))
      const kind = row.coverage < 0.95 ? 'partial day' : visit ? 'step day' : 'plain day'
      dayScores.push({ kind, error: row.netGainKg - trueKg })
    }
    const found = result.steps.filter((s) => s.kind === 'swarm')
    const swarm = hive.truth.swarm
    if (swarm) swarms.truth++
    const hit = swarm ? found.filter((s) => calendar.dayOf(s.fromMs) === calendar.dayOf(swarm.atMs)) : []
    swarms.found += hit.length > 0 ? 1 : 0
    swarms.falseAlarms += found.length - hit.length
  }
}

function scoreForecasts(site: SimulatedSiteSeason, regionId: SeasonRegionId): void {
  const region = REGION_OF[regionId]
  const season = seasonOf(region, site.seasonYear)
  const calendar = createSiteCalendar(site.region.timeZone)
  const trueTotals = site.hives.map((h) => h.truth.seasonTotalKg)
  for (const horizon of horizons) {
    const asOfDay = addDays(season.end, -horizon)
    const cutMs = calendar.startOf(addDays(asOfDay, 1))
    const inputs: HiveSeasonInput[] = site.hives.map((hive) => {
      const result = computeNetGain({
        samples: hive.samples.filter((s) => s.timeMs < cutMs),
        timeZone: site.region.timeZone,
        interventions: hive.recorded.filter((r) => r.atMs < cutMs),
      })
      const production = seasonProduction(result, { region, seasonYear: site.seasonYear, timeZone: site.region.timeZone, asOfDay })
      return { hiveId: hive.hiveId, days: result.days, production }
    })
    const forecast = forecastSiteSeason(inputs, { region, seasonYear: site.seasonYear, history: site.historyTotalsKg })
    forecast.hives.forEach((f, i) => {
      forecastScores.push({ region: regionId, horizon, level: 'hive', truth: trueTotals[i]!, expected: f.expectedKg, lower: f.lowerKg, upper: f.upperKg })
    })
    const t = forecast.total
    forecastScores.push({ region: regionId, horizon, level: 'site', truth: trueTotals.reduce((x, y) => x + y, 0), expected: t.expectedKg, lower: t.lowerKg, upper: t.upperKg })
  }
}

const seeds = Array.from({ length: runs }, (_, k) => firstSeed + k)
const years = new Set<number>()
for (const seed of seeds) {
  for (let i = 0; i < siteCount; i++) {
    const regionId: SeasonRegionId = i % 2 === 0 ? 'temperate' : 'southern'
    const seasonYear = 2021 + ((seed + i) % 4)
    years.add(seasonYear)
    const site = simulateSiteSeason({ seed: seed * 1000 + i, region: regionId, seasonYear, hives: hiveCount, sampleEveryMin })
    scoreDays(site)
    scoreForecasts(site, regionId)
  }
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`
const share = (xs: readonly DayScore[]) => xs.filter((d) => Math.abs(d.error) <= WITHIN_KG).length / Math.max(1, xs.length)
const lines: string[] = []
const print = (line = '') => lines.push(line)
print(`honey yield backtest — seeds ${seeds.join(', ')}: ${siteCount} sites × ${hiveCount} hives each (even sites temperate/Brussels, odd southern/Antananarivo)`)
print(`conditions: seasons ${[...years].sort().join(', ')}, a weight sample every ${sampleEveryMin} min, ${sampleCount} samples; per hive-season on average`)
print(
  `  ${DEFAULT_FAULT_RATES.gaps} gaps (${pct(DEFAULT_FAULT_RATES.longGapShare)} of 12–72 h), ${DEFAULT_FAULT_RATES.spikes} glitches, ` +
    `${DEFAULT_FAULT_RATES.emptyRows} empty rows, ${DEFAULT_FAULT_RATES.duplicates + DEFAULT_FAULT_RATES.conflictingDuplicates} repeated rows; ` +
    `beekeepers record ~60–95 % of interventions, most without a weight; history: 2 earlier seasons per site`,
)
print(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, node ${process.version}, ${((performance.now() - startedMs) / 1000).toFixed(1)} s`)
print()
print(`daily net gain vs true daily production (within ±${WITHIN_KG} kg)`)
print(`  ${'days'.padEnd(14)}${'n'.padStart(7)}${'within'.padStart(10)}${'bias kg'.padStart(10)}${'p95 |err|'.padStart(11)}`)
for (const kind of ['all', 'plain day', 'step day', 'partial day']) {
  const xs = kind === 'all' ? dayScores : dayScores.filter((d) => d.kind === kind)
  const bias = xs.reduce((sum, d) => sum + d.error, 0) / Math.max(1, xs.length)
  print(`  ${kind.padEnd(14)}${String(xs.length).padStart(7)}${pct(share(xs)).padStart(10)}${bias.toFixed(3).padStart(10)}${percentile(xs.map((d) => Math.abs(d.error)), 95).toFixed(2).padStart(11)}`)
}
print(`  swarms: ${swarms.truth} true, ${swarms.found} reported as a swarm on their day, ${swarms.falseAlarms} other steps reported as swarms`)
print()
print('season total forecast (80 % interval); MAPE over totals ≥ 5 kg, WAPE = Σ|err| / Σ|truth| over all')
print(`  ${'level'.padEnd(6)}${'region'.padEnd(11)}${'horizon'.padStart(8)}${'n'.padStart(5)}${'MAPE'.padStart(9)}${'WAPE'.padStart(9)}${'cover'.padStart(9)}${'width/truth'.padStart(13)}`)
for (const level of ['hive', 'site'] as const) {
  for (const region of ['all', 'temperate', 'southern'] as const) {
    for (const horizon of horizons) {
      const xs = forecastScores.filter((f) => f.level === level && f.horizon === horizon && (region === 'all' || f.region === region))
      if (xs.length === 0) continue
      const sized = xs.filter((f) => Math.abs(f.truth) >= 5)
      const mape = sized.reduce((sum, f) => sum + Math.abs(f.expected - f.truth) / Math.abs(f.truth), 0) / Math.max(1, sized.length)
      const wape = xs.reduce((sum, f) => sum + Math.abs(f.expected - f.truth), 0) / xs.reduce((sum, f) => sum + Math.abs(f.truth), 0)
      const cover = xs.filter((f) => f.truth >= f.lower && f.truth <= f.upper).length / xs.length
      const width = percentile(sized.map((f) => (f.upper - f.lower) / Math.abs(f.truth)), 50)
      print(
        `  ${level.padEnd(6)}${region.padEnd(11)}${`${horizon} d`.padStart(8)}${String(xs.length).padStart(5)}${pct(mape).padStart(9)}${pct(wape).padStart(9)}${pct(cover).padStart(9)}${width.toFixed(2).padStart(13)}`,
      )
    }
  }
}
console.log(lines.join('\n'))
