/**
 * The hour of the day at a site, from its IANA time zone (DESIGN: each site has one). The detector
 * contract does not carry it, so rules that need it take a lookup as an option; without one they
 * skip the time-of-day check rather than guess.
 */
export type SiteTimeZone = (siteId: string) => string | undefined

const formatters = new Map<string, Intl.DateTimeFormat | null>()

function formatterFor(timeZone: string): Intl.DateTimeFormat | null {
  if (!formatters.has(timeZone)) {
    try {
      formatters.set(timeZone, new Intl.DateTimeFormat('en-GB', { timeZone, hour: 'numeric', minute: 'numeric', hourCycle: 'h23' }))
    } catch {
      formatters.set(timeZone, null)
    }
  }
  return formatters.get(timeZone)!
}

/** Local hour with fraction (13.5 = 13:30), or undefined when the zone is unknown or invalid. */
export function localHour(timeMs: number, timeZone: string | undefined): number | undefined {
  const formatter = timeZone === undefined ? null : formatterFor(timeZone)
  if (!formatter) return undefined
  const parts = formatter.formatToParts(new Date(timeMs))
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  return part('hour') + part('minute') / 60
}
