import type { DetectorReading } from '../detector.js'

/**
 * A field of a reading, or undefined when the row does not carry it: half-empty rows are normal
 * (a sensor missed a sample), so detectors skip what is missing instead of failing.
 */
export function fieldValue(reading: DetectorReading, field: string): number | undefined {
  const value = reading.fields[field]
  return value !== undefined && Number.isFinite(value) ? value : undefined
}

/** Mean of several fields, only when every one is present: a partial mean would jump between layers. */
export function meanOfFields(reading: DetectorReading, fields: readonly string[]): number | undefined {
  let sum = 0
  for (const field of fields) {
    const value = fieldValue(reading, field)
    if (value === undefined) return undefined
    sum += value
  }
  return fields.length > 0 ? sum / fields.length : undefined
}
