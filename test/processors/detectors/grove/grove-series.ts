import { readingFieldValues } from '../../../../platform/influx/measurements.js'
import type { Detector, DetectorContext, DetectorReading, Finding } from '../../../../processors/detectors/detector.js'
import { createGroveModel, type GroveModelOptions } from '../../../../simulators/grove-model.js'

/** Shared by the grove detector tests: series builders and a runner that splits batches like the queue does. */

export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

export const groveContext: DetectorContext = {
  device: { id: 'grove-1', partnerId: 'partner-1', siteId: 'site-1', kind: 'grove' },
}

/** One reading per row, `stepMs` apart from `start`. */
export function readingsEvery(start: string, stepMs: number, rows: readonly Record<string, number>[]): DetectorReading[] {
  const t0 = Date.parse(start)
  return rows.map((fields, i) => ({ timeMs: t0 + i * stepMs, sensor: 'station', fields }))
}

export function airReadings(start: string, stepMs: number, temps: readonly number[]): DetectorReading[] {
  return readingsEvery(
    start,
    stepMs,
    temps.map((air_temp_c) => ({ air_temp_c })),
  )
}

export function repeat<T>(value: T, times: number): T[] {
  return Array.from({ length: times }, () => value)
}

/**
 * Runs a detector over `readings` cut into batches of `batchSizes` (cycled), passing the state through
 * JSON between batches as the Redis-backed runner does.
 */
export function runDetector<S>(
  detector: Detector<S>,
  readings: readonly DetectorReading[],
  batchSizes: readonly number[] = [Math.max(1, readings.length)],
  initial: S = detector.initialState(),
): { findings: Finding[]; state: S } {
  let state = initial
  const findings: Finding[] = []
  for (let i = 0, b = 0; i < readings.length; b++) {
    const size = batchSizes[b % batchSizes.length]!
    const step = detector.step(state, readings.slice(i, i + size), groveContext)
    findings.push(...step.findings)
    state = JSON.parse(JSON.stringify(step.state)) as S
    i += size
  }
  return { findings, state }
}

/** The batchings the invariance tests compare: whole, one by one, and uneven cuts. */
export const BATCHINGS: readonly (readonly number[])[] = [[1], [7], [3, 250, 1, 19], [1000]]

/** A simulated station's readings, flattened into stored fields as the writer does. */
export function simulatedReadings(options: GroveModelOptions, start: string, days: number, stepMs: number): DetectorReading[] {
  const model = createGroveModel(options)
  const t0 = Date.parse(start)
  return Array.from({ length: Math.round((days * DAY) / stepMs) }, (_, i) => {
    const reading = model.readingAt(new Date(t0 + i * stepMs), i)
    return { timeMs: Date.parse(reading.ts), sensor: 'station', fields: readingFieldValues('grove', reading) }
  })
}

/** Keeps only `keep` fields of each reading, as a half-empty row would. */
export function withOnly(reading: DetectorReading, keep: readonly string[]): DetectorReading {
  return { ...reading, fields: Object.fromEntries(Object.entries(reading.fields).filter(([name]) => keep.includes(name))) }
}
