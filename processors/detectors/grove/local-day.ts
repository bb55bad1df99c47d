/**
 * The site's calendar day of a reading. Daily aggregates (degree-days, seasons) belong to the site's
 * local day, across DST changes (DESIGN.md, invariant 5); without a time zone the UTC day stands in.
 */
import { createSiteCalendar, DAY_MS, dayNumber, type LocalDaySpan } from '../../../platform/time/site-time.js'

export interface LocalDay {
  /** Days since 1970-01-01 in the site's calendar: consecutive days differ by 1. */
  day: number
  year: number
  /** 1 = January. */
  month: number
  dayOfMonth: number
}

export type LocalDayOf = (timeMs: number) => LocalDay

export function localDayFromNumber(day: number): LocalDay {
  const date = new Date(day * DAY_MS)
  return { day, year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, dayOfMonth: date.getUTCDate() }
}

/**
 * `timeZone` is an IANA name ("Europe/Brussels"); an unknown one throws at creation, not per reading.
 * The site calendar remembers the current day's span, so a series in time order costs a few Intl
 * calls a day.
 */
export function createLocalDayOf(timeZone?: string): LocalDayOf {
  if (timeZone === undefined) return (timeMs) => localDayFromNumber(Math.floor(timeMs / DAY_MS))
  const calendar = createSiteCalendar(timeZone)
  let current: { span: LocalDaySpan; value: LocalDay } | undefined
  return (timeMs) => {
    const span = calendar.dayAround(timeMs)
    if (current?.span !== span) current = { span, value: localDayFromNumber(dayNumber(span.day)) }
    return current.value
  }
}
