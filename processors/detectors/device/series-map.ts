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
