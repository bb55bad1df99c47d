/**
 * Backtests the olive yield estimators (processors/yield/olive) on simulated groves with known truth
 * (simulators/olive-seasons). No services: the stations' readings go through the real grove
 * detectors in process, as the processors would run them, and the alerts become episodes.
 *
 *   npx tsx eval/yield-olive.ts --seed <n> [--groves 40] [--stations 8] [--verbose]
 *
 * Per grove it estimates at four dates: 1 March (1 September south: records only), full flowering,
 * pit hardening and veraison, each the day the estimator's own phenology reached that stage, using
 * only data up to that day. It prints per horizon the MAPE of fruit kg/tree, of oil % and of oil
 * kg/tree, the 80 % interval coverage, the harvest-window hit rate, and two baselines: the mean of
 * the recorded harvests, and the alternate-bearing forecast alone. Seeds 1–99 are for tuning.
 */
import { parseArgs } from 'node:util'
import { groveDetectors } from '../processors/detectors/grove/index.js'
import { createLocalDayOf } from '../processors/detectors/grove/local-day.js'
import type { DetectorReading, Finding } from '../processors/detectors/detector.js'
import {
  calibrateRipening,
  dailyTemperatures,
  estimateOliveYield,
  estimatePhenology,
  forecastFromBearing,
  normalIndex,
  OLIVE_VARIETIES,
  RISK_RULES,
  seasonAnchors,
  stageDate,
  type AlertEpisode,
  type ClimateNormals,
  type DailyTemperature,
  type OliveYieldEstimate,
  type RiskRule,
} from '../processors/yield/olive/index.js'
import { dayFromNumber, dayNumber } from '../platform/time/site-time.js'
import { readingFieldValues } from '../platform/influx/measurements.js'
import { generateOliveSeasonSet, groveReading, HOUR_MS, hourIndex, type SimulatedOliveGrove, type StationRecord } from '../simulators/olive-seasons/index.js'

const { values: args } = parseArgs({
  options: {
    seed: { type: 'string' },
    groves: { type: 'string', default: '40' },
    stations: { type: 'string', default: '8' },
    /** One line per grove and horizon: truth, estimate, and each rule's factor. */
    verbose: { type: 'boolean', default: false },
  },
})
if (args.seed === undefined || !/^\d+$/.test(args.seed)) {
  console.error('usage: npx tsx eval/yield-olive.ts --seed <n> [--groves 40] [--stations 8] [--verbose]')
  process.exit(2)
}
const seed = Number(args.seed)
const DAY_MS = 86_400_000
/** Seasons of station data before the current one: the alert history an ordinary season is judged by. */
const SENSOR_SEASONS = 2
const HORIZONS = ['winter', 'fullFlowering', 'pitHardening', 'veraison'] as const
type Horizon = (typeof HORIZONS)[number]

const started = performance.now()
const set = generateOliveSeasonSet({ seed, groves: Number(args.groves), stations: Number(args.stations) })
const simulatedS = (performance.now() - started) / 1000

/** A grove's station samples (with its microclimate) between two instants, as the API would return them. */
function samples(grove: SimulatedOliveGrove, fromMs: number, toMs: number) {
  const record = grove.station.record
  const out: { timeMs: number; airC: number; reading: ReturnType<typeof groveReading> }[] = []
  for (let i = Math.max(0, hourIndex(record, fromMs)); i < Math.min(record.hours, hourIndex(record, toMs)); i++) {
    const reading = groveReading(record, grove.view, i)
    out.push({ timeMs: record.startMs + i * HOUR_MS, airC: reading.air_temp_c!, reading })
  }
  return out
}

