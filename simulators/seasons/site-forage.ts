import { clamp } from '../numbers.js'
import { ouStep } from '../ou-process.js'
import type { SeededRandom } from '../seeded-random.js'
import { dayOfYear, daylight, solarHour } from '../sun.js'
import { createWeather } from '../weather.js'
import type { SeasonRegion } from './season-regions.js'

/**
 * What a site offers its colonies through one season, step by step: the weather (one per site, from
 * simulators/weather.ts), the bloom waves of that year, and when bees can fly. Every hive at the site
 * reads the same forage; hives differ by colony strength and their own luck.
 */
export interface SiteForage {
  stepMs: number
  /** Start of each step (UTC ms); the step covers [times[k], times[k] + stepMs). */
  times: Float64Array
  /** Index into `days` of each step's site-local day. */
  dayIndex: Int32Array
  /** The season's site-local days, 'YYYY-MM-DD'. */
  days: string[]
  /** Instant each day starts (its local midnight). */
  dayStartMs: number[]
  /** Nectar a full-strength colony brings in, kg/h. */
  intakeKgPerH: Float64Array
  /** Share of the foragers out of the hive (0 at night, in rain or cold). */
  foragersOut: Float64Array
  /** Colony upkeep relative to a warm day (bees eat less when it is cold). */
  upkeepFactor: Float64Array
  airTempC: Float64Array
}

export interface YearDraw {
  /** Each wave's timing shift (days) and strength factor this year. */
  waves: { shiftDays: number; strength: number }[]
}

/** Foragers rarely fly below ~12 °C and are fully out from ~20 °C (Abou-Shaara 2014, review). */
const FLIGHT_TEMP_C = { lo: 12, hi: 20 }

export function drawYear(region: SeasonRegion, random: SeededRandom): YearDraw {
  return {
    waves: region.waves.map(() => ({
      shiftDays: random.normal(0, region.yearShiftSdDays),
      strength: Math.exp(random.normal(-0.5 * region.yearStrengthSdLog ** 2, region.yearStrengthSdLog)),
    })),
  }
}

/** The site-local calendar day of an instant, straight from Intl (kept apart from the estimator's). */
function localDayFormatter(timeZone: string): (timeMs: number) => string {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
  const cache = new Map<number, string>()
  return (timeMs) => {
    // Zone offsets are whole quarter hours, so the day is the same across a quarter hour.
    const bucket = Math.floor(timeMs / 900_000)
    let day = cache.get(bucket)
    if (day === undefined) {
      const parts = Object.fromEntries(format.formatToParts(bucket * 900_000).map((p) => [p.type, p.value]))
      cache.set(bucket, (day = `${parts.year}-${parts.month}-${parts.day}`))
    }
    return day
  }
}

export interface SiteForageOptions {
  region: SeasonRegion
  seasonYear: number
  /** Persistent quality of the site's surroundings (1 = typical). */
  richness: number
  year: YearDraw
  weatherRandom: SeededRandom
  nectarRandom: SeededRandom
  stepMs?: number
}

export function simulateSiteForage(o: SiteForageOptions): SiteForage {
  const { region } = o
  const stepMs = o.stepMs ?? 300_000
  const firstDay = `${o.seasonYear}-${region.season.start}`
  const endYear = region.season.end < region.season.start ? o.seasonYear + 1 : o.seasonYear
  const lastDay = `${endYear}-${region.season.end}`
  const localDay = localDayFormatter(region.timeZone)
  const fromMs = Date.parse(`${firstDay}T00:00:00Z`) - 15 * 3_600_000
  const untilMs = Date.parse(`${lastDay}T00:00:00Z`) + 39 * 3_600_000

  const weather = createWeather({ random: o.weatherRandom, latitude: region.latitude, longitude: region.longitude, climate: region.climate })
  const times: number[] = []
  const dayIndex: number[] = []
  const days: string[] = []
  const dayStartMs: number[] = []
  const intake: number[] = []
  const out: number[] = []
  const upkeep: number[] = []
  const temps: number[] = []
  let latent = 0
  weather.step(new Date(fromMs), 0)
  for (let t = fromMs; t < untilMs; t += stepMs) {
    const at = new Date(t)
    weather.step(at, stepMs / 3_600_000)
    latent = ouStep(o.nectarRandom, latent, 0, 0.35, 72, stepMs / 3_600_000)
    const day = localDay(t)
    if (day < firstDay || day > lastDay) continue
    if (days.at(-1) !== day) {
      days.push(day)
      dayStartMs.push(t)
    }
    const w = weather.current
    const { sunrise, sunset } = daylight(at, region.latitude)
    const hour = solarHour(at, region.longitude)
    const dayH = sunset - sunrise
    const sinPhase = hour >= sunrise && hour < sunset ? Math.sin((Math.PI * (hour - sunrise)) / dayH) : 0
    const flight = w.raining ? 0 : clamp((w.airTempC - FLIGHT_TEMP_C.lo) / (FLIGHT_TEMP_C.hi - FLIGHT_TEMP_C.lo), 0, 1) * (1 - 0.5 * w.cloudCover)
    const doy = dayOfYear(at)
    const bloom = region.waves.reduce((sum, wave, i) => {
      const draw = o.year.waves[i]!
      const distance = ((doy - wave.peakDayOfYear - draw.shiftDays + 547.5) % 365) - 182.5
      return sum + wave.peakKgPerDay * draw.strength * Math.exp(-0.5 * (distance / wave.widthDays) ** 2)
    }, 0)
    // Half a sine over daylight that integrates to one day's intake: foragers follow the sun.
    const perHour = (Math.PI / (2 * dayH)) * sinPhase
    times.push(t)
    dayIndex.push(days.length - 1)
    intake.push(o.richness * bloom * Math.exp(latent - 0.35 ** 2 / 2) * flight * perHour)
    out.push(flight * Math.sqrt(sinPhase))
    upkeep.push(0.55 + 0.45 * clamp((w.airTempC - 5) / 18, 0, 1))
    temps.push(w.airTempC)
  }
  return {
    stepMs,
    times: Float64Array.from(times),
    dayIndex: Int32Array.from(dayIndex),
    days,
    dayStartMs,
    intakeKgPerH: Float64Array.from(intake),
    foragersOut: Float64Array.from(out),
    upkeepFactor: Float64Array.from(upkeep),
    airTempC: Float64Array.from(temps),
  }
}
