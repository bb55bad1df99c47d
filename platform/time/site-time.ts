/**
 * Site-local time (DESIGN invariant 5): a "day" is the site's local day, and times people type
 * (an inspection at 09:30) are wall-clock times in the site's IANA time zone, across DST changes.
 * Built on Intl only: the runtime's time zone database is the one source of truth. Every module
 * that needs a local day, a local hour or a typed local time takes it from here.
 */
export const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000
const MINUTE_MS = 60_000
/** UTC offsets run from −12 h to +14 h: a local midnight lies within this of the UTC one. */
const SEARCH_SPAN_MIN = 15 * 60

const wallClocks = new Map<string, Intl.DateTimeFormat>()
const hourClocks = new Map<string, Intl.DateTimeFormat | null>()

/** The site's calendar and clock; an unknown zone throws here, naming it. */
function wallClockFormat(timeZone: string): Intl.DateTimeFormat {
  let format = wallClocks.get(timeZone)
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      })
    } catch {
      throw new RangeError(`time zone "${timeZone}" is not a known IANA time zone`)
    }
    wallClocks.set(timeZone, format)
  }
  return format
}

/** The site's wall clock at an instant, read as if it were UTC (so differences give the offset). */
function wallClockAsUtcMs(timeMs: number, timeZone: string): number {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {}
  for (const part of wallClockFormat(timeZone).formatToParts(timeMs)) parts[part.type] = Number(part.value)
  return Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
}

/** Days since 1970-01-01 of a calendar date 'YYYY-MM-DD'; consecutive dates differ by 1. */
export function dayNumber(day: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) throw new RangeError(`not a calendar day (YYYY-MM-DD): "${day}"`)
  return ms / DAY_MS
}

export function dayFromNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10)
}

export function addDays(day: string, n: number): string {
  return dayFromNumber(dayNumber(day) + n)
}

/** How far the site's wall clock is ahead of UTC at `ms`. */
export function utcOffsetMs(ms: number, timeZone: string): number {
  return wallClockAsUtcMs(ms, timeZone) - Math.floor(ms / 1000) * 1000
}

/** The site-local calendar day of an instant, `YYYY-MM-DD`. */
export function localDay(ms: number, timeZone: string): string {
  return dayFromNumber(Math.floor(wallClockAsUtcMs(ms, timeZone) / DAY_MS))
}

export function isKnownTimeZone(timeZone: string): boolean {
  if (!hourClocks.has(timeZone)) {
    try {
      hourClocks.set(timeZone, new Intl.DateTimeFormat('en-GB', { timeZone, hour: 'numeric', minute: 'numeric', hourCycle: 'h23' }))
    } catch {
      hourClocks.set(timeZone, null)
    }
  }
  return hourClocks.get(timeZone) !== null
}

/**
 * Local hour with its fraction (13.5 = 13:30). Detectors ask for it at every reading, so it reads
 * the hour and minute only, which Intl formats faster than a whole date.
 */
export function localHour(ms: number, timeZone: string): number {
  if (!isKnownTimeZone(timeZone)) throw new RangeError(`time zone "${timeZone}" is not a known IANA time zone`)
  let hour = 0
  let minute = 0
  for (const part of hourClocks.get(timeZone)!.formatToParts(ms)) {
    if (part.type === 'hour') hour = Number(part.value)
    else if (part.type === 'minute') minute = Number(part.value)
  }
  return hour + minute / 60
}

const HALF_DAY_MS = 12 * HOUR_MS
const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/

/**
 * The instant a wall-clock time names in the site's zone. A time skipped by a spring-forward is
 * taken as the same wall time after the jump; one repeated in autumn as its first occurrence.
 */
export function localToUtc(local: string, timeZone: string): Date {
  const m = LOCAL_TIME.exec(local)
  if (!m) throw new RangeError(`"${local}" is not a local time YYYY-MM-DDTHH:mm[:ss]`)
  const asUtc = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0))
  // Zones change offset at most once within a day: try the offsets half a day either side.
  const before = asUtc - utcOffsetMs(asUtc - HALF_DAY_MS, timeZone)
  const after = asUtc - utcOffsetMs(asUtc + HALF_DAY_MS, timeZone)
  const valid = [before, after].filter((t) => utcOffsetMs(t, timeZone) === asUtc - t)
  return new Date(valid.length > 0 ? Math.min(...valid) : before)
}

/** Start of the site-local day `day` (YYYY-MM-DD), as an instant. */
export function localDayStart(day: string, timeZone: string): Date {
  return localToUtc(`${day}T00:00`, timeZone)
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

/**
 * A site's days, for code that walks a series in time order. Intl is slow next to arithmetic, so
 * day starts are found once (bisection to the minute, about a dozen Intl calls) and remembered,
 * and `dayOf` answers from the last day it found while instants stay inside it.
 */
export function createSiteCalendar(timeZone: string): SiteCalendar {
  wallClockFormat(timeZone)
  const localDayNumber = (timeMs: number) => Math.floor(wallClockAsUtcMs(timeMs, timeZone) / DAY_MS)
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
    localHour: (timeMs) => localHour(timeMs, timeZone),
    dayAround,
    dayOf: (timeMs) => dayAround(timeMs).day,
  }
}
