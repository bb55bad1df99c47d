import type { DetectorReading } from '../detector.js'
import { fieldValue } from './findings.js'

/**
 * Per-field state keyed by sensor and field, bounded: a device that suddenly reports many sensors
 * cannot grow its Redis state without limit; the series heard from longest ago is dropped first.
 */
export interface SeriesEntry {
  lastMs: number
}

export const DEFAULT_MAX_SERIES = 48

export function seriesKey(sensor: string, field: string): string {
  return sensor === '' ? field : `${sensor}/${field}`
}

/** The field name of a series key. */
export function seriesField(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1)
}

export function seriesEntry<T extends SeriesEntry>(
  series: Record<string, T>,
  key: string,
  create: () => T,
  maxSeries = DEFAULT_MAX_SERIES,
): T {
  const existing = series[key]
  if (existing) return existing
  const keys = Object.keys(series)
  if (keys.length >= maxSeries) {
    const oldest = keys.reduce((a, b) => (series[a]!.lastMs <= series[b]!.lastMs ? a : b))
    delete series[oldest]
  }
  const created = create()
  series[key] = created
  return created
}

/**
 * The per-field loop of the device detectors: each field of the reading that has a rule and a
 * finite value, with its series (created from the first value), when the reading is newer than
 * the series' last one. `visit` updates the series, `lastMs` included.
 */
export function forEachFieldSeries<R, T extends SeriesEntry>(
  series: Record<string, T>,
  reading: DetectorReading,
  ruleOf: (field: string) => R | undefined,
  create: (value: number) => T,
  visit: (entry: T, value: number, rule: R, field: string) => void,
): void {
  for (const field of Object.keys(reading.fields)) {
    const rule = ruleOf(field)
    const value = fieldValue(reading, field)
    if (rule === undefined || value === undefined) continue
    const entry = seriesEntry(series, seriesKey(reading.sensor, field), () => create(value))
    if (reading.timeMs <= entry.lastMs) continue
    visit(entry, value, rule, field)
  }
}
