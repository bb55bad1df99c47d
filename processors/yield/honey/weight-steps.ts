import { nearestIntervention, type Intervention, type InterventionKind } from './interventions.js'
import type { NetGainOptions } from './net-gain-options.js'
import type { CleanSample } from './weight-cleaning.js'

/**
 * Finds the steps in a hive's weight that are not production: visits (an inspection lifts boxes
 * and puts them back, a super goes on or comes off, a harvest takes the honey), feeding, a swarm
 * leaving, the hive set on or taken off the scale, and sensor glitches. It works on the whole
 * series at once, so each step is measured from robust levels on both sides (median of a few
 * samples, Theil–Sen slopes), the way the hivescaler README sizes its steps and Meikle & Holst
 * (2015, Apidologie 46:10–28) read visits and swarms off hive-weight series.
 */
export type StepKind = InterventionKind | 'swarm' | 'glitch' | 'hive_placed' | 'hive_removed'

export interface WeightStep {
  kind: StepKind
  /** The last sample at the level before the step and the first one at the level after it. */
  fromMs: number
  toMs: number
  fromIndex: number
  toIndex: number
  /**
   * Weight change that is not the colony's work, taken out of production: the level after minus
   * the level before minus what the colony itself did meanwhile (the trend on both sides). 0 for a
   * glitch; for a swarm it is the colony's loss, reported apart from production.
   */
  removedKg: number
  /** Largest departure from the level before during the step, signed. */
  excursionKg: number
  /** The recorded intervention that names the step, when one was near. */
  recorded?: Intervention
}

const HOUR_MS = 3_600_000
/** Swarms issue from late morning to mid-afternoon on fair days (Seeley 2010, Honeybee Democracy, ch. 3). */
const SWARM_HOURS = { from: 9, to: 18 }

interface Group {
  a: number
  b: number
}

/**
 * `interventions` should leave out those reserved for gaps (the scale cannot have seen them);
 * `localHour` gives the site's hour of an instant (swarms fly by day).
 */
export function findSteps(
  samples: readonly CleanSample[],
  interventions: readonly Intervention[],
  localHour: (timeMs: number) => number,
  o: NetGainOptions,
): WeightStep[] {
  const groups = groupJumps(samples, markJumps(samples, interventions, o), o)
  const steps: WeightStep[] = []
  groups.forEach((group, g) => {
    const previousEnd = g > 0 ? groups[g - 1]!.b : 0
    const nextStart = g + 1 < groups.length ? groups[g + 1]!.a : samples.length - 1
    const step = measureStep(samples, group, previousEnd, nextStart, interventions, localHour, o)
    if (step) steps.push(step)
  })
  return steps
}

function isOff(sample: CleanSample, o: NetGainOptions): boolean {
  return sample.kg < o.minHiveKg
}

/** `jump[i]`: the change from sample i − 1 to i is too sudden to be the colony's. */
function markJumps(s: readonly CleanSample[], interventions: readonly Intervention[], o: NetGainOptions): boolean[] {
  const jump = s.map(() => false)
  const threshold = (fromMs: number, toMs: number) => {
    const extraH = Math.max(0, toMs - fromMs - o.stepWithinMs) / HOUR_MS
    const base = o.stepKg + o.peakRateKgPerH * extraH
    const recorded = nearestIntervention(interventions, fromMs, toMs, o.recordedMatchMs)
    return recorded ? base * o.recordedStepFactor : base
  }
  for (let i = 1; i < s.length; i++) {
    const prev = s[i - 1]!
    const cur = s[i]!
    if (cur.t - prev.t > o.maxBridgeMs) continue
    if (isOff(prev, o) !== isOff(cur, o) || Math.abs(cur.kg - prev.kg) >= threshold(prev.t, cur.t)) jump[i] = true
  }
  // A step spread over two short intervals, neither big enough alone (a swarm pouring out).
  for (let i = 2; i < s.length; i++) {
    const [before, mid, cur] = [s[i - 2]!, s[i - 1]!, s[i]!]
    if (jump[i - 1] || jump[i] || cur.t - before.t > o.stepWithinMs) continue
    const sameWay = Math.sign(mid.kg - before.kg) === Math.sign(cur.kg - mid.kg)
    if (sameWay && Math.abs(cur.kg - before.kg) >= threshold(before.t, cur.t)) jump[i - 1] = jump[i] = true
  }
  return jump
}

