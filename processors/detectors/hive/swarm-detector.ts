import type { Detector, DetectorReading } from '../detector.js'
import { fieldValue, finding, foldReadings, formatDuration, isoTime, REFIRE_INTERVAL_MS } from '../device/findings.js'
import { median, roundTo } from '../device/robust-stats.js'
import { initialDiurnalClock, recordAmbient, type DiurnalClockState } from './diurnal-clock.js'
import type { WeightSample } from './episode-shape.js'
import { hourAt, type SiteTimeZone } from './site-clock.js'
import { advanceWeight, initialWeightEvents, type WeightEventState } from './weight-events.js'
import { weightOptions, type WeightOptions } from './weight-options.js'

/**
 * `hive.swarm` (warning): the weight falls by a swarm's worth (1.2–5 kg) within ~20 min, in one
 * go, and does not come back. Two ways to decide:
 * - Early, ~5–15 min after the bees have gone, when the shape and the in-hive temperature both say
 *   swarm: the loss ran one way (never above the level, no climb back from its lowest point) and the
 *   weight has sat still at its new level for two samples, sampled every ≤ 15 min; and the upper
 *   in-hive probe, in a hive warmer than the air by ≥ 2 °C, did not cool during the drop. A
 *   beekeeper's visit is the opposite on both counts: the lid comes off, so the top of the hive cools
 *   towards outside air within minutes (hive-monitoring systems report inspections from that dip),
 *   and frames and boxes are lifted and set down, so the weight does not sit still. A swarm leaves
 *   through the entrance with the lid on, and the nest warms before it goes (below). Never while a
 *   visit is under way (a step in the last 30 min): the beekeeper is there, and the top of a hive
 *   just closed warms back up whatever the weight does.
 * - Otherwise (hourly scales, no upper probe, a hot day when the lid test says nothing, a jittery
 *   drop) after the confirmation window: the new level has held for 60 min and 3 samples, so an
 *   inspection, where the boxes go back on within the hour, never alarms (shape rules in
 *   episode-shape.ts).
 *
 * Sources: scales see a swarm as a sudden, lasting loss of weight (Meikle et al. 2005, balances
 * linked to dataloggers; Meikle & Holst 2015, Apidologie 46:10–22; COLOSS BEEBOOK vol. I, 4.1.4);
 * vendors show 1.5–2 kg within minutes (Honey Instruments) and ~4 lb (SolutionBee). The brood nest
 * warms in the hour before the swarm leaves (Zacepins et al. 2016, Biosystems Engineering 148:76–80,
 * single-point in-hive temperature; Ferrari et al. 2008, Comput. Electron. Agric. 64:72), so a rise
 * of ≥ 1 °C then raises the confidence to `high`.
 *
 * Swarms leave by day in flying weather: prime swarms issue mostly late morning to early afternoon
 * (Seeley 2010, Honeybee Democracy) and bees do not fly below ~12 °C. A drop at night or in the cold
 * is a scale artefact (the 2018 BroodMinder data has 2 kg night-time steps) and is not reported. The
 * night check takes the hour from the site's time zone (`siteTimeZone`), else from the site's own
 * temperature cycle (diurnal-clock.ts); with neither, only the cold check applies.
 *
 * The alert clears when the lost weight comes back (a swarm that returned, or was hived again by
 * the beekeeper) or after `holdMs` (24 h), so that a cast a week later alerts again.
 */
export interface SwarmOptions {
  weight?: Partial<WeightOptions>
  siteTimeZone?: SiteTimeZone
  /** Local hours a swarm may leave in: [from, to). */
  fromHour?: number
  toHour?: number
  minFlightTempC?: number
  /** In-hive warming before the drop that raises confidence. */
  warmingC?: number
  holdMs?: number
  /** The early decision: off, or its thresholds. */
  early?: Partial<EarlyOptions> | false
}

export interface EarlyOptions {
  /** Samples at most this far apart show the shape of a drop. */
  denseMs: number
  /** Samples within this of each other are one still level (load cells are steady to ~50 g). */
  stillKg: number
  /** Samples at the new level, the last drop sample included. */
  stillSamples: number
  /** The lid test needs the top of the hive this much warmer than outside air. */
  hiveAboveAirC: number
  /** The upper probe may fall this much during the drop (sensor noise, a cloud) and still be "lid on". */
  maxCoolingC: number
}

const DEFAULT_EARLY: EarlyOptions = { denseMs: 15 * 60_000, stillKg: 0.25, stillSamples: 2, hiveAboveAirC: 2, maxCoolingC: 0.4 }

interface ClimateSample {
  t: number
  /** Upper in-hive probe (`temp_internal_c`), brood probe, outside air. */
  upperC?: number
  broodC?: number
  ambientC?: number
}

