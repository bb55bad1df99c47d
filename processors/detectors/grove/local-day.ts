/**
 * The site's calendar day of a reading. Daily aggregates (degree-days, seasons) belong to the site's
 * local day, across DST changes (DESIGN.md, invariant 5); without a time zone the UTC day stands in.
 */

const DAY_MS = 86_400_000
const MINUTE_MS = 60_000
/** Longer than any local day (25 h on a DST change), so `t` plus this is always another day. */
const SEARCH_SPAN_MIN = 27 * 60

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
 * Intl is slow next to arithmetic, so the function remembers when the current local day ends (found
 * by bisection to the minute, about a dozen Intl calls a day) and answers from that until it does.
 */
export function createLocalDayOf(timeZone?: string): LocalDayOf {
  if (timeZone === undefined) return (timeMs) => localDayFromNumber(Math.floor(timeMs / DAY_MS))

  let format: Intl.DateTimeFormat
  try {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' })
  } catch {
    throw new RangeError(`grove detectors: timeZone "${timeZone}" is not a known IANA time zone`)
  }
  const dayNumber = (timeMs: number) => {
    const parts: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {}
    for (const part of format.formatToParts(timeMs)) parts[part.type] = Number(part.value)
    return Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1) / DAY_MS
  }

  let current: { fromMs: number; untilMs: number; value: LocalDay } | undefined
  return (timeMs) => {
    if (current && timeMs >= current.fromMs && timeMs < current.untilMs) return current.value
    const day = dayNumber(timeMs)
    // Zone offsets are whole minutes, so local days start on a UTC minute.
    const fromMs = Math.floor(timeMs / MINUTE_MS) * MINUTE_MS
    let sameDayMin = 0
    let nextDayMin = SEARCH_SPAN_MIN
    while (nextDayMin - sameDayMin > 1) {
      const mid = Math.floor((sameDayMin + nextDayMin) / 2)
      if (dayNumber(fromMs + mid * MINUTE_MS) === day) sameDayMin = mid
      else nextDayMin = mid
    }
    current = { fromMs, untilMs: fromMs + nextDayMin * MINUTE_MS, value: localDayFromNumber(day) }
    return current.value
  }
}
