/**
 * Solar geometry for the models. Accuracy of a few minutes is plenty: it drives diurnal shapes, not
 * astronomy. Formulas after Cooper (1969) for declination and the standard hour-angle relations.
 */
const DAY_MS = 86_400_000
const RAD = Math.PI / 180

/** Day of the year in UTC, 1 on 1 January (fractional part dropped). */
export function dayOfYear(time: Date): number {
  return Math.floor((time.getTime() - Date.UTC(time.getUTCFullYear(), 0, 1)) / DAY_MS) + 1
}

/** Mean local solar time in hours, [0, 24): noon is when the sun is highest, give or take ~15 min. */
export function solarHour(time: Date, longitude: number): number {
  const utcHours = (time.getTime() % DAY_MS) / 3_600_000
  return (((utcHours + longitude / 15) % 24) + 24) % 24
}

function declinationRad(doy: number): number {
  return 23.44 * RAD * Math.sin((2 * Math.PI * (284 + doy)) / 365)
}

/** Sine of the sun's elevation; ≤ 0 means night. */
export function sunElevationSine(time: Date, latitude: number, longitude: number): number {
  const dec = declinationRad(dayOfYear(time))
  const hourAngle = (solarHour(time, longitude) - 12) * 15 * RAD
  const lat = latitude * RAD
  return Math.sin(lat) * Math.sin(dec) + Math.cos(lat) * Math.cos(dec) * Math.cos(hourAngle)
}

/** Sunrise and sunset in local solar hours; near the poles the day is clamped to 4–20 h. */
export function daylight(time: Date, latitude: number): { sunrise: number; sunset: number } {
  const cosHourAngle = -Math.tan(latitude * RAD) * Math.tan(declinationRad(dayOfYear(time)))
  const halfDayH = Math.acos(Math.min(1, Math.max(-1, cosHourAngle))) / RAD / 15
  const half = Math.min(10, Math.max(2, halfDayH))
  return { sunrise: 12 - half, sunset: 12 + half }
}
