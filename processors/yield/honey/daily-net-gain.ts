import { signedInterventionKg, type Intervention } from './interventions.js'
import { netGainOptions, type NetGainOptions } from './net-gain-options.js'
import { addDays, createSiteCalendar, type SiteCalendar } from '../../../platform/time/site-time.js'
import { cleanWeights, type CleaningReport, type CleanSample, type WeightSample } from './weight-cleaning.js'
import { findSteps, type StepKind, type WeightStep } from './weight-steps.js'

/**
 * A hive's production per site-local day: what the colony added or used, with every step that
 * was not its doing taken out (visits, supers, harvests, feeding, a swarm, glitches). This is what
 * BroodMinder calls daily "productivity" (net work of the bees, beekeeper interventions excluded,
 * positive or negative: doc.mybroodminder.com, "Working with Weight and Productivity") and what
 * Meikle et al. (2008, Apidologie 39:694–707) track as the change of the running-average weight.
 *
 * Production between two samples is their weight difference, less any step between them; a day's
 * production is the sum over its intervals, those that straddle midnight shared by time (at night
 * the foragers are home and the weight moves slowly). Samples further apart than `maxBridgeMs` are a
 * gap: the days it covers get no fabricated gain (their coverage says how much of them was seen),
 * and the change across it is reported with the gap, for the season total to judge.
 */
export type DayFlag = StepKind | 'partial' | 'gap' | 'off_scale' | 'recorded' | 'recorded_not_seen'

export interface DailyNetGain {
  /** Site-local day, 'YYYY-MM-DD'. */
  day: string
  /** Production of the colony over the part of the day that was observed (see `coverage`). */
  netGainKg: number
  /** Steps taken out because they were not production: supers, harvests, feeding, visits. */
  removedStepsKg: number
  /** What a swarm took away that day: a colony loss, not negative production. */
  swarmLossKg: number
  /** Weight samples that day that were used. */
  samples: number
  /** Share of the local day (23, 24 or 25 h) covered by observed intervals. */
  coverage: number
  flags: DayFlag[]
}

export interface WeightGap {
  fromMs: number
  toMs: number
  /** Weight after the gap minus weight before it. */
  changeKg: number
  /** What the recorded interventions inside the gap put on (+) or took off (−). */
  recordedKg: number
  /** The hive was off the scale (or the scale empty) meanwhile. */
  offScale: boolean
}

export interface NetGainResult {
  days: DailyNetGain[]
  /** Every step found or recorded, in time order; `removedKg` is what left production. */
  steps: WeightStep[]
  gaps: WeightGap[]
  cleaning: CleaningReport
  /** Recorded interventions big enough to show on the scale that it did not show: check them. */
  unseenInterventions: Intervention[]
}

export interface NetGainInput {
  samples: readonly WeightSample[]
  /** The site's IANA time zone: days are its local days. */
  timeZone: string
  interventions?: readonly Intervention[]
  options?: Partial<NetGainOptions>
}

interface Span {
  fromMs: number
  toMs: number
  kg: number
}

const round = (kg: number) => Math.round(kg * 1000) / 1000

export function computeNetGain(input: NetGainInput): NetGainResult {
  const o = netGainOptions(input.options)
  const calendar = createSiteCalendar(input.timeZone)
  const interventions = (input.interventions ?? []).filter((i) => Number.isFinite(i.atMs)).toSorted((x, y) => x.atMs - y.atMs)
  const { samples, report } = cleanWeights(input.samples, o)

  // Interventions inside a silence of the scale cannot frame a step it saw: keep them for the gap.
  const inRawGap = (atMs: number) => samples.some((s, i) => i > 0 && s.t > atMs && samples[i - 1]!.t < atMs && s.t - samples[i - 1]!.t > o.maxBridgeMs)
  const visible = interventions.filter((i) => !inRawGap(i.atMs))
  const found = findSteps(samples, visible, (t) => calendar.localHour(t), o)

  const { spans, gaps } = walkLevels(samples, found, interventions, o)
  const used = new Set(found.map((s) => s.recorded).filter((r) => r !== undefined))
  const inGap = (atMs: number) => gaps.some((g) => atMs > g.fromMs && atMs < g.toMs)
  const small: WeightStep[] = []
  const unseen: Intervention[] = []
  for (const intervention of interventions) {
    const kg = signedInterventionKg(intervention)
    if (used.has(intervention) || inGap(intervention.atMs) || !kg) continue
    const span = spans.find((s) => intervention.atMs >= s.fromMs && intervention.atMs <= s.toMs)
    if (!span) continue
    if (Math.abs(kg) >= o.stepKg * o.recordedStepFactor) {
      // Big enough to see, yet not seen: a wrong hive or time; subtracting it would invent a step.
      unseen.push(intervention)
      continue
    }
    // Too small for the scale to show as a step (a treatment strip, a little feed): trust the record.
    span.kg -= kg
    const at = intervention.atMs
    small.push({ kind: intervention.kind, fromMs: at, toMs: at, fromIndex: -1, toIndex: -1, removedKg: kg, excursionKg: kg, recorded: intervention })
  }
  const steps = [...found, ...small].toSorted((x, y) => x.fromMs - y.fromMs)
  return { days: aggregateDays(calendar, samples, spans, steps, gaps, unseen, o), steps, gaps, cleaning: report, unseenInterventions: unseen }
}