/** Climate normals from the station's years before the season, shifted by the grove's microclimate. */
const stationNormals = new Map<StationRecord, ClimateNormals>()
function normalsFor(grove: SimulatedOliveGrove, timeZone: string, untilMs: number): ClimateNormals {
  let normals = stationNormals.get(grove.station.record)
  if (!normals) {
    const record = grove.station.record
    const air = []
    for (let i = 0; i < hourIndex(record, untilMs); i++) air.push({ timeMs: record.startMs + i * HOUR_MS, airC: record.airC[i]! })
    const days = dailyTemperatures(air, { timeZone }).filter((d) => d.coveredHours >= 20)
    const sums = new Array<number>(365).fill(0)
    const counts = new Array<number>(365).fill(0)
    for (const d of days) {
      const k = normalIndex(dayNumber(d.date))
      sums[k]! += (d.minC + d.maxC) / 2
      counts[k]!++
    }
    const raw = sums.map((s, k) => s / Math.max(1, counts[k]!))
    // A month-wide circular running mean: a few years of data are noisy day by day.
    const meanC = raw.map((_, k) => {
      let s = 0
      for (let j = -15; j <= 15; j++) s += raw[(k + j + 365) % 365]!
      return s / 31
    })
    const residuals = days.map((d) => (d.minC + d.maxC) / 2 - meanC[normalIndex(dayNumber(d.date))]!)
    const sdC = Math.sqrt(residuals.reduce((a, r) => a + r * r, 0) / residuals.length)
    normals = { meanC, sdC }
    stationNormals.set(record, normals)
  }
  return { meanC: normals.meanC.map((t) => t + grove.view.airOffsetC), sdC: normals.sdC }
}

/** Findings of the five grove detectors over the readings, as the processors would produce them. */
function detectorFindings(grove: SimulatedOliveGrove, timeZone: string, fromMs: number, toMs: number): Finding[] {
  const readings: DetectorReading[] = samples(grove, fromMs, toMs).map((s) => ({ timeMs: s.timeMs, sensor: 'station', fields: readingFieldValues('grove', s.reading) }))
  const context = { device: { id: grove.id, partnerId: 'eval', siteId: grove.station.region.name, kind: 'grove' as const } }
  return groveDetectors({ timeZone, hemisphere: grove.hemisphere }).flatMap((d) => d.step(d.initialState(), readings, context).findings)
}

/** Alerts as the alert store keeps them: one per rule from firing to clear, at its highest severity. */
function episodesUpTo(findings: readonly Finding[], untilMs: number): AlertEpisode[] {
  const open = new Map<RiskRule, AlertEpisode>()
  const episodes: AlertEpisode[] = []
  const rank = { info: 0, warning: 1, critical: 2 }
  for (const f of [...findings].sort((a, b) => a.atMs - b.atMs)) {
    if (f.atMs > untilMs || !(RISK_RULES as readonly string[]).includes(f.rule)) continue
    const rule = f.rule as RiskRule
    const current = open.get(rule)
    if (f.status === 'firing') {
      if (!current) open.set(rule, { rule, startMs: f.atMs, endMs: f.atMs, severity: f.severity })
      else if (rank[f.severity] > rank[current.severity]) current.severity = f.severity
    } else if (current) {
      episodes.push({ ...current, endMs: f.atMs })
      open.delete(rule)
    }
  }
  for (const e of open.values()) episodes.push({ ...e, endMs: untilMs })
  return episodes
}

/** The instant the site-local `date` ends: when a job estimating "as of" that day could run. */
function localEndMs(date: string, timeZone: string): number {
  const localDayOf = createLocalDayOf(timeZone)
  let t = dayNumber(date) * DAY_MS - 14 * HOUR_MS
  while (localDayOf(t).day <= dayNumber(date)) t += HOUR_MS
  return t
}

interface Row {
  grove: SimulatedOliveGrove
  horizon: Horizon
  estimate: OliveYieldEstimate
  historyMean: number
  bearingOnly: number
}
const rows: Row[] = []
const stageErrors: Record<'fullFlowering' | 'pitHardening' | 'veraison', number[]> = { fullFlowering: [], pitHardening: [], veraison: [] }

