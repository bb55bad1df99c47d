/**
 * Site-local time (DESIGN invariant 5): a "day" is the site's local day, and times people type
 * (an inspection at 09:30) are wall-clock times in the site's IANA time zone, across DST changes.
 * Built on Intl only: the runtime's time zone database is the one source of truth.
 */
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(timeZone, f)
  }
  return f
}

function wallClock(ms: number, timeZone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(ms).map((p) => [p.type, p.value]))
  return { y: +parts.year!, mo: +parts.month!, d: +parts.day!, h: +parts.hour!, mi: +parts.minute!, s: +parts.second! }
}

/** How far the site's wall clock is ahead of UTC at `ms`. */
export function utcOffsetMs(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone)
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - Math.floor(ms / 1000) * 1000
}

/** The site-local calendar day of an instant, `YYYY-MM-DD`. */
export function localDay(ms: number, timeZone: string): string {
  const w = wallClock(ms, timeZone)
  return `${w.y}-${String(w.mo).padStart(2, '0')}-${String(w.d).padStart(2, '0')}`
}

const HALF_DAY_MS = 12 * 3_600_000
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
