import type { Severity } from '../../detectors/detector.js'
import { createLocalDayOf } from '../../detectors/grove/local-day.js'
import { stageDate, stageOn, type OliveStageOrDormant, type PhenologyEstimate } from './phenology.js'
import { dayFromNumber, dayNumber } from '../../../platform/time/site-time.js'
import { type LocalDate } from './season-calendar.js'

export const RISK_RULES = ['grove.frost', 'grove.heat', 'grove.drought', 'grove.peacock_spot', 'grove.fruit_fly'] as const
export type RiskRule = (typeof RISK_RULES)[number]

/** One alert of a grove detector from open to resolved; an alert still open ends at the estimate time. */
export interface AlertEpisode {
  rule: RiskRule
  startMs: number
  endMs: number
  severity: Severity
}

/**
 * What the fruit goes through, by stage: a frost or a dry week costs very different shares of the
 * crop before budburst, in bloom, while the stone hardens or while the fruit colours.
 */
export type CropPhase = 'winter' | 'buds' | 'bloom' | 'set' | 'pit' | 'ripening'

const PHASE_OF: Record<OliveStageOrDormant, CropPhase> = {
  dormant: 'winter',
  budburst: 'buds',
  floweringStart: 'bloom',
  fullFlowering: 'bloom',
  floweringEnd: 'set',
  fruitSet: 'set',
  pitHardening: 'pit',
  veraison: 'ripening',
  harvestMaturity: 'ripening',
}

export function cropPhase(stage: OliveStageOrDormant): CropPhase {
  return PHASE_OF[stage]
}

type BySeverity = Record<Severity, number>
type ByPhase<T> = Record<CropPhase, T>
const none: BySeverity = { info: 0, warning: 0, critical: 0 }

/**
 * Share of the crop one frost alert costs. Flowers, inflorescences and young fruit die at about −1 to
 * 0 °C; trees hardened in winter take about −7 °C, below which the shoots that carry this season's
 * flowers are damaged (Barranco, Fernández-Escobar & Rallo (eds.), "El cultivo del olivo", 7th ed.
 * 2017; the frost detector's thresholds); ripe fruit frozen on the tree drop or shrivel. The
 * alert tells only "critical" (the detector's flowering months, or below −7 °C) from "warning", not
 * how cold it got, so the shares are round assumptions for an average such night.
 */
export const FROST_LOSS: ByPhase<BySeverity> = {
  winter: { info: 0, warning: 0, critical: 0.25 },
  buds: { info: 0, warning: 0.1, critical: 0.2 },
  bloom: { info: 0, warning: 0.2, critical: 0.3 },
  set: { info: 0, warning: 0.15, critical: 0.2 },
  pit: { info: 0, warning: 0.02, critical: 0.1 },
  ripening: { info: 0, warning: 0.03, critical: 0.1 },
}

/**
 * Share of the crop one heat alert (air above 40 °C for an hour) costs. Pollen germination and tube
 * growth fall steeply above ~30 °C and fruit set with them (Koubouris, Metzidakis & Vasilakakis
 * 2009, Environ Exp Bot 67:209; Vuletin Selak et al. 2013, Sci Hortic 156:38), so bloom is the
 * sensitive phase; heat after fruit set mostly makes small fruit drop. Shares are our assumption.
 */
export const HEAT_LOSS: ByPhase<BySeverity> = {
  winter: none,
  buds: { info: 0, warning: 0.02, critical: 0.04 },
  bloom: { info: 0, warning: 0.08, critical: 0.15 },
  set: { info: 0, warning: 0.04, critical: 0.08 },
  pit: { info: 0, warning: 0.01, critical: 0.02 },
  ripening: { info: 0, warning: 0.01, critical: 0.02 },
}

/**
 * Share of the crop (fruit) and of the fruit's oil yield (oil) lost per day of drought alert. Water
 * deficit during inflorescence development and bloom cuts fruit set (Rapoport et al. 2012, Environ
 * Exp Bot 77:227); the stone-hardening weeks are the least sensitive, which regulated deficit
 * irrigation exploits (Goldhamer 1999, Acta Hortic 474:369; Moriana et al. 2003, J Am Soc Hortic Sci
 * 128:425); deficit during oil accumulation gives smaller fruit with less oil each, but per kg of
 * fresh fruit the loss is small, as drier fruit also hold less water. Our 'pit' phase runs
 * from pit hardening to veraison and so averages the tolerant weeks with the oil-filling ones.
 * Rates are assumptions, per day of the alert (the detector waits 3 days below the refill point).
 */
export const DROUGHT_LOSS_PER_DAY: ByPhase<{ fruit: number; oil: number }> = {
  winter: { fruit: 0, oil: 0 },
  buds: { fruit: 0.001, oil: 0 },
  bloom: { fruit: 0.006, oil: 0 },
  set: { fruit: 0.004, oil: 0 },
  pit: { fruit: 0.001, oil: 0.0005 },
  ripening: { fruit: 0.0005, oil: 0.0003 },
}

