import { describe, expect, it } from 'vitest'
import type { DetectorContext, DetectorReading, Finding } from '../../../../processors/detectors/detector.js'
import { RULES } from '../../../../processors/detectors/detector.js'
import { replayDetector } from '../../../../processors/detectors/device/detector-replay.js'
import { hiveDetectors } from '../../../../processors/detectors/hive/index.js'
import { readingFieldValues } from '../../../../platform/influx/measurements.js'
import { createHiveModel, type HiveModelOptions } from '../../../../simulators/hive-model.js'
import { CLIMATES } from '../../../../simulators/weather.js'

const MIN = 60_000
const DAY = 86_400_000
const context: DetectorContext = { device: { id: 'hive-1', partnerId: 'p1', siteId: 'site-1', kind: 'hive' } }

/** A simulated healthy hive, as the detectors see it. */
function simulated(options: HiveModelOptions, start: string, days: number, everyMs: number): DetectorReading[] {
  const model = createHiveModel(options)
  const t0 = Date.parse(start)
  return Array.from({ length: Math.floor((days * DAY) / everyMs) }, (_, i) => {
    const reading = model.readingAt(new Date(t0 + i * everyMs), i)
    return { timeMs: t0 + i * everyMs, sensor: '', fields: readingFieldValues('hive', reading) }
  })
}

const runAll = (readings: readonly DetectorReading[], batchSize?: number): Finding[] =>
  hiveDetectors({ siteTimeZone: () => 'Europe/Brussels' }).flatMap((d) => replayDetector(d, readings, context, { batchSize }).findings)

describe('hiveDetectors', () => {
  it('offers one detector per hive rule, each with its own state key', () => {
    const detectors = hiveDetectors()
    expect(detectors.map((d) => d.rules).flat()).toEqual(['hive.swarm', 'hive.theft', 'hive.manipulation', 'hive.queenless', 'hive.starvation'])
    expect(new Set(detectors.map((d) => d.name)).size).toBe(detectors.length)
    for (const d of detectors) {
      expect(d.kinds).toEqual(['hive'])
      expect(d.rules.every((rule) => (RULES as readonly string[]).includes(rule))).toBe(true)
    }
  })

  it.each([
    ['Brussels in June, every 10 min', { seed: 11 }, '2024-06-01', 10 * MIN],
    ['Brussels in January, hourly', { seed: 12, startStoresKg: 20 }, '2024-01-05', 60 * MIN],
    ['Antananarivo in November, every 5 min', { seed: 13, latitude: -18.9, longitude: 47.5, climate: CLIMATES.tropicalHighland }, '2024-11-01', 5 * MIN],
  ])('raises nothing on a month of a healthy simulated hive (%s)', (_, options, start, everyMs) => {
    expect(runAll(simulated(options, start, 30, everyMs))).toEqual([])
  })

  it('skips empty rows, non-finite values and readings it has already seen, without throwing', () => {
    const t0 = Date.parse('2024-05-01T00:00:00Z')
    const odd: DetectorReading[] = [
      { timeMs: t0, sensor: '', fields: {} },
      { timeMs: t0 + MIN, sensor: '', fields: { weight_kg: Number.NaN, temp_brood_c: Number.POSITIVE_INFINITY } },
      { timeMs: t0 + 2 * MIN, sensor: '', fields: { weight_kg: 40, accel_x_g: 0, accel_y_g: 0, accel_z_g: 0 } },
      { timeMs: t0 + MIN, sensor: '', fields: { weight_kg: 0 } },
    ]
    for (const detector of hiveDetectors()) {
      expect(() => replayDetector(detector, odd, context, { batchSize: 1 })).not.toThrow()
      expect(replayDetector(detector, odd, context).findings).toEqual([])
    }
  })

  it('reads a month with a visit, a swarm and a theft the same whatever the batch sizes', { timeout: 30_000 }, () => {
    const t0 = Date.parse('2024-05-01T00:00:00Z')
    const readings = simulated({ seed: 21 }, '2024-05-01', 30, 10 * MIN).map((r) => {
      const day = (r.timeMs - t0) / DAY
      const hourOfDay = (day % 1) * 24
      let shiftKg = 0
      if (Math.floor(day) === 5 && hourOfDay >= 10 && hourOfDay < 10.4) shiftKg = -16 // inspection
      if (day >= 12 + 13 / 24) shiftKg -= 2.6 // swarm at 13:00 UTC on day 12
      if (day >= 20.5 && day < 21) shiftKg = -r.fields.weight_kg! + 0.3 // carried away for 12 h
      return { ...r, fields: { ...r.fields, weight_kg: r.fields.weight_kg! + shiftKg } }
    })
    const whole = runAll(readings)
    expect(whole.map((f) => `${f.rule} ${f.status}`).sort()).toEqual([
      'hive.manipulation clear',
      'hive.manipulation firing',
      'hive.swarm clear',
      'hive.swarm firing',
      'hive.theft clear',
      'hive.theft firing',
    ])
    for (const batchSize of [1, 50, 999]) expect(runAll(readings, batchSize)).toEqual(whole)
  })
})
