import type { Detector, Finding } from '../detector.js'
import { celsius, oneDecimal } from './grower-text.js'
import { createLocalDayOf, localDayFromNumber, type LocalDay } from './local-day.js'
import { degreeDayStartMonth, fruitMonths, monthSet, type GroveSiteOptions } from './olive-calendar.js'
import { fieldValue } from './reading-fields.js'

const HOUR_MS = 3_600_000
const DAY_MS = 86_400_000
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/**
 * Olive fruit fly (Bactrocera oleae) activity window, a deliberately simple temperature model:
 * - Development: degree-days above `baseC` since midwinter, by the averaging method (daily
 *   (min + max)/2 − base). Genç & Nation 2008 (Afr J Biotechnol 7(14)) put the lower development
 *   thresholds at 9.2 °C (egg), 13.9 °C (larva) and 12.4 °C (pupa), with the best development and
 *   survival at 27 °C. A summer generation takes ~25 days (typical stage lengths: egg 2–3 d, larva
 *   10–13 d, pupa ~10 d) at a daily mean near 24 °C, about 375 degree-days above 9 °C: once the year
 *   has that, the overwintered flies have bred a generation of adults. A rough default, to calibrate
 *   against trap catches as Gonçalves & Torres (J Pest Sci, 2011, 187–197) did in Portugal.
 * - Activity: adults are active and lay on days peaking within 16–32 °C. Above ~29 °C flies grow
 *   restless and stop laying, above ~35 °C they rest (Johnson et al. 2011, California Agriculture
 *   65(1):29, after Wang et al. 2009), and hours above ~32 °C are reported to kill most eggs and young
 *   larvae; days below ~16 °C leave larvae and pupae near their thresholds and adults sluggish.
 * - Season: only while fruit is on the tree, fruit set to harvest (June–November north).
 * Simplifications: no humidity term, no mortality model, generations are not counted one by one,
 * days with under `minDayCoverageMs` of readings are skipped (degree-days undercount through data
 * gaps), and a station installed mid-season starts its degree-days from zero.
 */
export const FRUIT_FLY_DEFAULTS = {
  baseC: 9,
  generationDegreeDays: 375,
  activeMaxLowC: 16,
  activeMaxHighC: 32,
  favourableDaysToFire: 2,
  unfavourableDaysToClear: 3,
  minDayCoverageMs: 12 * HOUR_MS,
} as const

export interface FruitFlyOptions extends GroveSiteOptions {
  /** Lower development threshold (°C). Default 9. */
  baseC?: number
  /** Degree-days from midwinter before adults of the new generation fly. Default 375. */
  generationDegreeDays?: number
  /** A day is favourable when its maximum lies within [activeMaxLowC, activeMaxHighC]. Default 16–32 °C. */
  activeMaxLowC?: number
  activeMaxHighC?: number
  /** Consecutive favourable days needed to fire. Default 2. */
  favourableDaysToFire?: number
  /** Consecutive unfavourable days that clear the alert. Default 3. */
  unfavourableDaysToClear?: number
  /** Months (1–12) with fruit on the tree. Default from `hemisphere`: June–November north. */
  seasonMonths?: readonly number[]
  /** Month (1–12) whose first day starts the degree-day count. Default from `hemisphere`: January north. */
  degreeDayStartMonth?: number
  /** A day needs readings spanning this long to count. Default 12 h. */
  minDayCoverageMs?: number
}

export interface FruitFlyState {
  /** First day (day number) of the degree-day year being counted. */
  countFromDay?: number
  degreeDays: number
  /** The site-local day still being gathered. */
  today?: { day: number; firstMs: number; lastMs: number; minC: number; maxC: number }
  favourableDays: number
  unfavourableDays: number
  /** The latest complete day: what the summary quotes. */
  lastDay?: { minC: number; maxC: number }
  alert?: { sinceMs: number }
}