for (const grove of set.groves) {
  const timeZone = grove.station.region.timeZone
  const variety = OLIVE_VARIETIES[grove.variety]
  const anchors = seasonAnchors(set.season, grove.hemisphere)
  const firstSensor = seasonAnchors(set.season - SENSOR_SEASONS, grove.hemisphere)
  const fromMs = firstSensor.chillFrom * DAY_MS - DAY_MS
  const endMs = grove.station.record.startMs + grove.station.record.hours * HOUR_MS
  const normals = normalsFor(grove, timeZone, anchors.chillFrom * DAY_MS)
  const allDays = dailyTemperatures(samples(grove, fromMs, endMs), { timeZone })
  const findings = detectorFindings(grove, timeZone, fromMs, endMs)

  // The alert seasons before this one: their losses make the "ordinary season", their harvest days the ripening calibration.
  const past = []
  for (let season = set.season - SENSOR_SEASONS; season < set.season; season++) {
    const a = seasonAnchors(season, grove.hemisphere)
    const days = allDays.filter((d) => dayNumber(d.date) >= a.chillFrom && dayNumber(d.date) <= a.until)
    const phenology = estimatePhenology(days, dayFromNumber(a.until), { season, hemisphere: grove.hemisphere, normals, thresholds: variety.ripening })
    const episodes = episodesUpTo(findings, localEndMs(dayFromNumber(a.until), timeZone)).filter((e) => e.startMs >= a.chillFrom * DAY_MS && e.startMs < (a.until + 1) * DAY_MS)
    const harvestedOn = grove.harvests.find((h) => h.season === season)?.harvestedOn
    past.push({ episodes, phenology, ...(harvestedOn ? { harvestedOn } : {}) })
  }
  const ripening = calibrateRipening(
    past.flatMap((p) => (p.harvestedOn ? [{ phenology: p.phenology, harvestedOn: p.harvestedOn }] : [])),
    variety,
  )
  const groveVariety = { ...variety, ripening }

  const seasonDays = allDays.filter((d) => dayNumber(d.date) >= anchors.chillFrom)
  const lastDay = seasonDays.at(-1)!.date
  const observed = estimatePhenology(seasonDays, lastDay, { season: set.season, hemisphere: grove.hemisphere, normals, thresholds: ripening })
  for (const stage of ['fullFlowering', 'pitHardening', 'veraison'] as const) {
    const est = stageDate(observed, stage)
    const truth = grove.truth.stageDates[stage]
    if (est && truth) stageErrors[stage].push(dayNumber(est) - dayNumber(truth))
  }
  const horizonDates: Record<Horizon, string | undefined> = {
    winter: dayFromNumber(anchors.heatFrom + 59),
    fullFlowering: stageDate(observed, 'fullFlowering'),
    pitHardening: stageDate(observed, 'pitHardening'),
    veraison: stageDate(observed, 'veraison'),
  }
  const historyMean = grove.harvests.reduce((a, h) => a + h.kgPerTree, 0) / grove.harvests.length
  const bearingOnly = forecastFromBearing(grove.harvests, set.season).kgPerTree
  for (const horizon of HORIZONS) {
    const asOf = horizonDates[horizon]
    // A stage reached only after the harvest (a late cool autumn) has no estimate to score.
    if (!asOf || asOf > grove.truth.harvestDate) continue
    const temperatures: DailyTemperature[] = seasonDays.filter((d) => d.date <= asOf)
    const estimate = estimateOliveYield({
      grove: { variety: groveVariety, trees: grove.trees, timeZone, hemisphere: grove.hemisphere, harvests: grove.harvests },
      season: set.season,
      asOf,
      temperatures,
      normals,
      episodes: episodesUpTo(findings, localEndMs(asOf, timeZone)).filter((e) => e.startMs >= anchors.chillFrom * DAY_MS - DAY_MS),
      pastSeasons: past,
    })
    rows.push({ grove, horizon, estimate, historyMean, bearingOnly })
  }
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN)
const ape = (est: number, truth: number) => (100 * Math.abs(est - truth)) / truth
const within = (x: number, i: { low: number; high: number }) => (x >= i.low && x <= i.high ? 1 : 0)
const fmt = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '–')
const pad = (s: string, n: number) => s.padStart(n)

