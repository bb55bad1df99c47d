import type { SiteSample } from '../platform/stores/detector-state-store.js'
import { median as medianOrNaN } from './detectors/device/robust-stats.js'

/** No samples, no reference. */
function median(values: readonly number[]): number | undefined {
  return values.length === 0 ? undefined : medianOrNaN(values)
}

interface FieldSamples {
  samples: SiteSample[]
  oldestMs: number
  newestMs: number
  /** The median over all of them, for the usual case: every sample within tolerance. */
  median: number | undefined
}

/**
 * The drift detector's site reference: the median of a field over the neighbours' latest samples
 * that lie within `toleranceMs` of the reading. It is asked for every reading and field, so each
 * field's samples are gathered once per device run, and when they all lie within tolerance (the
 * usual case: devices reporting on schedule) their median is computed once.
 */
export function createSiteReference(neighbours: readonly SiteSample[], toleranceMs: number): (field: string, timeMs: number) => number | undefined {
  const byField = new Map<string, FieldSamples>()
  const samplesOf = (field: string): FieldSamples => {
    let entry = byField.get(field)
    if (!entry) {
      const samples = neighbours.filter((s) => s.fields[field] !== undefined)
      const times = samples.map((s) => s.timeMs)
      entry = { samples, oldestMs: Math.min(...times), newestMs: Math.max(...times), median: median(samples.map((s) => s.fields[field]!)) }
      byField.set(field, entry)
    }
    return entry
  }
  return (field, timeMs) => {
    const entry = samplesOf(field)
    if (timeMs - entry.oldestMs <= toleranceMs && entry.newestMs - timeMs <= toleranceMs) return entry.median
    return median(entry.samples.filter((s) => Math.abs(s.timeMs - timeMs) <= toleranceMs).map((s) => s.fields[field]!))
  }
}
