import { describe, expect, it } from 'vitest'
import type { DetectorContext, DetectorReading, Finding } from '../../../../processors/detectors/detector.js'
import { RULES } from '../../../../processors/detectors/detector.js'
import { deviceDetectors, replayDetector } from '../../../../processors/detectors/device/index.js'
import { readingFieldValues } from '../../../../platform/influx/measurements.js'
import type { DeviceKind } from '../../../../firmware-contracts/index.js'
import { createGroveModel } from '../../../../simulators/grove-model.js'
import { createHiveModel } from '../../../../simulators/hive-model.js'

const MIN = 60_000
const DAY = 86_400_000

function simulated(kind: DeviceKind, seed: number, start: string, days: number, everyMs: number): DetectorReading[] {
  const model = kind === 'hive' ? createHiveModel({ seed }) : createGroveModel({ seed })
  const t0 = Date.parse(start)
  return Array.from({ length: Math.floor((days * DAY) / everyMs) }, (_, i) => {
    const timeMs = t0 + i * everyMs
    return { timeMs, sensor: '', fields: readingFieldValues(kind, model.readingAt(new Date(timeMs), i)) }
  })
}

const contextFor = (kind: DeviceKind, readings: readonly DetectorReading[]): DetectorContext => {
  // The site's other devices agree with this one to within a few tenths.
  const byTime = new Map(readings.map((r) => [r.timeMs, r.fields]))
  return {
    device: { id: `${kind}-1`, partnerId: 'p1', siteId: 'site-1', kind },
    siteReference: (field, timeMs) => {
      const value = byTime.get(timeMs)?.[field]
      return value === undefined ? undefined : value + 0.3 * Math.sin(timeMs / 3_600_000)
    },
  }
}

const runAll = (readings: readonly DetectorReading[], context: DetectorContext, batchSize?: number): Finding[] =>
  deviceDetectors().flatMap((d) => replayDetector(d, readings, context, { batchSize }).findings)

describe('deviceDetectors', () => {
  it('offers one detector per sensor-health rule, for hives and groves, offline left to the sweep', () => {
    const detectors = deviceDetectors()
    expect(detectors.flatMap((d) => d.rules)).toEqual(['device.stuck', 'device.drift', 'device.spike', 'device.out_of_range', 'device.battery_low'])
    expect(new Set(detectors.map((d) => d.name)).size).toBe(detectors.length)
    for (const d of detectors) {
      expect(d.kinds).toEqual(['hive', 'grove'])
      expect(d.rules.every((rule) => (RULES as readonly string[]).includes(rule))).toBe(true)
    }
  })

  it.each([
    ['hive', 1, '2024-06-01', 10 * MIN],
    ['hive', 2, '2024-01-10', 60 * MIN],
    ['grove', 3, '2024-04-01', 15 * MIN],
    ['grove', 4, '2024-10-15', 60 * MIN],
  ] as const)('raises nothing on a month of a healthy simulated %s (seed %s, from %s)', (kind, seed, start, everyMs) => {
    const readings = simulated(kind, seed, start, 30, everyMs)
    expect(runAll(readings, contextFor(kind, readings))).toEqual([])
  })

  it('skips empty rows, non-finite values and readings it has already seen, without throwing', () => {
    const t0 = Date.parse('2024-05-01T00:00:00Z')
    const odd: DetectorReading[] = [
      { timeMs: t0, sensor: '', fields: {} },
      { timeMs: t0 + MIN, sensor: '', fields: { air_temp_c: Number.NaN, weight_kg: Number.POSITIVE_INFINITY, seq: 4 } },
      { timeMs: t0 + 2 * MIN, sensor: 'x', fields: { battery_v: 3.9, soil_moisture_vwc_pct_10cm: 20 } },
      { timeMs: t0 + MIN, sensor: 'x', fields: { battery_v: 1 } },
    ]
    const context = contextFor('grove', odd)
    for (const detector of deviceDetectors()) {
      expect(() => replayDetector(detector, odd, context, { batchSize: 1 })).not.toThrow()
      expect(replayDetector(detector, odd, context).findings).toEqual([])
    }
  })

  it('keeps a small state over a long series and reads it the same in any batch size', () => {
    const readings = simulated('grove', 5, '2024-05-01', 20, 10 * MIN).map((r, i) =>
      i % 500 === 250 ? { ...r, fields: { ...r.fields, air_temp_c: r.fields.air_temp_c! + 30 } } : r,
    )
    const context = contextFor('grove', readings)
    const whole = runAll(readings, context)
    expect(whole.filter((f) => f.rule === 'device.spike' && f.status === 'firing')).toHaveLength(6)
    for (const batchSize of [1, 64]) expect(runAll(readings, context, batchSize)).toEqual(whole)
    for (const detector of deviceDetectors()) {
      const { state } = replayDetector(detector, readings, context)
      expect(JSON.stringify(state).length, detector.name).toBeLessThan(12_000)
    }
  })
})