/** Jumps within `joinMs` of each other are one event: [a, b] are its framing samples. */
function groupJumps(s: readonly CleanSample[], jump: readonly boolean[], o: NetGainOptions): Group[] {
  const groups: Group[] = []
  for (let i = 1; i < s.length; i++) {
    if (!jump[i]) continue
    const last = groups.at(-1)
    if (last && s[i - 1]!.t - s[last.b]!.t <= o.joinMs) last.b = i
    else groups.push({ a: i - 1, b: i })
  }
  return groups
}

/** Theil–Sen slope in kg/ms: the median of pairwise slopes, so one odd sample cannot tilt it. */
function robustSlope(points: readonly CleanSample[]): number | undefined {
  const slopes: number[] = []
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const dt = points[j]!.t - points[i]!.t
      if (dt > 0) slopes.push((points[j]!.kg - points[i]!.kg) / dt)
    }
  }
  return slopes.length > 0 ? median(slopes) : undefined
}

function median(values: readonly number[]): number {
  const sorted = values.toSorted((x, y) => x - y)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** The level at `atMs` from nearby samples on one side: the median of them carried along the slope. */
function levelAt(points: readonly CleanSample[], slope: number, atMs: number): number {
  return median(points.map((p) => p.kg + slope * (atMs - p.t)))
}

function sideSamples(s: readonly CleanSample[], from: number, to: number, step: 1 | -1, o: NetGainOptions): CleanSample[] {
  const anchor = s[from]!
  const picked: CleanSample[] = []
  for (let i = from; step === 1 ? i <= to : i >= to; i += step) {
    const sample = s[i]!
    if (Math.abs(sample.t - anchor.t) > o.levelWindowMs || picked.length >= o.levelSamples) break
    if (!isOff(sample, o)) picked.push(sample)
  }
  return picked
}

function measureStep(
  s: readonly CleanSample[],
  group: Group,
  previousEnd: number,
  nextStart: number,
  interventions: readonly Intervention[],
  localHour: (timeMs: number) => number,
  o: NetGainOptions,
): WeightStep | undefined {
  const { a } = group
  const start = s[a]!
  const offBefore = isOff(start, o)
  const offAfter = isOff(s[group.b]!, o)
  if (offBefore && offAfter) return undefined
  if (offBefore || offAfter) {
    const change = s[group.b]!.kg - start.kg
    return { kind: offBefore ? 'hive_placed' : 'hive_removed', fromMs: start.t, toMs: s[group.b]!.t, fromIndex: a, toIndex: group.b, removedKg: change, excursionKg: change }
  }
  const levels = (b: number) => {
    const before = sideSamples(s, a, previousEnd, -1, o)
    const after = sideSamples(s, b, nextStart, 1, o)
    const maxSlope = o.peakRateKgPerH / HOUR_MS
    const clampSlope = (slope: number | undefined) => (slope === undefined ? undefined : Math.max(-maxSlope, Math.min(maxSlope, slope)))
    const slopeBefore = clampSlope(robustSlope(before))
    const slopeAfter = clampSlope(robustSlope(after))
    const known = [slopeBefore, slopeAfter].filter((x) => x !== undefined)
    // The colony keeps working during a visit: its trend on both sides carries across the step.
    const trend = known.length > 0 ? known.reduce((x, y) => x + y, 0) / known.length : 0
    const levelBefore = levelAt(before, slopeBefore ?? trend, start.t)
    const levelAfter = levelAt(after, slopeAfter ?? trend, s[b]!.t)
    return { levelBefore, levelAfter, netKg: levelAfter - levelBefore - trend * (s[b]!.t - start.t) }
  }

  const first = levels(group.b)
  const firstInside = s.slice(a + 1, group.b)
  if (
    Math.abs(first.levelAfter - first.levelBefore) < o.stepKg &&
    firstInside.length > 0 &&
    firstInside.length <= 2 &&
    firstInside.some((p) => Math.abs(p.kg - first.levelBefore) >= o.glitchKg)
  ) {
    return { kind: 'glitch', fromMs: start.t, toMs: s[group.b]!.t, fromIndex: a, toIndex: group.b, removedKg: 0, excursionKg: firstInside[0]!.kg - first.levelBefore }
  }
  const b = settled(s, group.b, nextStart, o)
  const { levelBefore, levelAfter, netKg } = b === group.b ? first : levels(b)
  const end = s[b]!
  const inside = s.slice(a + 1, b)
  const excursionKg = inside.reduce((largest, p) => (Math.abs(p.kg - levelBefore) > Math.abs(largest) ? p.kg - levelBefore : largest), netKg)
  const recorded = nearestIntervention(interventions, start.t, end.t, o.recordedMatchMs)
  // Big natural change between sparse samples, framed as a jump but not one once the trend is out.
  const threshold = recorded ? o.stepKg * o.recordedStepFactor : o.stepKg
  if (firstInside.length === 0 && Math.abs(first.netKg) < threshold / 2) return undefined

  // One way: nothing lifted off beyond the new level or put on beyond the old one on the way.
  const lo = Math.min(levelBefore, levelAfter) - o.stepKg / 3
  const hi = Math.max(levelBefore, levelAfter) + o.stepKg / 3
  const oneWay = inside.every((p) => p.kg >= lo && p.kg <= hi)
  const kind = stepKind(netKg, oneWay, recorded, localHour(end.t), o)
  if (kind === 'super_added' && oneWay && !recorded && s[group.b]!.kg - start.kg < o.minUnrecordedRiseKg) return undefined
  return { kind, fromMs: start.t, toMs: end.t, fromIndex: a, toIndex: b, removedKg: netKg, excursionKg, ...(recorded ? { recorded } : {}) }
}

/** The first sample `settleMs` after the step, if the scale kept reporting and nothing else moved. */
function settled(s: readonly CleanSample[], b: number, nextStart: number, o: NetGainOptions): number {
  for (let j = b + 1; j <= nextStart && j < s.length; j++) {
    if (s[j]!.t - s[j - 1]!.t > o.maxBridgeMs || isOff(s[j]!, o)) return b
    if (s[j]!.t >= s[b]!.t + o.settleMs) return j
  }
  return b
}

/**
 * A record names the step, unless it says "inspection" or "treatment" and the weight stayed off by a
 * box's worth (a super added during an inspection). Otherwise the shape decides: came back → an
 * inspection; up → a super (or feed); down by a harvest's worth → a harvest; a one-way, daytime loss
 * of swarm size with no visit recorded → a swarm; any other loss → a super removed.
 */
function stepKind(
  netKg: number,
  oneWay: boolean,
  recorded: Intervention | undefined,
  hour: number,
  o: NetGainOptions,
): StepKind {
  const byShape: StepKind =
    Math.abs(netKg) < o.stepKg ? 'inspection' : netKg > 0 ? 'super_added' : -netKg >= o.harvestMinKg ? 'harvest' : 'super_removed'
  if (recorded) {
    const small = recorded.kind === 'inspection' || recorded.kind === 'treatment'
    return small && byShape !== 'inspection' ? byShape : recorded.kind
  }
  const swarmSized = -netKg >= o.swarmKg.min && -netKg <= o.swarmKg.max
  if (swarmSized && oneWay && hour >= SWARM_HOURS.from && hour < SWARM_HOURS.to) return 'swarm'
  return byShape
}
