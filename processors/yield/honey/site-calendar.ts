/**
 * Site-local calendar days as 'YYYY-MM-DD'. A hive's daily net gain belongs to the site's local day,
 * across DST changes (DESIGN.md, invariant 5): a Brussels day is 23 h in late March and 25 h in late
 * October, and its gain runs from local midnight to local midnight, when the foragers are home.
 * Only Intl is used (the IANA database Node ships), no offset tables of our own.
 */
export const DAY_MS = 86_400_000
const MINUTE_MS = 60_000
/** UTC offsets run from −12 h to +14 h: a local midnight lies within this of the UTC one. */
const SEARCH_SPAN_MIN = 15 * 60

/** Days since 1970-01-01 of a calendar date; consecutive dates differ by 1. */
export function dayNumber(day: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!match) throw new RangeError(`not a calendar day (YYYY-MM-DD): "${day}"`)
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS
}

export function dayFromNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10)
}

export function addDays(day: string, n: number): string {
  return dayFromNumber(dayNumber(day) + n)
}

export interface LocalDaySpan {
  day: string
  startMs: number
  endMs: number
}

export interface SiteCalendar {
  readonly timeZone: string
  /** The site-local day an instant falls in. */
  dayOf(timeMs: number): string
  /** The local day an instant falls in, with the instants it starts and ends (next day's start). */
  dayAround(timeMs: number): LocalDaySpan
  /** The instant a local day begins: midnight, or the first minute after it where DST skips midnight. */
  startOf(day: string): number
  /** Local hour with its fraction (13.5 = 13:30). */
  localHour(timeMs: number): number
}

const wallClocks = new Map<string, Intl.DateTimeFormat>()

function wallClock(timeZone: string): Intl.DateTimeFormat {
  let format = wallClocks.get(timeZone)
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        hourCycle: 'h23',
      })
    } catch {
      throw new RangeError(`honey yield: time zone "${timeZone}" is not a known IANA time zone`)
    }
    wallClocks.set(timeZone, format)
  }
  return format
}

/** The site's wall clock at an instant, read as if it were UTC (so differences give the offset). */
function wallClockAsUtcMs(format: Intl.DateTimeFormat, timeMs: number): number {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {}
  for (const part of format.formatToParts(timeMs)) parts[part.type] = Number(part.value)
  return Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0)
}

/**
 * `timeZone` is an IANA name; an unknown one throws here, naming it. Intl is slow next to arithmetic,
 * so day starts are found once (bisection to the minute, about a dozen Intl calls) and remembered,
 * and `dayOf` answers from the last day it found while instants stay inside it.
 */
export function createSiteCalendar(timeZone: string): SiteCalendar {
  const format = wallClock(timeZone)
  const localDayNumber = (timeMs: number) => Math.floor(wallClockAsUtcMs(format, timeMs) / DAY_MS)
  const starts = new Map<number, number>()

  const startOfNumber = (n: number): number => {
    const known = starts.get(n)
    if (known !== undefined) return known
    // Smallest minute whose local day is n or later: local days only move forward with time.
    const origin = n * DAY_MS - SEARCH_SPAN_MIN * MINUTE_MS
    let before = 0
    let atOrAfter = 2 * SEARCH_SPAN_MIN
    while (atOrAfter - before > 1) {
      const mid = Math.floor((before + atOrAfter) / 2)
      if (localDayNumber(origin + mid * MINUTE_MS) >= n) atOrAfter = mid
      else before = mid
    }
    const startMs = origin + atOrAfter * MINUTE_MS
    starts.set(n, startMs)
    return startMs
  }

  let current: LocalDaySpan | undefined
  const dayAround = (timeMs: number): LocalDaySpan => {
    if (!current || timeMs < current.startMs || timeMs >= current.endMs) {
      const n = localDayNumber(timeMs)
      current = { day: dayFromNumber(n), startMs: startOfNumber(n), endMs: startOfNumber(n + 1) }
    }
    return current
  }
  return {
    timeZone,
    startOf: (day) => startOfNumber(dayNumber(day)),
    localHour: (timeMs) => (((wallClockAsUtcMs(format, timeMs) % DAY_MS) + DAY_MS) % DAY_MS) / 3_600_000,
    dayAround,
    dayOf: (timeMs) => dayAround(timeMs).day,
  }
}

/**
 * A wall-clock time typed at the site ('2024-06-01T10:30') as an instant. Human-entered times
 * (inspections, harvests) are site time (DESIGN.md, invariant 5). A time the DST change skips
 * comes out an hour later; one it repeats gives the first of the two.
 */
export function siteTimeToMs(localDateTime: string, timeZone: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(localDateTime)
  if (!match) throw new RangeError(`not a local date-time (YYYY-MM-DDTHH:mm): "${localDateTime}"`)
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number]
  const wallMs = Date.UTC(y, mo - 1, d, h, mi)
  const format = wallClock(timeZone)
  const offsetAt = (timeMs: number) => wallClockAsUtcMs(format, timeMs) - Math.floor(timeMs / MINUTE_MS) * MINUTE_MS
  // Offsets before and after the candidate differ only around a DST change; the earlier one wins.
  const early = wallMs - offsetAt(wallMs - DAY_MS)
  const late = wallMs - offsetAt(wallMs + DAY_MS)
  for (const candidate of [Math.min(early, late), Math.max(early, late)]) {
    if (wallClockAsUtcMs(format, candidate) === wallMs) return candidate
  }
  return Math.max(early, late)
}
