import type { Detector, Finding } from '../detector.js'
import { celsius, oneDecimal } from './grower-text.js'
import { createLocalDayOf, localDayFromNumber, type LocalDay } from './local-day.js'
import { degreeDayStartMonth, fruitMonths, monthSet, type GroveSiteOptions } from './olive-calendar.js'
import { fieldValue } from './reading-fields.js'

const HOUR_MS = 3_600_000
const DAY_MS = 86_400_000
/** A count that starts within this many days of its first day still holds the year's sum: midwinter adds little. */
const COMPLETE_COUNT_SLACK_DAYS = 7
/**
 * Stations report every 5 min to 1 h: a longer silence inside a day is a hole, and the hours in it
 * are not covered (a day whose afternoon is missing cannot tell its maximum).
 */
const MAX_COVERED_STEP_MS = HOUR_MS
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/**
 * Olive fruit fly (Bactrocera oleae) weather, a deliberately simple temperature model. The alert
 * is open while the weather suits egg-laying adults and the fruit is on the tree: one alert per
 * favourable spell, so a grower is told when to look at traps and fruit again.
 * - Adults: present in the grove all year, overwintering as adults and pupae; in California's
 *   statewide monitoring, gravid mated females were present at some level year-round, with trap
 *   peaks in spring and autumn (Burrack et al. 2011, California Agriculture 65(1):14–20); in
 *   north-east Portugal adults flew from mid-July to the end of December, females most fertile in
 *   October–November (Gonçalves, Oliveira & Torres, 2006 season in the Terra Quente Transmontana).
 *   So no generation has to emerge first: in the fruit season, the day's temperature decides.
 * - Activity: adults are active and lay on days peaking within 16–32 °C. Above ~29 °C flies grow
 *   restless and stop laying, above ~35 °C they rest (Johnson et al. 2011, California Agriculture
 *   65(1):29, after Wang et al. 2009), and hours above ~32 °C are reported to kill most eggs and
 *   young larvae; days below ~16 °C leave larvae and pupae near their thresholds and adults
 *   sluggish. Genç & Nation 2008 (Afr J Biotechnol 7(14)) put the lower development thresholds at
 *   9.2 °C (egg), 13.9 °C (larva) and 12.4 °C (pupa), with the best development and survival at 27 °C.
 * - Hysteresis: three days in a row in the band open the alert, two in a row outside it close it.
 *   Summer maxima in inland Andalusia sit a few degrees above 32 °C, so single and paired milder
 *   days come and go; an alert on each pair would open and close every few days. Traps are
 *   usually read weekly, so waiting for the third day costs a grower little and spares the
 *   flapping. One day outside the band (a hot afternoon, a cold front's day, a sensor spike) does
 *   not end a spell: adults live for weeks and lay again the next mild day. Two in a row do: two hot days kill most of the
 *   eggs just laid (above), so the next mild spell is a new round of egg-laying and deserves its
 *   own alert; two cold days are a change of air mass.
 * - Season: only while fruit is on the tree, from fruit set (females lay once the fruit is about
 *   7–8 mm across, from June) to harvest, which runs November–January in Andalusia: June–December
 *   north. Set `seasonMonths` for a grove harvested earlier or later.
 * - Degree-days above `baseC` (about the egg's threshold) since midwinter, by the averaging method
 *   ((min + max)/2 − base), are counted for the evidence and for an optional gate,
 *   `generationDegreeDays`, off by default. No published sum says when adults may lay in the fruit
 *   season, and a full-year count would pass the 375 once assumed here long before the fruit
 *   season anyway (the simulated Jaén year of the tests is near 800 by 1 June). A grove can
 *   calibrate a gate against its own trap catches as Gonçalves & Torres (J Pest Sci 84, 2011,
 *   187–197) did in Portugal. It holds an alert back only while the count is complete (the station
 *   has reported since the first week of the count): a station installed mid-season has counted
 *   from zero and does not know the year's sum.
 * Simplifications: no humidity term, no mortality model, generations are not counted, days with
 * under `minDayCoverageMs` covered by readings are skipped (they neither count nor break a run), and
 * degree-days undercount through data gaps.
 */
export const FRUIT_FLY_DEFAULTS = {
  baseC: 9,
  /** No gate (see above). */
  generationDegreeDays: 0,
  activeMaxLowC: 16,
  activeMaxHighC: 32,
  favourableDaysToFire: 3,
  unfavourableDaysToClear: 2,
  minDayCoverageMs: 12 * HOUR_MS,
} as const