export function createFruitFlyDetector(options: FruitFlyOptions = {}): Detector<FruitFlyState> {
  const o = { ...FRUIT_FLY_DEFAULTS, ...options }
  const season = monthSet('fruitFly.seasonMonths', options.seasonMonths ?? fruitMonths(options.hemisphere))
  const startMonth = options.degreeDayStartMonth ?? degreeDayStartMonth(options.hemisphere)
  monthSet('fruitFly.degreeDayStartMonth', [startMonth]) // throws on a month outside 1–12
  if (o.activeMaxLowC >= o.activeMaxHighC) throw new RangeError('grove.fruit_fly: activeMaxLowC must be below activeMaxHighC')
  const localDayOf = createLocalDayOf(options.timeZone)
  const band = `${o.activeMaxLowC}–${o.activeMaxHighC} °C`

  const countStartOf = (day: LocalDay) =>
    Date.UTC(day.month >= startMonth ? day.year : day.year - 1, startMonth - 1, 1) / DAY_MS

  /** Books a finished day into `state` (the step's own copy); returns the finding it decides, if any. */
  const closeDay = (state: FruitFlyState, done: NonNullable<FruitFlyState['today']>, atMs: number): Finding | undefined => {
    if (done.lastMs - done.firstMs < o.minDayCoverageMs) return undefined
    const day = localDayFromNumber(done.day)
    const countFrom = countStartOf(day)
    if (countFrom !== state.countFromDay) {
      state.countFromDay = countFrom
      state.degreeDays = 0
    }
    state.degreeDays += Math.max(0, (done.minC + done.maxC) / 2 - o.baseC)
    const favourable = done.maxC >= o.activeMaxLowC && done.maxC <= o.activeMaxHighC
    state.favourableDays = favourable ? state.favourableDays + 1 : 0
    state.unfavourableDays = favourable ? 0 : state.unfavourableDays + 1
    state.lastDay = { minC: done.minC, maxC: done.maxC }
    const inSeason = season.has(day.month)
    const evidence = {
      degreeDays: Math.round(state.degreeDays),
      baseC: o.baseC,
      generationDegreeDays: o.generationDegreeDays,
      dayMaxC: oneDecimal(done.maxC),
      dayMinC: oneDecimal(done.minC),
      favourableDays: state.favourableDays,
      inSeason,
    }

    if (!state.alert) {
      if (!inSeason || state.degreeDays < o.generationDegreeDays || state.favourableDays < o.favourableDaysToFire) return undefined
      state.alert = { sinceMs: atMs }
      return {
        rule: 'grove.fruit_fly',
        status: 'firing',
        severity: 'warning',
        atMs,
        summary:
          `Olive fruit fly weather: ${Math.round(state.degreeDays)} degree-days above ${o.baseC} °C since 1 ${MONTH_NAMES[startMonth - 1]} ` +
          `and ${state.favourableDays} days peaking within ${band} (last ${celsius(done.maxC)}): adults active, check traps and fruit`,
        evidence,
      }
    }
    if (inSeason && state.unfavourableDays < o.unfavourableDaysToClear) return undefined
    state.alert = undefined
    return {
      rule: 'grove.fruit_fly',
      status: 'clear',
      severity: 'warning',
      atMs,
      summary: inSeason
        ? `Olive fruit fly activity down: ${state.unfavourableDays} days peaking outside ${band} (last ${celsius(done.maxC)})`
        : 'Olive fruit fly window over: the fruit season has ended',
      evidence,
    }
  }

  return {
    name: 'grove.fruit_fly.v1',
    kinds: ['grove'],
    rules: ['grove.fruit_fly'],
    initialState: () => ({ degreeDays: 0, favourableDays: 0, unfavourableDays: 0 }),
    step(previous, readings) {
      const state: FruitFlyState = { ...previous }
      const findings: Finding[] = []
      for (const reading of readings) {
        const airC = fieldValue(reading, 'air_temp_c')
        if (airC === undefined) continue
        const t = reading.timeMs
        const day = localDayOf(t).day
        if (state.today && state.today.day !== day) {
          // The first reading of a new day is the one that decides about the day before.
          const finding = closeDay(state, state.today, t)
          if (finding) findings.push(finding)
          state.today = undefined
        }
        const today = state.today
        state.today = today
          ? { ...today, lastMs: t, minC: Math.min(today.minC, airC), maxC: Math.max(today.maxC, airC) }
          : { day, firstMs: t, lastMs: t, minC: airC, maxC: airC }
      }
      return { state, findings }
    },
  }
}
