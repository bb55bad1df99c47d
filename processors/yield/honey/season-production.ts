import type { NetGainResult, WeightGap } from './daily-net-gain.js'
import { seasonOf, type HoneyRegion, type Season } from './honey-regions.js'
import { addDays, createSiteCalendar, DAY_MS } from '../../../platform/time/site-time.js'

/**
 * Season-to-date production of a hive, defined as the net change of the colony's weight since the
 * season started with every manipulation taken out: the sum of its daily net gains, plus the
 * change across the scale's silences when it is plausible for a colony. Net, not gross: what the
 * colony gained minus what it ate, which is what stays in the hive for the beekeeper and the winter
 * (BroodMinder's cumulative "productivity" is the same quantity; Meikle et al. 2008 use its weekly
 * changes as food-store changes). A swarm's loss is a colony loss and stays out of it.
 *
 * Stores: what was in the hive at the start (an estimate the beekeeper may give) + production +
 * feed − honey harvested. Harvestable: stores above the region's lean-season reserve.
 */
export interface GapJudgement extends WeightGap {
  /** Days of the gap inside the season so far. */
  days: number
  /** What it adds to production: its change less recorded interventions, or, when that change is
   * beyond what a colony can do, the neighbouring days' mean gain over its length. */
  countedKg: number
  plausible: boolean
}

export interface SeasonProduction {
  season: Season
  asOfDay: string
  /** First day with observations this season (a hive set on its scale late starts there). */
  firstObservedDay: string | undefined
  toDateKg: number
  /** Of `toDateKg`, what came across gaps (no daily row covers it). */
  acrossGapsKg: number
  /** Sum over days that gained: the flow before upkeep is taken out. */
  grossGainKg: number
  observedDays: number
  completeDays: number
  removedStepsKg: number
  swarmLossKg: number
  harvestedHoneyKg: number
  fedKg: number
  /** Standard deviation (kg) of `toDateKg` from sizing steps and bridging gaps. */
  uncertaintyKg: number
  storesNowKg: number
  reserveKg: number
  harvestableNowKg: number
  gaps: GapJudgement[]
}

export interface SeasonProductionOptions {
  region: HoneyRegion
  seasonYear: number
  timeZone: string
  /** Last day to count, inclusive (default: the last day with data, or the season's end). */
  asOfDay?: string
  storesAtSeasonStartKg?: number
  /** A gap's change beyond these rates is not the colony's: 6 kg/day up, 1.5 kg/day down (whole hive). */
  gapRatesKgPerDay?: { gain: number; loss: number }
  completeCoverage?: number
}

/**
 * Sizing error of one removed step and of bridging a gap, as sd in kg: the backtest
 * (eval/yield-honey.ts) finds visit days within ~0.25 kg of truth, and a gap's change is exact but
 * its split between the colony and an unseen visit is not.
 */
const STEP_SD_KG = 0.25
const GAP_SD_KG_PER_SQRT_DAY = 0.3

const round = (kg: number) => Math.round(kg * 1000) / 1000

export function seasonProduction(result: NetGainResult, o: SeasonProductionOptions): SeasonProduction {
  const season = seasonOf(o.region, o.seasonYear)
  const calendar = createSiteCalendar(o.timeZone)
  const lastDataDay = result.days.at(-1)?.day
  const asOfDay = o.asOfDay ?? (lastDataDay && lastDataDay < season.end ? lastDataDay : season.end)
  const inSeason = (day: string) => day >= season.start && day <= asOfDay && day <= season.end
  const days = result.days.filter((d) => inSeason(d.day))
  const completeCoverage = o.completeCoverage ?? 0.95
  const rates = o.gapRatesKgPerDay ?? { gain: 6, loss: 1.5 }

  const windowFrom = calendar.startOf(season.start)
  const windowTo = calendar.startOf(addDays(asOfDay < season.end ? asOfDay : season.end, 1))
  const complete = days.filter((d) => d.coverage >= completeCoverage)
  const gaps: GapJudgement[] = result.gaps.flatMap((gap) => {
    const from = Math.max(gap.fromMs, windowFrom)
    const to = Math.min(gap.toMs, windowTo)
    if (to <= from) return []
    const share = (to - from) / (gap.toMs - gap.fromMs)
    const gapDays = (gap.toMs - gap.fromMs) / DAY_MS
    const change = gap.changeKg - gap.recordedKg
    const plausible = change <= rates.gain * gapDays + 1 && change >= -rates.loss * gapDays - 1
    const counted = plausible ? change : neighbourMean(complete, calendar.dayOf(gap.fromMs), calendar.dayOf(gap.toMs)) * gapDays
    return [{ ...gap, days: round(share * gapDays), countedKg: round(share * counted), plausible }]
  })

  let supersKg = 0
  let harvestedHoneyKg = 0
  let fedKg = 0
  let removedSteps = 0
  for (const step of result.steps) {
    if (!inSeason(calendar.dayOf((step.fromMs + step.toMs) / 2))) continue
    if (step.kind !== 'glitch' && step.kind !== 'hive_placed' && step.kind !== 'hive_removed') removedSteps++
    // Boxes on the hive are tare: a harvest takes them off with the honey in them.
    if (step.kind === 'super_added') supersKg += step.removedKg
    else if (step.kind === 'super_removed') supersKg = Math.max(0, supersKg + step.removedKg)
    else if (step.kind === 'feeding') fedKg += step.removedKg
    else if (step.kind === 'harvest') {
      harvestedHoneyKg += Math.max(0, -step.removedKg - supersKg)
      supersKg = 0
    }
  }

  const dailyKg = days.reduce((sum, d) => sum + d.netGainKg, 0)
  const acrossGapsKg = gaps.reduce((sum, g) => sum + g.countedKg, 0)
  const toDateKg = dailyKg + acrossGapsKg
  const gapVariance = gaps.reduce((sum, g) => sum + GAP_SD_KG_PER_SQRT_DAY ** 2 * Math.max(1, g.days) * (g.plausible ? 1 : 4), 0)
  const storesNowKg = Math.max(0, (o.storesAtSeasonStartKg ?? o.region.storesAtSeasonStartKg) + toDateKg + fedKg - harvestedHoneyKg)
  return {
    season,
    asOfDay,
    firstObservedDay: days[0]?.day,
    toDateKg: round(toDateKg),
    acrossGapsKg: round(acrossGapsKg),
    grossGainKg: round(days.reduce((sum, d) => sum + Math.max(0, d.netGainKg), 0)),
    observedDays: days.length,
    completeDays: complete.length,
    removedStepsKg: round(days.reduce((sum, d) => sum + d.removedStepsKg, 0)),
    swarmLossKg: round(days.reduce((sum, d) => sum + d.swarmLossKg, 0)),
    harvestedHoneyKg: round(harvestedHoneyKg),
    fedKg: round(fedKg),
    uncertaintyKg: round(Math.sqrt(removedSteps * STEP_SD_KG ** 2 + gapVariance)),
    storesNowKg: round(storesNowKg),
    reserveKg: o.region.winterReserveKg,
    harvestableNowKg: round(Math.max(0, storesNowKg - o.region.winterReserveKg)),
    gaps,
  }
}

/** Mean net gain of up to three complete days on each side of a gap. */
function neighbourMean(complete: readonly { day: string; netGainKg: number }[], fromDay: string, toDay: string): number {
  const before = complete.filter((d) => d.day < fromDay).slice(-3)
  const after = complete.filter((d) => d.day > toDay).slice(0, 3)
  const near = [...before, ...after]
  return near.length > 0 ? near.reduce((sum, d) => sum + d.netGainKg, 0) / near.length : 0
}
