import type { Detector, DetectorReading } from '../detector.js'
import { fieldValue, finding, foldReadings, formatDuration, isoTime, REFIRE_INTERVAL_MS } from '../device/findings.js'
import { median, roundTo } from '../device/robust-stats.js'
import type { EpisodeShape, WeightSample } from './episode-shape.js'
import { localHour, type SiteTimeZone } from './site-clock.js'
import { advanceWeight, initialWeightEvents, type WeightEventState } from './weight-events.js'
import { weightOptions, type WeightOptions } from './weight-options.js'

/**
 * `hive.swarm` (warning): the weight falls by a swarm's worth (1.2–5 kg) within ~20 min, in one
 * go, and does not come back within the confirmation window (60 min and 3 samples); an inspection,
 * where the boxes go back on within the hour, never alarms (shape rules in episode-shape.ts).
 *
 * Sources: scales see a swarm as a sudden, lasting loss of weight (Meikle et al. 2005, balances
 * linked to dataloggers; Meikle & Holst 2015, Apidologie 46:10–22; COLOSS BEEBOOK vol. I, 4.1.4);
 * vendors show 1.5–2 kg within minutes (Honey Instruments) and ~4 lb (SolutionBee). The brood nest
 * warms in the hour before the swarm leaves (Zacepins et al. 2016, Biosystems Engineering 148:76–80,
 * single-point in-hive temperature), so a rise of ≥ 1 °C then raises the confidence to `high`.
 *
 * Swarms leave by day in flying weather: prime swarms issue mostly late morning to early afternoon
 * (Seeley 2010, Honeybee Democracy) and bees do not fly below ~12 °C. A drop at night or in the cold
 * is a scale artefact (the 2018 BroodMinder data has 2 kg night-time steps) and is not reported. The
 * night check needs the site's time zone (`siteTimeZone`); without it, only the cold check applies.
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
}

interface ClimateSample {
  t: number
  inHiveC?: number
  ambientC?: number
}

interface ActiveSwarm {
  firedAtMs: number
  levelBeforeKg: number
  lossKg: number
}

export interface SwarmState {
  weight: WeightEventState
  /** In-hive and outside temperature over the last hours, for the evidence around a drop. */
  climate: ClimateSample[]
  active: ActiveSwarm | null
  recoveredSamples: number
}

const HOUR = 3_600_000
/** Covers the 3 h before a drop confirmed up to ~2 h later on an hourly scale. */
const CLIMATE_WINDOW_MS = 6 * HOUR
const CLIMATE_MAX_SAMPLES = 96

export function createSwarmDetector(options: SwarmOptions = {}): Detector<SwarmState> {
  const o = weightOptions(options.weight)
  const fromHour = options.fromHour ?? 7
  const toHour = options.toHour ?? 21
  const minFlightTempC = options.minFlightTempC ?? 12
  const warmingC = options.warmingC ?? 1
  const holdMs = options.holdMs ?? 24 * HOUR

  const recordClimate = (climate: ClimateSample[], reading: DetectorReading) => {
    const inHiveC = fieldValue(reading, 'temp_brood_c') ?? fieldValue(reading, 'temp_internal_c')
    const ambientC = fieldValue(reading, 'temp_ambient_c')
    if (inHiveC === undefined && ambientC === undefined) return
    if (climate.length > 0 && reading.timeMs <= climate.at(-1)!.t) return
    climate.push({ t: reading.timeMs, ...(inHiveC !== undefined && { inHiveC }), ...(ambientC !== undefined && { ambientC }) })
    while (climate.length > CLIMATE_MAX_SAMPLES || (climate.length > 0 && climate[0]!.t < reading.timeMs - CLIMATE_WINDOW_MS)) climate.shift()
  }

  const within = (climate: ClimateSample[], fromMs: number, toMs: number, pick: (c: ClimateSample) => number | undefined) =>
    climate.filter((c) => c.t >= fromMs && c.t <= toMs).flatMap((c) => pick(c) ?? [])

  /** A swarm-shaped drop at night or in the cold is not a swarm. */
  const outsideFlyingWeather = (shape: EpisodeShape, state: SwarmState, siteTimeZone: string | undefined) => {
    const { fromMs, toMs } = shape.suddenLoss
    const hour = localHour(toMs, siteTimeZone)
    const night = hour !== undefined && (hour < fromHour || hour >= toHour)
    return night || median(within(state.climate, fromMs - HOUR, toMs, (c) => c.ambientC)) < minFlightTempC
  }

  return {
    name: 'hive.swarm.v1',
    kinds: ['hive'],
    rules: ['hive.swarm'],
    initialState: () => ({ weight: initialWeightEvents(), climate: [], active: null, recoveredSamples: 0 }),
    step: (state, readings, context) =>
      foldReadings(state, readings, (s, reading, emit) => {
        recordClimate(s.climate, reading)
        const kg = fieldValue(reading, 'weight_kg')
        if (kg === undefined) return
        const sample: WeightSample = { t: reading.timeMs, kg }
        for (const event of advanceWeight(s.weight, sample, o)) {
          if (event.type !== 'swarm' || outsideFlyingWeather(event.shape, s, options.siteTimeZone?.(context.device.siteId))) continue
          if (s.active && reading.timeMs - s.active.firedAtMs < REFIRE_INTERVAL_MS) continue
          const { shape } = event
          const { fromMs, toMs } = shape.suddenLoss
          const before = median(within(s.climate, fromMs - 3 * HOUR, fromMs - HOUR, (c) => c.inHiveC))
          const peak = Math.max(...within(s.climate, fromMs - HOUR, toMs, (c) => c.inHiveC))
          const warming = peak - before
          const loss = roundTo(-shape.netKg, 1)
          s.active = { firedAtMs: reading.timeMs, levelBeforeKg: shape.levelBeforeKg, lossKg: loss }
          s.recoveredSamples = 0
          const summary = `Weight fell ${loss} kg within ${formatDuration(toMs - fromMs)} and did not recover: likely swarm.`
          emit(
            finding('hive.swarm', 'firing', 'warning', reading.timeMs, summary, {
              loss_kg: loss,
              level_before_kg: roundTo(shape.levelBeforeKg, 2),
              level_after_kg: roundTo(shape.levelAfterKg, 2),
              dropped_at: isoTime(toMs),
              drop_minutes: Math.round((toMs - fromMs) / 60_000),
              confidence: warming >= warmingC ? 'high' : 'medium',
              ...(Number.isFinite(warming) && { in_hive_warming_c: roundTo(warming, 2) }),
            }),
          )
        }
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