/**
 * Share of the crop one peacock-spot infection alert costs. Infections through winter and spring
 * show as leaf spots weeks later and the leaves drop by flowering: fewer leaves set less fruit; in
 * severe epidemics yield losses of up to ~20 % are reported (Graniti 1993, "Olive scab: a review",
 * EPPO Bull 23:377). Infections after fruit set cost mostly next season's crop, not this one. 1 % a
 * period is our assumption for an average infection in a sprayed grove.
 */
export const PEACOCK_SPOT_LOSS: ByPhase<number> = { winter: 0.01, buds: 0.01, bloom: 0.01, set: 0.005, pit: 0, ripening: 0 }

/**
 * Share of the crop and of the oil yield lost per day of fruit-fly weather. Females lay in fruit
 * from a few mm across, in early summer; infested fruit drop early or lose pulp, and their oil is
 * less and worse (Neuenschwander & Michelakis 1978, Z Angew Entomol 86:420, Crete; Daane & Johnson
 * 2010, Annu Rev Entomol 55:151: untreated, most fruit can be infested). The alert says the weather
 * suits the fly, not how many there are, so rates are small assumptions for a grove with ordinary
 * control.
 */
export const FRUIT_FLY_LOSS_PER_DAY: ByPhase<{ fruit: number; oil: number }> = {
  winter: { fruit: 0, oil: 0 },
  buds: { fruit: 0, oil: 0 },
  bloom: { fruit: 0, oil: 0 },
  set: { fruit: 0.0005, oil: 0 },
  pit: { fruit: 0.002, oil: 0.0015 },
  ripening: { fruit: 0.002, oil: 0.0015 },
}

/** Σ ln(1 − loss) for fruit kg and for the fruit's oil yield: 0 is no loss. Logs add across episodes. */
export interface LogLoss {
  fruit: number
  oil: number
}
export type SeasonLosses = Record<RiskRule, LogLoss>

const HOUR_MS = 3_600_000

function emptyLosses(): SeasonLosses {
  return Object.fromEntries(RISK_RULES.map((rule) => [rule, { fruit: 0, oil: 0 }])) as SeasonLosses
}

/**
 * A season's losses by rule up to `until` (site-local, inclusive; default the estimate's `asOf`),
 * from the detectors' alert episodes and the phenology estimate (stages past its `asOf` are
 * projected, which matters only for episodes near a stage change). Alerts counted per episode take
 * the stage of their first day; alerts counted per day take each hour's stage.
 */
export function seasonLosses(
  episodes: readonly AlertEpisode[],
  phenology: Pick<PhenologyEstimate, 'stages' | 'asOf'>,
  timeZone: string,
  until: LocalDate = phenology.asOf,
): SeasonLosses {
  const localDayOf = createLocalDayOf(timeZone)
  const asOfDay = dayNumber(until)
  const phaseAt = (timeMs: number) => cropPhase(stageOn(phenology, dayFromNumber(localDayOf(timeMs).day)))
  const losses = emptyLosses()
  const add = (rule: RiskRule, fruit: number, oil = 0) => {
    losses[rule].fruit += Math.log(1 - fruit)
    losses[rule].oil += Math.log(1 - oil)
  }

  for (const e of episodes) {
    if (!(e.endMs >= e.startMs)) throw new RangeError(`olive yield: ${e.rule} episode ends before it starts`)
    if (localDayOf(e.startMs).day > asOfDay) continue
    switch (e.rule) {
      case 'grove.frost':
        add(e.rule, FROST_LOSS[phaseAt(e.startMs)][e.severity])
        break
      case 'grove.heat':
        add(e.rule, HEAT_LOSS[phaseAt(e.startMs)][e.severity])
        break
      case 'grove.peacock_spot':
        add(e.rule, PEACOCK_SPOT_LOSS[phaseAt(e.startMs)])
        break
      case 'grove.drought':
      case 'grove.fruit_fly': {
        const perDay = e.rule === 'grove.drought' ? DROUGHT_LOSS_PER_DAY : FRUIT_FLY_LOSS_PER_DAY
        // Hour by hour, so a long alert crossing stages is charged each stage's rate.
        for (let t = e.startMs; t < e.endMs && localDayOf(t).day <= asOfDay; t += HOUR_MS) {
          const share = Math.min(HOUR_MS, e.endMs - t) / (24 * HOUR_MS)
          const rate = perDay[phaseAt(t)]
          losses[e.rule].fruit += share * Math.log(1 - rate.fruit)
          losses[e.rule].oil += share * Math.log(1 - rate.oil)
        }
        break
      }
    }
  }
  return losses
}

/** Mean and variance over past seasons of each rule's log-loss: what an ordinary season costs. */
export interface TypicalLoss {
  mean: LogLoss
  variance: LogLoss
}
export type TypicalLosses = Record<RiskRule, TypicalLoss>

