/** Numbers as a grower reads them in an alert: "−1.8 °C", "40 min", "2 h", "3.5 days". */

const MINUTE_MS = 60_000
const HOUR_MS = 3_600_000
const DAY_MS = 86_400_000

export function oneDecimal(value: number): number {
  return Math.round(value * 10) / 10
}

/** With a real minus sign, and no "−0.0". */
export function celsius(value: number): string {
  const rounded = oneDecimal(value)
  return `${rounded < 0 ? '−' : ''}${Math.abs(rounded).toFixed(1)} °C`
}

export function duration(ms: number): string {
  if (ms < HOUR_MS) return `${Math.round(ms / MINUTE_MS)} min`
  if (ms < 2 * DAY_MS) return `${Math.round((2 * ms) / HOUR_MS) / 2} h`
  return `${oneDecimal(ms / DAY_MS)} days`
}

export function minutes(ms: number): number {
  return Math.round(ms / MINUTE_MS)
}

export function isoTime(timeMs: number): string {
  return new Date(timeMs).toISOString()
}
