import type { WeightOptions } from './weight-options.js'

/** One weight sample. */
export interface WeightSample {
  t: number
  kg: number
}

/** A step away from the hive's level that has not yet come back or settled. */
export interface OpenEpisode {
  levelBeforeKg: number
  /** The samples at the level just before the step (within `suddenWithinMs`, at least the last one). */
  lead: WeightSample[]
  /** Samples off the level, first to latest. */
  samples: WeightSample[]
  /** Index in `samples` where the weight last moved: the new level being confirmed starts there. */
  plateauFrom: number
}

export type EpisodeKind =
  | 'swarm'
  | 'inspection'
  | 'super_added'
  | 'super_removed'
  | 'harvest'
  | 'hive_placed'
  | 'hive_removed'
  | 'glitch'
  | 'minor'

export interface EpisodeShape {
  kind: EpisodeKind
  /** First sample off the level. */
  startMs: number
  /** The sample that closed the episode (came back, or confirmed the new level). */
  endMs: number
  /** When the weight reached the level it ended at: the last step. */
  levelFromMs: number
  levelBeforeKg: number
  levelAfterKg: number
  netKg: number
  /** Largest departure from the level before, signed. */
  excursionKg: number
  /** The largest loss between two samples ≤ `suddenWithinMs` apart (or consecutive ≤ `maxStepGapMs`). */
  suddenLoss: { kg: number; fromMs: number; toMs: number }
  returned: boolean
}

/** How an episode closed: the weight came back (`returned`) or held a new level since `levelFromMs`. */
export interface EpisodeEnd {
  atMs: number
  levelFromMs: number
  levelAfterKg: number
  returned: boolean
}

/**
 * Names what a closed episode was, from its shape alone (Meikle & Holst 2015 review how hive-weight
 * series show visits, harvests and swarms; the hivescaler README's step classes are the same idea):
 * - came back within tolerance: a `glitch` if one or two samples went absurdly far (≥ `glitchKg`, or
 *   below −1 kg), or if a single sample left between neighbours ≤ `denseSamplingMs` away (a visit
 *   lasts long enough to be seen twice); else an `inspection` if it moved ≥ 2 kg, else `minor`;
 * - stayed: `hive_placed` from an empty scale, `hive_removed` when the scale is near empty (theft's
 *   business), `swarm` when the loss is swarm-sized, sudden and one-way, a box step
 *   (`super_added`, `super_removed`, `harvest`) when ≥ 3 kg, an `inspection` when most of what was
 *   lifted was put back, else `minor`.
 */
export function classifyEpisode(episode: OpenEpisode, end: EpisodeEnd, o: WeightOptions): EpisodeShape {
  const before = episode.levelBeforeKg
  const excursion = episode.samples.reduce((largest, s) => (Math.abs(s.kg - before) > Math.abs(largest) ? s.kg - before : largest), 0)
  const shape: EpisodeShape = {
    kind: 'minor',
    startMs: episode.samples[0]!.t,
    endMs: end.atMs,
    levelFromMs: end.levelFromMs,
    levelBeforeKg: before,
    levelAfterKg: end.levelAfterKg,
    netKg: end.levelAfterKg - before,
    excursionKg: excursion,
    suddenLoss: suddenLoss([...episode.lead, ...episode.samples], o),
    returned: end.returned,
  }
  const offLevel = end.returned ? episode.samples.slice(0, -1) : episode.samples
  if (end.returned && offLevel.length === 1 && isolatedSample(episode, o)) return { ...shape, kind: 'glitch' }
  return { ...shape, kind: kindOf(shape, offLevel, o) }
}

/** One sample off the level between two close neighbours at it: dense sampling sees a visit twice. */
function isolatedSample(episode: OpenEpisode, o: WeightOptions): boolean {
  const before = episode.lead.at(-1)
  const [off, back] = episode.samples
  if (before === undefined || off === undefined || back === undefined) return false
  // The sample before sat at the level: a visit lifting the roof first would show there already.
  const fromLevel = Math.abs(before.kg - episode.levelBeforeKg) < o.stepKg / 2
  return fromLevel && off.t - before.t <= o.denseSamplingMs && back.t - off.t <= o.denseSamplingMs
}

/**
 * The steepest fall: the largest loss from a sample to a later one within `suddenWithinMs`, or to the
 * next one. Of the pairs within 5 % of that loss (scale noise), the shortest gives the duration.
 */
function suddenLoss(samples: readonly WeightSample[], o: WeightOptions): EpisodeShape['suddenLoss'] {
  const pairs: EpisodeShape['suddenLoss'][] = []
  for (let i = 0; i < samples.length; i++) {
    for (let j = i + 1; j < samples.length; j++) {
      const span = samples[j]!.t - samples[i]!.t
      if (span > o.suddenWithinMs && !(j === i + 1 && span <= o.maxStepGapMs)) break
      pairs.push({ kg: samples[i]!.kg - samples[j]!.kg, fromMs: samples[i]!.t, toMs: samples[j]!.t })
    }
  }
  const largest = Math.max(0, ...pairs.map((p) => p.kg))
  const shortest = pairs
    .filter((p) => p.kg > 0 && p.kg >= 0.95 * largest)
    .reduce<EpisodeShape['suddenLoss'] | undefined>((a, b) => (a && a.toMs - a.fromMs <= b.toMs - b.fromMs ? a : b), undefined)
  return shortest ?? { kg: 0, fromMs: samples[0]!.t, toMs: samples[0]!.t }
}

function kindOf(shape: EpisodeShape, offLevel: readonly WeightSample[], o: WeightOptions): EpisodeKind {
  const { levelBeforeKg, levelAfterKg, netKg, excursionKg } = shape
  if (shape.returned) {
    const absurd = Math.abs(excursionKg) >= o.glitchKg || offLevel.some((s) => s.kg < -1)
    if (offLevel.length <= 2 && absurd) return 'glitch'
    return Math.abs(excursionKg) >= o.inspectionMinKg ? 'inspection' : 'minor'
  }
  if (levelBeforeKg < o.minHiveKg) return levelAfterKg >= o.minHiveKg ? 'hive_placed' : 'minor'
  if (levelAfterKg < o.nearZeroKg) return 'hive_removed'
  if (isSwarmShaped(shape, offLevel, o)) return 'swarm'
  if (Math.abs(netKg) >= o.levelShiftMinKg) {
    if (netKg > 0) return 'super_added'
    return -netKg >= o.harvestMinKg ? 'harvest' : 'super_removed'
  }
  return Math.abs(excursionKg) - Math.abs(netKg) >= o.inspectionMinKg ? 'inspection' : 'minor'
}

/**
 * A swarm leaves in one go and does not come back: the loss is 1.2–5 kg, at least ¾ of it within
 * 20 min (or between two consecutive samples of a slower scale), nothing was added on the way, and
 * the weight did not climb back from its lowest point (a beekeeper puts boxes back; a swarm stays
 * gone). The afternoon dip of foragers out and a warming scale falls over two hours or more.
 */
function isSwarmShaped(shape: EpisodeShape, offLevel: readonly WeightSample[], o: WeightOptions): boolean {
  const loss = -shape.netKg
  if (loss < o.swarmMinKg || loss > o.swarmMaxKg) return false
  const lowest = Math.min(...offLevel.map((s) => s.kg))
  const highest = Math.max(...offLevel.map((s) => s.kg))
  if (highest > shape.levelBeforeKg + o.returnToleranceKg) return false
  if (shape.levelAfterKg - lowest > Math.max(o.returnToleranceKg / 2, 0.25 * loss)) return false
  return shape.suddenLoss.kg >= 0.75 * loss
}