if (args.verbose) {
  for (const r of rows) {
    const e = r.estimate
    const factors = RISK_RULES.map((rule) => `${rule.slice(6)} ${fmt(e.risk.byRule[rule].fruitFactor, 2)}`).join(' ')
    console.log(
      `${r.grove.id} ${r.grove.station.region.name.padEnd(9)} ${r.grove.variety.padEnd(10)} ${r.horizon.padEnd(13)} ${e.asOf} ` +
        `true ${fmt(r.grove.truth.kgPerTree)} kg ${fmt(r.grove.truth.oilPct)} % ${r.grove.truth.harvestDate} | ` +
        `est ${fmt(e.fruitKgPerTree.value)} [${fmt(e.fruitKgPerTree.low)}–${fmt(e.fruitKgPerTree.high)}] ${fmt(e.oilPct.value)} % ${e.harvestWindow?.earliest}…${e.harvestWindow?.latest} | ` +
        `bearing ${fmt(e.bearing.kgPerTree)} σ ${fmt(e.bearing.logSd, 2)} | ${factors}`,
    )
  }
  console.log('')
}
console.log(`olive yield backtest — seed ${seed}, ${set.groves.length} groves, season ${set.season} (simulated in ${simulatedS.toFixed(1)} s)`)
console.log('')
console.log('horizon         n  fruit MAPE  cov80 | oil% MAPE  oilkg MAPE  cov80 | window hit  mid err d | base: mean  ABI-only')
for (const horizon of HORIZONS) {
  const rs = rows.filter((r) => r.horizon === horizon)
  const t = (r: Row) => r.grove.truth
  const oilKg = (r: Row) => (t(r).kgPerTree * t(r).oilPct) / 100
  const windows = rs.filter((r) => r.estimate.harvestWindow)
  const hit = windows.map((r) => {
    const w = r.estimate.harvestWindow!
    return t(r).harvestDate >= w.earliest && t(r).harvestDate <= w.latest ? 1 : 0
  })
  const midErr = rs.filter((r) => r.estimate.harvestDate).map((r) => Math.abs(dayNumber(r.estimate.harvestDate!) - dayNumber(t(r).harvestDate)))
  console.log(
    [
      horizon.padEnd(14),
      pad(String(rs.length), 3),
      pad(fmt(mean(rs.map((r) => ape(r.estimate.fruitKgPerTree.value, t(r).kgPerTree)))), 11),
      pad(fmt(100 * mean(rs.map((r) => within(t(r).kgPerTree, r.estimate.fruitKgPerTree))), 0) + '%', 6),
      '|',
      pad(fmt(mean(rs.map((r) => ape(r.estimate.oilPct.value, t(r).oilPct)))), 9),
      pad(fmt(mean(rs.map((r) => ape(r.estimate.oilKgPerTree.value, oilKg(r))))), 11),
      pad(fmt(100 * mean(rs.map((r) => within(oilKg(r), r.estimate.oilKgPerTree))), 0) + '%', 6),
      '|',
      pad(fmt(100 * mean(hit), 0) + '%', 10),
      pad(fmt(mean(midErr), 0), 10),
      '|',
      pad(fmt(mean(rs.map((r) => ape(r.historyMean, t(r).kgPerTree)))), 10),
      pad(fmt(mean(rs.map((r) => ape(r.bearingOnly, t(r).kgPerTree)))), 9),
    ].join(' '),
  )
}

const groves = set.groves
const count = <T extends string>(xs: readonly T[]) => [...new Set(xs)].map((x) => `${x} ${xs.filter((y) => y === x).length}`).join(', ')
const injected = [...new Set(groves.map((g) => g.station))].flatMap((s) => s.injected.get(set.season) ?? [])
const abs = (xs: number[]) => xs.map(Math.abs)
console.log('')
console.log('conditions')
console.log(`  regions: ${count(groves.map((g) => g.station.region.name))}; stations ${new Set(groves.map((g) => g.station)).size}`)
console.log(`  varieties: ${count(groves.map((g) => g.variety))}; irrigated ${groves.filter((g) => g.view.irrigated).length}/${groves.length}`)
console.log(`  recorded seasons per grove: ${fmt(mean(groves.map((g) => g.harvests.length)))} (4–8); alert history ${SENSOR_SEASONS} seasons`)
console.log(`  true kg/tree this season: ${fmt(Math.min(...groves.map((g) => g.truth.kgPerTree)))}–${fmt(Math.max(...groves.map((g) => g.truth.kgPerTree)))}, oil ${fmt(Math.min(...groves.map((g) => g.truth.oilPct)))}–${fmt(Math.max(...groves.map((g) => g.truth.oilPct)))} %`)
console.log(`  weather events this season: ${injected.length ? count(injected.map((e) => e.kind)) : 'none'} (across stations)`)
console.log(
  `  stage date error, estimated − true (mean |days|, mean days): ` +
    (['fullFlowering', 'pitHardening', 'veraison'] as const).map((s) => `${s} ${fmt(mean(abs(stageErrors[s])), 1)} (${fmt(mean(stageErrors[s]), 1)})`).join(', '),
)
console.log(`  estimates skipped (stage reached after the harvest): ${groves.length * HORIZONS.length - rows.length}`)