/** A past season with alert history: its episodes, its phenology estimated at its end, its harvest day. */
export interface PastSeasonAlerts {
  episodes: readonly AlertEpisode[]
  phenology: Pick<PhenologyEstimate, 'stages' | 'asOf' | 'chillFrom'>
  harvestedOn?: LocalDate
}

export interface TypicalLossOptions {
  timeZone: string
  /** Days since the chilling start the losses are counted to: today's, for a season under way. */
  daysIntoSeason: number
}

/**
 * Past harvests already carry the damage of their seasons, so this season is only worse (or better)
 * than the record says by what it suffers beyond the ordinary. The ordinary season to date is the
 * mean of the past seasons' losses up to the same day of their season, and never after their harvest:
 * a season half done is compared with the first halves of others.
 *
 * Two or three seasons of alerts say little about how often a bloom frost comes, and a frost in one
 * of them must not promise every later season a bonus. So each rule's mean is shrunk toward "no
 * loss" by its own noise, m · m² / (m² + s²/n) (the signal-to-noise weight of James–Stein-type
 * estimators): a loss every season (drought in a rainfed grove) is kept nearly whole, a loss in one
 * season of two is halved. A single season is halved too, having no spread to judge by.
 */
export function typicalLosses(pastSeasons: readonly PastSeasonAlerts[], options: TypicalLossOptions): TypicalLosses {
  const losses = pastSeasons.map((past) => {
    const sameDay = dayFromNumber(dayNumber(past.phenology.chillFrom) + options.daysIntoSeason)
    const harvest = past.harvestedOn ?? stageDate(past.phenology, 'harvestMaturity') ?? past.phenology.asOf
    return seasonLosses(past.episodes, past.phenology, options.timeZone, sameDay < harvest ? sameDay : harvest)
  })
  const n = losses.length
  const stat = (rule: RiskRule, key: keyof LogLoss) => {
    if (n === 0) return { mean: 0, variance: 0 }
    const values = losses.map((s) => s[rule][key])
    const mean = values.reduce((a, b) => a + b, 0) / n
    if (n === 1) return { mean: mean / 2, variance: 0 }
    const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)
    const weight = mean === 0 ? 0 : mean ** 2 / (mean ** 2 + variance / n)
    return { mean: mean * weight, variance }
  }
  return Object.fromEntries(
    RISK_RULES.map((rule) => {
      const fruit = stat(rule, 'fruit')
      const oil = stat(rule, 'oil')
      return [rule, { mean: { fruit: fruit.mean, oil: oil.mean }, variance: { fruit: fruit.variance, oil: oil.variance } }]
    }),
  ) as TypicalLosses
}

/**
 * What an alert costs is known to within about half: the alert does not say how cold or how hot it
 * got, how many flowers were open, how well the grove was sprayed. σ of ln(factor) = this × |ln(factor)|.
 */
export const LOSS_UNCERTAINTY = 0.5

export interface RiskAdjustment {
  /** Multiplier of the bearing forecast: this season's damage so far against an ordinary season's to date. */
  fruitFactor: number
  /** Multiplier of the variety's oil yield, the same way. */
  oilFactor: number
  /** Variance of ln(kg) settled by now: how much past seasons' damage to date differed. */
  resolvedFruitVariance: number
  resolvedOilVariance: number
  /** Variance of ln(kg) and ln(oil %) the factors add, from LOSS_UNCERTAINTY. */
  addedFruitVariance: number
  addedOilVariance: number
  byRule: Record<RiskRule, { fruitFactor: number; oilFactor: number }>
}

/**
 * exp(observed − typical), per rule: a season with an ordinary share of trouble so far keeps the
 * record's forecast; the rest of the season is assumed ordinary. Without `typical` (no alert
 * history) every alert counts in full.
 */
export function riskAdjustment(observed: SeasonLosses, typical: TypicalLosses | undefined): RiskAdjustment {
  const byRule = {} as RiskAdjustment['byRule']
  let fruitLog = 0
  let oilLog = 0
  let resolvedFruitVariance = 0
  let resolvedOilVariance = 0
  let addedFruitVariance = 0
  let addedOilVariance = 0
  for (const rule of RISK_RULES) {
    const t = typical?.[rule]
    const fruit = observed[rule].fruit - (t?.mean.fruit ?? 0)
    const oil = observed[rule].oil - (t?.mean.oil ?? 0)
    byRule[rule] = { fruitFactor: Math.exp(fruit), oilFactor: Math.exp(oil) }
    fruitLog += fruit
    oilLog += oil
    resolvedFruitVariance += t?.variance.fruit ?? 0
    resolvedOilVariance += t?.variance.oil ?? 0
    addedFruitVariance += (LOSS_UNCERTAINTY * fruit) ** 2
    addedOilVariance += (LOSS_UNCERTAINTY * oil) ** 2
  }
  return {
    fruitFactor: Math.exp(fruitLog),
    oilFactor: Math.exp(oilLog),
    resolvedFruitVariance,
    resolvedOilVariance,
    addedFruitVariance,
    addedOilVariance,
    byRule,
  }
}
