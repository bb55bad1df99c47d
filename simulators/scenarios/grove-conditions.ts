import { solarDayAt, valueAt, type DeviceSeries } from './device-series.js'
import { REFILL_POINT_VWC_PCT, ROOT_ZONE_FIELD } from './drip-irrigation.js'
import { DAY_MS, HOUR_MS } from './event-recipe.js'
import { labelledEvent, type GroveConditionKind, type LabelledEvent } from './labelled-event.js'

/**
 * Truth for the grove condition rules, read off the series once weather and irrigation are in and
 * before any sensor fault: a condition is about the grove, not about what a failing sensor makes
 * of it. It holds or it does not, whether an episode was injected or the model's weather made it;
 * each event says which (`details.origin`). The definitions are crisp on purpose; detectors may
 * use their own thresholds and are scored against these.
 */

/** Frost damages flowers and young fruit once the air is below 0 °C for an hour or more. */
const FROST = { belowC: 0, minMs: HOUR_MS, mergeMs: 6 * HOUR_MS }
/**
 * Heat stress: olive photosynthesis and fruit set suffer in sustained heat; we call air above
 * 40 °C for two hours or more a heat event, and join hot afternoons less than 18 h apart into one.
 */
const HEAT = { aboveC: 40, minMs: 2 * HOUR_MS, mergeMs: 18 * HOUR_MS }
/** Root zone below the refill point (FAO-56, see drip-irrigation.ts) for three days or more. */
const DROUGHT = { minMs: 3 * DAY_MS }
/**
 * Peacock spot (Venturia oleaginea, syn. Spilocaea oleagina) infects through long leaf wetness at
 * mild temperatures. Obanor et al. 2008 (Eur. J. Plant Pathol. 120:211): conidia germinate from 5
 * to 25 °C, best at 15–20 °C, and more the longer leaves stay wet (6–48 h tested); Viruega et al.
 * 2011 (Plant Dis. 95:1139, as Fusicladium oleagineum) found infection needs long wetness, about
 * 12 h or more near the ~15 °C optimum and longer away from it. Our criterion: a wet spell of ≥ 12 h with a mean
 * temperature of 10–20 °C. "Wet" is half the sensor surface or more.
 */
const PEACOCK_SPOT = { wetPct: 50, minMs: 12 * HOUR_MS, meanC: { lo: 10, hi: 20 } }
/**
 * Olive fruit fly (Bactrocera oleae) adults are active on days whose maximum lies in about
 * 16–32 °C: below ~17 °C they barely fly, egg-laying stops near 29–32 °C and activity stops above
 * ~35 °C (Johnson et al. 2011, Calif. Agric. 65:29, after Israeli field work; Wang et al. 2009,
 * Environ. Entomol. 38:1496, on summer heat suppressing reproduction). An activity window is three
 * or more such days in a row while the fruit is receptive: from pit hardening (early July in
 * Andalusia) to harvest (to December).
 */
const FRUIT_FLY = { dayMaxC: { lo: 16, hi: 32 }, minDays: 3, fruitMonths: { north: [7, 12], south: [1, 6] } } as const
/** A day needs half its samples to judge its maximum. */
const MIN_DAY_COVERAGE = 0.5

interface Run {
  from: number
  to: number
  /** Time the condition held, sample by sample: a run may bridge single samples against it. */
  heldMs: number
}

/** Runs of samples where `holds`; one sample against it (noise at the threshold) does not split a run. */
function runsWhere(s: DeviceSeries, holds: (j: number) => boolean): Run[] {
  const runs: Run[] = []
  for (let j = 0; j < s.readings.length; j++) {
    if (!holds(j)) continue
    const last = runs.at(-1)
    if (last && j - last.to <= 2) {
      last.to = j
      last.heldMs += s.intervalMs
    } else runs.push({ from: j, to: j, heldMs: s.intervalMs })
  }
  return runs
}

function mergeWithin(s: DeviceSeries, runs: Run[], gapMs: number): Run[] {
  const merged: Run[] = []
  for (const run of runs) {
    const last = merged.at(-1)
    if (last && s.timesMs[run.from]! - s.timesMs[last.to]! <= gapMs) {
      last.to = run.to
      last.heldMs += run.heldMs
    } else merged.push({ ...run })
  }
  return merged
}

function extreme(s: DeviceSeries, run: Run, field: 'air_temp_c' | typeof ROOT_ZONE_FIELD, pick: (a: number, b: number) => number): number {
  let value = valueAt(s, run.from, field)
  for (let j = run.from; j <= run.to; j++) value = pick(value, valueAt(s, j, field))
  return value
}

function origin(s: DeviceSeries, kind: GroveConditionKind, startMs: number, endMs: number): string {
  return s.injected.some((e) => e.kind === kind && e.startMs <= endMs && e.endMs >= startMs) ? 'injected' : 'natural'
}

