import { createLocalDayOf } from '../../detectors/grove/local-day.js'
import { dayFromNumber } from '../../../platform/time/site-time.js'
import { type LocalDate } from './season-calendar.js'

/** One air temperature reading, or an hourly mean from the InfluxDB roll-ups. */
export interface TemperatureSample {
  timeMs: number
  airC: number
}

/** A site-local day of air temperature: what phenology needs from the station. */
export interface DailyTemperature {
  date: LocalDate
  minC: number
  maxC: number
  /** Hours with the air in the chilling band (see CHILL_HOURS). */
  chillHours: number
  /** Hours of the day the readings stand for; a day with large gaps undercounts chill. */
  coveredHours: number
}

/**
 * Chilling hours: hours with the air above 0 and at or below 7.2 °C (45 °F), the classic count of
 * Weinberger (1950, Proc Am Soc Hortic Sci 56:122) after Bennett (1949), as chillR computes it.
 * For olive, De Melo-Abreu et al. (2004, Agric For Meteorol 125:117–127) fitted a "below 7 °C
 * chill-hours" model (their Model 2) almost as well as their chill-unit model (RMSE 2.5 vs 2.2 days
 * for flowering); we keep the plain hours because they can be checked by hand. Olive buds also chill
 * between 7 and ~15 °C (IOC World Catalogue of Olive Varieties, "Chilling requirements": optimum
 * 12.5 °C, none above 16 °C), so in mild winters these hours undercount olive chill: compare them
 * with a requirement measured the same way.
 */
export const CHILL_HOURS = { aboveC: 0, atMostC: 7.2 } as const

export interface DailyTemperatureOptions {
  /** IANA zone of the site: days are its local calendar days, 23 or 25 hours long on DST changes. */
  timeZone: string
  /** A reading stands for the time until the next one, but never for longer than this. Default 2 h. */
  maxGapMs?: number
}

const HOUR_MS = 3_600_000

/**
 * Site-local daily minimum, maximum and chilling hours from readings in time order. Each reading
 * stands for the time until the next one (at most `maxGapMs`, so an outage adds no chill); the last
 * one for as long as the one before it. Hours are real elapsed hours: the night the clocks go back
 * has 25 of them. Readings without a finite temperature are skipped.
 */
export function dailyTemperatures(readings: readonly TemperatureSample[], options: DailyTemperatureOptions): DailyTemperature[] {
  const samples = readings.filter((r) => Number.isFinite(r.airC))
  const maxGapMs = options.maxGapMs ?? 2 * HOUR_MS
  const localDayOf = createLocalDayOf(options.timeZone)
  const days: DailyTemperature[] = []
  let current: { day: number; value: DailyTemperature } | undefined
  let previousSpanMs = HOUR_MS

  samples.forEach((sample, i) => {
    const next = samples[i + 1]
    if (next && next.timeMs < sample.timeMs) throw new RangeError('olive yield: temperature samples must be in time order')
    const spanMs = Math.min(maxGapMs, next ? next.timeMs - sample.timeMs : previousSpanMs)
    previousSpanMs = spanMs
    const hours = spanMs / HOUR_MS
    const chill = sample.airC > CHILL_HOURS.aboveC && sample.airC <= CHILL_HOURS.atMostC ? hours : 0
    const day = localDayOf(sample.timeMs).day
    if (current?.day !== day) {
      current = { day, value: { date: dayFromNumber(day), minC: sample.airC, maxC: sample.airC, chillHours: 0, coveredHours: 0 } }
      days.push(current.value)
    }
    const value = current.value
    value.minC = Math.min(value.minC, sample.airC)
    value.maxC = Math.max(value.maxC, sample.airC)
    value.chillHours += chill
    value.coveredHours += hours
  })
  return days
}