/**
 * Walks the samples at the hive's level (not inside a step, not off the scale) pairwise: covered
 * intervals carry production (weight change less the step between them), the rest are gaps.
 */
function walkLevels(samples: readonly CleanSample[], steps: readonly WeightStep[], interventions: readonly Intervention[], o: NetGainOptions) {
  const inside = new Set<number>()
  const stepFrom = new Map<number, WeightStep>()
  for (const step of steps) {
    for (let i = step.fromIndex + 1; i < step.toIndex; i++) inside.add(i)
    if (step.kind !== 'hive_placed' && step.kind !== 'hive_removed') stepFrom.set(step.fromIndex, step)
  }
  const spans: Span[] = []
  const gaps: WeightGap[] = []
  let previous: number | undefined
  samples.forEach((sample, i) => {
    const off = sample.kg < o.minHiveKg
    if (off || inside.has(i)) return
    if (previous !== undefined) {
      const from = samples[previous]!
      const step = stepFrom.get(previous)
      if (step && step.toIndex === i) {
        spans.push({ fromMs: from.t, toMs: sample.t, kg: sample.kg - from.kg - step.removedKg })
      } else {
        const offScale = samples.slice(previous + 1, i).some((s) => s.kg < o.minHiveKg)
        if (offScale || sample.t - from.t > o.maxBridgeMs) {
          const recordedKg = interventions
            .filter((r) => r.atMs > from.t && r.atMs < sample.t)
            .reduce((sum, r) => sum + (signedInterventionKg(r) ?? 0), 0)
          gaps.push({ fromMs: from.t, toMs: sample.t, changeKg: round(sample.kg - from.kg), recordedKg: round(recordedKg), offScale })
        } else {
          spans.push({ fromMs: from.t, toMs: sample.t, kg: sample.kg - from.kg })
        }
      }
    }
    previous = i
  })
  return { spans, gaps }
}

interface DayTotals {
  kg: number
  coveredMs: number
  removedKg: number
  swarmKg: number
  samples: number
  flags: Set<DayFlag>
}

function aggregateDays(
  calendar: SiteCalendar,
  samples: readonly CleanSample[],
  spans: readonly Span[],
  steps: readonly WeightStep[],
  gaps: readonly WeightGap[],
  unseen: readonly Intervention[],
  o: NetGainOptions,
): DailyNetGain[] {
  const days = new Map<string, DayTotals>()
  const totals = (day: string) => {
    let t = days.get(day)
    if (!t) days.set(day, (t = { kg: 0, coveredMs: 0, removedKg: 0, swarmKg: 0, samples: 0, flags: new Set() }))
    return t
  }
  for (const span of spans) {
    let t = span.fromMs
    do {
      const { day, endMs } = calendar.dayAround(t)
      const until = Math.min(span.toMs, endMs)
      const share = span.toMs > span.fromMs ? (until - t) / (span.toMs - span.fromMs) : 1
      const acc = totals(day)
      acc.kg += share * span.kg
      acc.coveredMs += until - t
      t = until
    } while (t < span.toMs)
  }
  for (const sample of samples) if (sample.kg >= o.minHiveKg) totals(calendar.dayOf(sample.t)).samples++
  for (const step of steps) {
    const acc = totals(calendar.dayOf((step.fromMs + step.toMs) / 2))
    acc.flags.add(step.kind)
    if (step.recorded) acc.flags.add('recorded')
    if (step.kind === 'swarm') acc.swarmKg -= step.removedKg
    else if (step.kind !== 'hive_placed' && step.kind !== 'hive_removed') acc.removedKg += step.removedKg
  }
  for (const gap of gaps) {
    for (let day = calendar.dayOf(gap.fromMs); day <= calendar.dayOf(gap.toMs); day = addDays(day, 1)) {
      const acc = days.get(day)
      acc?.flags.add('gap')
      if (gap.offScale) acc?.flags.add('off_scale')
    }
  }
  for (const intervention of unseen) days.get(calendar.dayOf(intervention.atMs))?.flags.add('recorded_not_seen')

  return [...days.entries()]
    .filter(([, t]) => t.coveredMs > 0)
    .sort(([x], [y]) => (x < y ? -1 : 1))
    .map(([day, t]) => {
      const coverage = Math.min(1, t.coveredMs / (calendar.startOf(addDays(day, 1)) - calendar.startOf(day)))
      if (coverage < o.completeCoverage) t.flags.add('partial')
      return {
        day,
        netGainKg: round(t.kg),
        removedStepsKg: round(t.removedKg),
        swarmLossKg: round(t.swarmKg),
        samples: t.samples,
        coverage: Math.round(coverage * 1000) / 1000,
        flags: [...t.flags].sort(),
      }
    })
}