export interface FruitFlyOptions extends GroveSiteOptions {
  /** Lower development threshold (°C). Default 9. */
  baseC?: number
  /**
   * Degree-days from midwinter before an alert may open, applied only to a complete count. Default 0:
   * no gate. Calibrate it against the grove's own trap catches before setting it.
   */
  generationDegreeDays?: number
  /** A day is favourable when its maximum lies within [activeMaxLowC, activeMaxHighC]. Default 16–32 °C. */
  activeMaxLowC?: number
  activeMaxHighC?: number
  /** Consecutive favourable days needed to fire. Default 3. */
  favourableDaysToFire?: number
  /** Consecutive unfavourable days that clear the alert. Default 2. */
  unfavourableDaysToClear?: number
  /** Months (1–12) with fruit on the tree. Default from `hemisphere`: June–December north. */
  seasonMonths?: readonly number[]
  /** Month (1–12) whose first day starts the degree-day count. Default from `hemisphere`: January north. */
  degreeDayStartMonth?: number
  /** A day needs readings covering this long (silences over an hour excluded) to count. Default 12 h. */
  minDayCoverageMs?: number
}

export interface FruitFlyState {
  /** First day (day number) of the degree-day year being counted. */
  countFromDay?: number
  /** First day this station counted in that year: later than `countFromDay` when installed mid-year. */
  countedFromDay?: number
  degreeDays: number
  /** The site-local day still being gathered. */
  today?: {
    day: number
    firstMs: number
    lastMs: number
    /** Time covered by readings: steps between them, each up to MAX_COVERED_STEP_MS. Absent in older state. */
    coveredMs?: number
    minC: number
    maxC: number
  }
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

  const isoDate = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10)
  const countStartOf = (day: LocalDay) =>
    Date.UTC(day.month >= startMonth ? day.year : day.year - 1, startMonth - 1, 1) / DAY_MS

  /** Books a finished day into `state` (the step's own copy); returns the finding it decides, if any. */
  const closeDay = (state: FruitFlyState, done: NonNullable<FruitFlyState['today']>, atMs: number): Finding | undefined => {
    if ((done.coveredMs ?? done.lastMs - done.firstMs) < o.minDayCoverageMs) return undefined
    const day = localDayFromNumber(done.day)
    const countFrom = countStartOf(day)
    if (countFrom !== state.countFromDay) {
      state.countFromDay = countFrom
      state.countedFromDay = done.day
      state.degreeDays = 0
    }
    // Missing in state saved before the field existed: then the count is not known to be complete.
    const countComplete = state.countedFromDay !== undefined && state.countedFromDay - countFrom < COMPLETE_COUNT_SLACK_DAYS
    state.degreeDays += Math.max(0, (done.minC + done.maxC) / 2 - o.baseC)
    const favourable = done.maxC >= o.activeMaxLowC && done.maxC <= o.activeMaxHighC
    state.favourableDays = favourable ? state.favourableDays + 1 : 0
    state.unfavourableDays = favourable ? 0 : state.unfavourableDays + 1
    state.lastDay = { minC: done.minC, maxC: done.maxC }
    const inSeason = season.has(day.month)
    const evidence = {
      degreeDays: Math.round(state.degreeDays),
      degreeDaysSince: state.countedFromDay === undefined ? 'unknown' : isoDate(state.countedFromDay),
      degreeDaysComplete: countComplete,
      baseC: o.baseC,
      generationDegreeDays: o.generationDegreeDays,
      dayMaxC: oneDecimal(done.maxC),
      dayMinC: oneDecimal(done.minC),
      favourableDays: state.favourableDays,
      inSeason,
    }

    if (!state.alert) {
      if (!inSeason || state.favourableDays < o.favourableDaysToFire) return undefined
      // A partial count (station installed mid-year) is a lower bound: it holds nothing back.
      if (countComplete && state.degreeDays < o.generationDegreeDays) return undefined
      state.alert = { sinceMs: atMs }
      const degreeDays = countComplete
        ? `, ${Math.round(state.degreeDays)} degree-days above ${o.baseC} °C since 1 ${MONTH_NAMES[startMonth - 1]}`
        : ''
      return {
        rule: 'grove.fruit_fly',
        status: 'firing',
        severity: 'warning',
        atMs,
        summary:
          `Olive fruit fly weather: ${state.favourableDays} days peaking within ${band} (last ${celsius(done.maxC)}) ` +
          `with fruit on the trees${degreeDays}: adults active and laying, check traps and fruit`,
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
          ? {
              ...today,
              lastMs: t,
              coveredMs: (today.coveredMs ?? today.lastMs - today.firstMs) + Math.min(t - today.lastMs, MAX_COVERED_STEP_MS),
              minC: Math.min(today.minC, airC),
              maxC: Math.max(today.maxC, airC),
            }
          : { day, firstMs: t, lastMs: t, coveredMs: 0, minC: airC, maxC: airC }
      }
      return { state, findings }
    },
  }
}
