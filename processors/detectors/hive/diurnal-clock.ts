/**
 * The hour of the sun at a site, learned from its own outside-air temperature when its time zone is
 * not known. Air temperature follows the sun: lowest around sunrise, highest in mid-afternoon, about
 * 14–15 h local solar time over land (Geiger et al., The Climate Near the Ground, ch. 4; Oke,
 * Boundary Layer Climates, 1987, fig. 2.9). The first harmonic of the mean daily cycle peaks close to
 * that hour, so its phase, fitted on the last few days of hourly means by hour of the day (UTC),
 * places local solar time within about an hour: enough to tell night (no bees flying, no beekeeper
 * at work) from the middle of the day, which is all the hive rules ask of it.
 *
 * The state is small and does not depend on the sampling interval: the open hour's running sum and
 * 24 hour-of-day means, each smoothed over ~3 days so a change of season or a cold front does not
 * linger. No estimate until at least 20 of the 24 hours have been seen on two days and the daily
 * cycle is clear (first-harmonic amplitude ≥ 1 °C): under a week of fog the clock says nothing.
 */
export interface DiurnalClockState {
  /** Start of the hour being accumulated (UTC ms), its sums of values and of minutes past the hour, count. */
  hourStartMs: number | null
  sum: number
  minutes: number
  count: number
  /** Per UTC hour of the day: smoothed mean, smoothed mean time (hour of day), days seen (capped). */
  means: (number | null)[]
  at: (number | null)[]
  days: number[]
}

const HOUR = 3_600_000
/** Mid-afternoon: where the first harmonic of the daily air-temperature cycle peaks, local solar time. */
export const THERMAL_PEAK_SOLAR_HOUR = 14.5
/** Each new day weighs a third: memory of about three days. */
const SMOOTHING_DAYS = 3
const MIN_HOURS_SEEN = 20
const MIN_DAYS_PER_HOUR = 2
const MIN_AMPLITUDE_C = 1

export function initialDiurnalClock(): DiurnalClockState {
  return { hourStartMs: null, sum: 0, minutes: 0, count: 0, means: Array<number | null>(24).fill(null), at: Array<number | null>(24).fill(null), days: Array<number>(24).fill(0) }
}

function closeHour(clock: DiurnalClockState): void {
  if (clock.hourStartMs === null || clock.count === 0) return
  const h = new Date(clock.hourStartMs).getUTCHours()
  const mean = clock.sum / clock.count
  // Hourly samples all sit at the start of their hour: the hour's time is where its samples were.
  const at = h + clock.minutes / clock.count / 60
  clock.days[h] = Math.min(clock.days[h]! + 1, 99)
  const weight = 1 / Math.min(clock.days[h]!, SMOOTHING_DAYS)
  const oldMean = clock.means[h] ?? mean
  const oldAt = clock.at[h] ?? at
  clock.means[h] = Math.round((oldMean + (mean - oldMean) * weight) * 100) / 100
  clock.at[h] = Math.round((oldAt + (at - oldAt) * weight) * 100) / 100
}

/** Feeds one outside-air temperature (readings newer than the last; older ones are ignored). */
export function recordAmbient(clock: DiurnalClockState, timeMs: number, celsius: number): void {
  const hourStartMs = Math.floor(timeMs / HOUR) * HOUR
  if (clock.hourStartMs !== null && hourStartMs < clock.hourStartMs) return
  if (hourStartMs !== clock.hourStartMs) {
    closeHour(clock)
    Object.assign(clock, { hourStartMs, sum: 0, minutes: 0, count: 0 })
  }
  clock.sum += celsius
  clock.minutes += (timeMs - hourStartMs) / 60_000
  clock.count += 1
}

/** The UTC hour (with fraction) at which the daily air-temperature cycle peaks, when it is clear. */
export function thermalPeakUtcHour(clock: DiurnalClockState): number | undefined {
  const seen = clock.means.flatMap((m, h) => (m !== null && clock.days[h]! >= MIN_DAYS_PER_HOUR ? [{ h: clock.at[h] ?? h + 0.5, m }] : []))
  if (seen.length < MIN_HOURS_SEEN) return undefined
  const average = seen.reduce((a, s) => a + s.m, 0) / seen.length
  let a = 0
  let b = 0
  for (const { h, m } of seen) {
    const angle = (2 * Math.PI * h) / 24
    a += (m - average) * Math.cos(angle)
    b += (m - average) * Math.sin(angle)
  }
  const amplitude = (2 * Math.hypot(a, b)) / seen.length
  if (amplitude < MIN_AMPLITUDE_C) return undefined
  return (((Math.atan2(b, a) * 24) / (2 * Math.PI)) % 24 + 24) % 24
}

/** Local solar hour (0–24) at `timeMs` as the site's temperature cycle places it, or undefined. */
export function estimatedSolarHour(clock: DiurnalClockState, timeMs: number): number | undefined {
  const peak = thermalPeakUtcHour(clock)
  if (peak === undefined) return undefined
  const utcHour = (timeMs % (24 * HOUR)) / HOUR
  return (((utcHour - peak + THERMAL_PEAK_SOLAR_HOUR) % 24) + 24) % 24
}
