import { isKnownTimeZone, localHour } from '../../../platform/time/site-time.js'
import { estimatedSolarHour, type DiurnalClockState } from './diurnal-clock.js'

/**
 * The hour of the day at a site, from its IANA time zone (DESIGN: each site has one). The detector
 * contract does not carry it, so rules that need it take a lookup as an option; without one they
 * skip the time-of-day check rather than guess.
 */
export type SiteTimeZone = (siteId: string) => string | undefined

/** Local hour with fraction (13.5 = 13:30), or undefined when the zone is unknown or invalid. */
function localHourAt(timeMs: number, timeZone: string | undefined): number | undefined {
  return timeZone !== undefined && isKnownTimeZone(timeZone) ? localHour(timeMs, timeZone) : undefined
}

/**
 * The hour at the site: local civil time from its time zone when known, else local solar time as
 * its own temperature cycle places it (diurnal-clock.ts), else undefined.
 */
export function hourAt(timeMs: number, timeZone: string | undefined, clock?: DiurnalClockState): number | undefined {
  return localHourAt(timeMs, timeZone) ?? (clock ? estimatedSolarHour(clock, timeMs) : undefined)
}

/**
 * Night at the site: from 20:00 to 06:00 local time. Bees do not fly then, and beekeepers do not
 * open hives: manuals advise working colonies on warm days from mid-morning to mid-afternoon, while
 * the foragers are out (Sammataro & Avitabile, The Beekeeper's Handbook, ch. 5); at night and at
 * dawn the whole colony is home, cool and defensive. So a box that comes off then was not a
 * harvest. The hour is civil time when the site's time zone is known (summer time runs up to ~2 h
 * ahead of the sun in western Europe, hence 06:00), else solar time from the site's temperature
 * cycle (diurnal-clock.ts), which places mid-afternoon within an hour or two: either way the window
 * stays clear of working hours.
 */
export const NIGHT_FROM_HOUR = 20
export const NIGHT_TO_HOUR = 6

export function isNightHour(hour: number | undefined): boolean {
  return hour !== undefined && (hour >= NIGHT_FROM_HOUR || hour < NIGHT_TO_HOUR)
}