function toEvent(s: DeviceSeries, kind: GroveConditionKind, run: Pick<Run, 'from' | 'to'>, details: Record<string, number>): LabelledEvent {
  const [startMs, endMs] = [s.timesMs[run.from]!, s.timesMs[run.to]!]
  return labelledEvent(s.deviceId, kind, startMs, endMs, { ...details, origin: origin(s, kind, startMs, endMs) })
}

function temperatureEpisodes(s: DeviceSeries): LabelledEvent[] {
  const air = (j: number) => valueAt(s, j, 'air_temp_c')
  const episodes = (kind: 'frost' | 'heat', holds: (j: number) => boolean, rule: { minMs: number; mergeMs: number }) => {
    const qualifying = runsWhere(s, holds).filter((r) => r.heldMs >= rule.minMs)
    return mergeWithin(s, qualifying, rule.mergeMs).map((episode) =>
      kind === 'frost'
        ? toEvent(s, kind, episode, { minC: extreme(s, episode, 'air_temp_c', Math.min), hoursBelowZero: episode.heldMs / HOUR_MS })
        : toEvent(s, kind, episode, { maxC: extreme(s, episode, 'air_temp_c', Math.max), hoursAbove40: episode.heldMs / HOUR_MS }),
    )
  }
  return [...episodes('frost', (j) => air(j) < FROST.belowC, FROST), ...episodes('heat', (j) => air(j) > HEAT.aboveC, HEAT)]
}

function droughts(s: DeviceSeries): LabelledEvent[] {
  return runsWhere(s, (j) => valueAt(s, j, ROOT_ZONE_FIELD) < REFILL_POINT_VWC_PCT)
    .filter((r) => r.heldMs >= DROUGHT.minMs)
    .map((r) => toEvent(s, 'drought', r, { minVwcPct: extreme(s, r, ROOT_ZONE_FIELD, Math.min), days: r.heldMs / DAY_MS }))
}

function peacockSpotInfections(s: DeviceSeries): LabelledEvent[] {
  return runsWhere(s, (j) => valueAt(s, j, 'leaf_wetness_pct') >= PEACOCK_SPOT.wetPct)
    .filter((r) => r.heldMs >= PEACOCK_SPOT.minMs)
    .flatMap((r) => {
      let sum = 0
      for (let j = r.from; j <= r.to; j++) sum += valueAt(s, j, 'air_temp_c')
      const meanC = sum / (r.to - r.from + 1)
      if (meanC < PEACOCK_SPOT.meanC.lo || meanC > PEACOCK_SPOT.meanC.hi) return []
      return [toEvent(s, 'peacock_spot', r, { wetHours: r.heldMs / HOUR_MS, meanC })]
    })
}

function fruitFlyWindows(s: DeviceSeries, southern: boolean): LabelledEvent[] {
  const [firstMonth, lastMonth] = southern ? FRUIT_FLY.fruitMonths.south : FRUIT_FLY.fruitMonths.north
  const days = new Map<number, { from: number; to: number; maxC: number; samples: number }>()
  for (let j = 0; j < s.readings.length; j++) {
    const day = solarDayAt(s, j)
    const seen = days.get(day) ?? { from: j, to: j, maxC: -Infinity, samples: 0 }
    days.set(day, { from: seen.from, to: j, maxC: Math.max(seen.maxC, valueAt(s, j, 'air_temp_c')), samples: seen.samples + 1 })
  }
  const favourable = (day: number) => {
    const seen = days.get(day)
    const month = new Date(day * DAY_MS).getUTCMonth() + 1
    return (
      seen !== undefined &&
      seen.samples * s.intervalMs >= MIN_DAY_COVERAGE * DAY_MS &&
      month >= firstMonth &&
      month <= lastMonth &&
      seen.maxC >= FRUIT_FLY.dayMaxC.lo &&
      seen.maxC <= FRUIT_FLY.dayMaxC.hi
    )
  }
  const windows: LabelledEvent[] = []
  const ordered = [...days.keys()].sort((a, b) => a - b)
  for (let k = 0; k < ordered.length; ) {
    let end = k
    while (end < ordered.length && favourable(ordered[end]!) && (end === k || ordered[end]! === ordered[end - 1]! + 1)) end++
    if (end - k >= FRUIT_FLY.minDays) {
      const run = { from: days.get(ordered[k]!)!.from, to: days.get(ordered[end - 1]!)!.to }
      const maxes = ordered.slice(k, end).map((d) => days.get(d)!.maxC)
      windows.push(toEvent(s, 'fruit_fly', run, { days: end - k, lowestMaxC: Math.min(...maxes), highestMaxC: Math.max(...maxes) }))
    }
    k = Math.max(end, k + 1)
  }
  return windows
}

/** Every grove condition that holds in the series, in time order. */
export function scanGroveConditions(s: DeviceSeries): LabelledEvent[] {
  return [...temperatureEpisodes(s), ...droughts(s), ...peacockSpotInfections(s), ...fruitFlyWindows(s, s.latitude < 0)].sort(
    (a, b) => a.startMs - b.startMs,
  )
}