interface ActiveSwarm {
  firedAtMs: number
  /** First sample off the level of the drop it reported: the same drop is not reported twice. */
  episodeStartMs: number
  levelBeforeKg: number
  lossKg: number
}

export interface SwarmState {
  weight: WeightEventState
  /** In-hive and outside temperature over the last hours, for the evidence around a drop. */
  climate: ClimateSample[]
  clock: DiurnalClockState
  active: ActiveSwarm | null
  recoveredSamples: number
}

/** What a reported drop looked like. */
interface Drop {
  episodeStartMs: number
  levelBeforeKg: number
  levelAfterKg: number
  fromMs: number
  toMs: number
  decidedBy: 'shape_and_lid_test' | 'confirmation_window'
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE
/** Covers the 3 h before a drop confirmed up to ~2 h later on an hourly scale. */
const CLIMATE_WINDOW_MS = 6 * HOUR
const CLIMATE_MAX_SAMPLES = 80

export function createSwarmDetector(options: SwarmOptions = {}): Detector<SwarmState> {
  const o = weightOptions(options.weight)
  const fromHour = options.fromHour ?? 7
  const toHour = options.toHour ?? 21
  const minFlightTempC = options.minFlightTempC ?? 12
  const warmingC = options.warmingC ?? 1
  const holdMs = options.holdMs ?? 24 * HOUR
  const early = options.early === false ? null : { ...DEFAULT_EARLY, ...options.early }

  const recordClimate = (climate: ClimateSample[], reading: DetectorReading) => {
    const upperC = fieldValue(reading, 'temp_internal_c')
    const broodC = fieldValue(reading, 'temp_brood_c')
    const ambientC = fieldValue(reading, 'temp_ambient_c')
    if (upperC === undefined && broodC === undefined && ambientC === undefined) return
    if (climate.length > 0 && reading.timeMs <= climate.at(-1)!.t) return
    climate.push({
      t: reading.timeMs,
      ...(upperC !== undefined && { upperC: roundTo(upperC, 2) }),
      ...(broodC !== undefined && { broodC: roundTo(broodC, 2) }),
      ...(ambientC !== undefined && { ambientC: roundTo(ambientC, 2) }),
    })
    while (climate.length > CLIMATE_MAX_SAMPLES || (climate.length > 0 && climate[0]!.t < reading.timeMs - CLIMATE_WINDOW_MS)) climate.shift()
  }

  const within = (climate: ClimateSample[], fromMs: number, toMs: number, pick: (c: ClimateSample) => number | undefined) =>
    climate.filter((c) => c.t >= fromMs && c.t <= toMs).flatMap((c) => pick(c) ?? [])
  const inHive = (c: ClimateSample) => c.broodC ?? c.upperC

  /** A swarm-shaped drop at night or in the cold is not a swarm. */
  const outsideFlyingWeather = (fromMs: number, toMs: number, state: SwarmState, siteTimeZone: string | undefined) => {
    const hour = hourAt(toMs, siteTimeZone, state.clock)
    const night = hour !== undefined && (hour < fromHour || hour >= toHour)
    return night || median(within(state.climate, fromMs - HOUR, toMs, (c) => c.ambientC)) < minFlightTempC
  }

  /**
   * The early decision on the open episode, or null. The level samples just before it and its own
   * samples must be dense; `all[j]` is the last at the level, `all[k]` the first at the new one.
   */
  const earlyDrop = (s: SwarmState, now: WeightSample): Drop | null => {
    const episode = s.weight.episode
    // While a visit is under way (a step within the last 30 min) a drop is a box lifted off.
    if (!early || !episode || s.weight.visit || s.active?.episodeStartMs === episode.samples[0]!.t) return null
    const level = episode.levelBeforeKg
    const lossKg = level - now.kg
    if (lossKg < o.swarmMinKg || lossKg > o.swarmMaxKg) return null
    const all = [...episode.lead, ...episode.samples]
    for (let i = 1; i < all.length; i++) if (all[i]!.t - all[i - 1]!.t > early.denseMs) return null
    const off = episode.samples.map((x) => x.kg)
    if (Math.max(...off) > level + early.stillKg || now.kg - Math.min(...off) > early.stillKg) return null
    let k = all.length - 1
    while (k > 0 && Math.abs(all[k - 1]!.kg - now.kg) <= early.stillKg) k--
    if (all.length - k < early.stillSamples) return null
    let j = k - 1
    while (j > 0 && all[j]!.kg < level - early.stillKg) j--
    if (j < 0 || all[k]!.t - all[j]!.t > o.suddenWithinMs) return null
    for (let i = j; i < k; i++) if (all[i + 1]!.kg > all[i]!.kg + early.stillKg) return null
    // The lid test: the top of the hive, warmer than the air, did not cool while the weight fell.
    const dropMs = all[j]!.t
    const upperBefore = median(within(s.climate, dropMs - 10 * MINUTE, dropMs, (c) => c.upperC))
    const airBefore = median(within(s.climate, dropMs - 30 * MINUTE, dropMs, (c) => c.ambientC))
    const upperSince = within(s.climate, dropMs + 1, now.t, (c) => c.upperC)
    if (!(upperBefore - airBefore >= early.hiveAboveAirC) || upperSince.length === 0) return null
    if (upperBefore - Math.min(...upperSince) > early.maxCoolingC) return null
    return { episodeStartMs: episode.samples[0]!.t, levelBeforeKg: level, levelAfterKg: median(all.slice(k).map((x) => x.kg)), fromMs: dropMs, toMs: all[k]!.t, decidedBy: 'shape_and_lid_test' }
  }

  const report = (s: SwarmState, drop: Drop, atMs: number, emit: (f: ReturnType<typeof finding>) => void) => {
    const { fromMs, toMs } = drop
    const warmingOf = (pick: (c: ClimateSample) => number | undefined) =>
      Math.max(...within(s.climate, fromMs - HOUR, toMs, pick)) - median(within(s.climate, fromMs - 3 * HOUR, fromMs - HOUR, pick))
    const warming = warmingOf(inHive)
    const loss = roundTo(drop.levelBeforeKg - drop.levelAfterKg, 1)
    s.active = { firedAtMs: atMs, episodeStartMs: drop.episodeStartMs, levelBeforeKg: drop.levelBeforeKg, lossKg: loss }
    s.recoveredSamples = 0
    const summary = `Weight fell ${loss} kg within ${formatDuration(toMs - fromMs)} and did not recover: likely swarm.`
    emit(
      finding('hive.swarm', 'firing', 'warning', atMs, summary, {
        loss_kg: loss,
        level_before_kg: roundTo(drop.levelBeforeKg, 2),
        level_after_kg: roundTo(drop.levelAfterKg, 2),
        dropped_at: isoTime(toMs),
        drop_minutes: Math.round((toMs - fromMs) / 60_000),
        decided_by: drop.decidedBy,
        confidence: warming >= warmingC ? 'high' : 'medium',
        ...(Number.isFinite(warming) && { in_hive_warming_c: roundTo(warming, 2) }),
      }),
    )
  }

  return {
    name: 'hive.swarm.v2',
    kinds: ['hive'],
    rules: ['hive.swarm'],
    initialState: () => ({ weight: initialWeightEvents(), climate: [], clock: initialDiurnalClock(), active: null, recoveredSamples: 0 }),
    step: (state, readings, context) =>
      foldReadings(state, readings, (s, reading, emit) => {
        recordClimate(s.climate, reading)
        const ambientC = fieldValue(reading, 'temp_ambient_c')
        if (ambientC !== undefined) recordAmbient(s.clock, reading.timeMs, ambientC)
        const kg = fieldValue(reading, 'weight_kg')
        if (kg === undefined) return
        const sample: WeightSample = { t: reading.timeMs, kg }
        const timeZone = options.siteTimeZone?.(context.device.siteId)
        const refire = (startMs: number) =>
          s.active !== null && (s.active.episodeStartMs === startMs || reading.timeMs - s.active.firedAtMs < REFIRE_INTERVAL_MS)
        for (const event of advanceWeight(s.weight, sample, o)) {
          if (event.type !== 'swarm') continue
          const { shape } = event
          if (refire(shape.startMs) || outsideFlyingWeather(shape.suddenLoss.fromMs, shape.suddenLoss.toMs, s, timeZone)) continue
          const { fromMs, toMs } = shape.suddenLoss
          const drop: Drop = { episodeStartMs: shape.startMs, levelBeforeKg: shape.levelBeforeKg, levelAfterKg: shape.levelAfterKg, fromMs, toMs, decidedBy: 'confirmation_window' }
          report(s, drop, reading.timeMs, emit)
        }
        const drop = earlyDrop(s, sample)
        if (drop && !refire(drop.episodeStartMs) && !outsideFlyingWeather(drop.fromMs, drop.toMs, s, timeZone)) report(s, drop, reading.timeMs, emit)
        if (!s.active || s.active.firedAtMs === reading.timeMs) return
        s.recoveredSamples = kg >= s.active.levelBeforeKg - o.returnToleranceKg ? s.recoveredSamples + 1 : 0
        const recovered = s.recoveredSamples >= 2
        if (recovered || reading.timeMs - s.active.firedAtMs >= holdMs) {
          const summary = recovered
            ? `The ${s.active.lossKg} kg lost came back: the swarm returned or was put back.`
            : `Swarm alert closed after ${formatDuration(holdMs)}; the ${s.active.lossKg} kg did not come back.`
          emit(finding('hive.swarm', 'clear', 'warning', reading.timeMs, summary, { recovered }))
          s.active = null
        }
      }),
  }
}
