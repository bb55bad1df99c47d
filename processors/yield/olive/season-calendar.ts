import { DAY_MS } from '../../../platform/time/site-time.js'
import type { Hemisphere } from '../../detectors/grove/olive-calendar.js'

/**
 * Calendar of an olive season. A season is named by the year its trees flower: in the north it
 * runs from the winter before (chilling from 1 November) to the harvest in that year's autumn or
 * winter; in the south flowering falls in October–November and the harvest in the next autumn
 * (April–July), so the south's season Y starts chilling on 1 May of Y.
 *
 * Days are site-local calendar dates, written 'YYYY-MM-DD' (what the API shows and PostgreSQL
 * stores as `date`) and counted internally as day numbers, days since 1970-01-01 (`dayNumber` and
 * `dayFromNumber` of platform/time/site-time.ts).
 */

export type { Hemisphere }

/** 'YYYY-MM-DD', a site-local calendar date. */
export type LocalDate = string

/**
 * Index 0–364 into a 365-day climatology: 29 February shares 28 February's normal, so every later
 * day of a leap year keeps its calendar date's normal.
 */
export function normalIndex(day: number): number {
  const date = new Date(day * DAY_MS)
  const year = date.getUTCFullYear()
  const jan1 = Date.UTC(year, 0, 1) / DAY_MS
  const ordinal = day - jan1
  const leap = new Date(Date.UTC(year, 1, 29)).getUTCMonth() === 1
  return leap && ordinal >= 59 ? ordinal - 1 : ordinal
}

export interface SeasonAnchors {
  /** First day of winter chilling: 1 November (north) / 1 May (south) before flowering. */
  chillFrom: number
  /** Last day of winter chilling: end of February (north) / August (south). */
  chillUntil: number
  /** First day of the heat (degree-day) count: 1 January (north) / 1 July (south) of the flowering year. */
  heatFrom: number
  /** Last day an estimate looks at: the end of the following winter, when every harvest is over. */
  until: number
}

export function seasonAnchors(season: number, hemisphere: Hemisphere = 'north'): SeasonAnchors {
  if (!Number.isInteger(season)) throw new RangeError(`olive yield: season must be a year, got ${season}`)
  const day = (year: number, month: number, dayOfMonth: number) => Date.UTC(year, month - 1, dayOfMonth) / DAY_MS
  return hemisphere === 'north'
    ? { chillFrom: day(season - 1, 11, 1), chillUntil: day(season, 3, 1) - 1, heatFrom: day(season, 1, 1), until: day(season + 1, 2, 28) }
    : { chillFrom: day(season, 5, 1), chillUntil: day(season, 8, 31), heatFrom: day(season, 7, 1), until: day(season + 1, 8, 31) }
}
