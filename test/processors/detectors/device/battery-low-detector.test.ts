import { describe, expect, it } from 'vitest'
import type { DetectorContext, DetectorReading } from '../../../../processors/detectors/detector.js'
import { createBatteryLowDetector } from '../../../../processors/detectors/device/battery-low-detector.js'
import { replayDetector } from '../../../../processors/detectors/device/detector-replay.js'

const HOUR = 3_600_000
const T0 = Date.parse('2024-03-01T00:00:00Z')
const context: DetectorContext = { device: { id: 'grove-1', partnerId: 'p1', siteId: 'site-1', kind: 'grove' } }

/** Hourly readings carrying the given fields, one object per hour. */
const hourly = (rows: Record<string, number>[]): DetectorReading[] => rows.map((fields, i) => ({ timeMs: T0 + i * HOUR, sensor: '', fields }))
const volts = (...values: number[]) => hourly(values.map((battery_v) => ({ battery_v })))
const run = (readings: DetectorReading[], batchSize?: number) =>
  replayDetector(createBatteryLowDetector(), readings, context, { batchSize }).findings

describe('device.battery_low', () => {
  it('fires on the third reading below 3.45 V in a row', () => {
    const findings = run(volts(3.7, 3.44, 3.44, 3.44, 3.43))
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({ rule: 'device.battery_low', status: 'firing', severity: 'warning', atMs: T0 + 3 * HOUR })
    expect(findings[0]!.summary).toBe('Battery low (3.44 V) for 3 readings: replace or charge it before the device stops.')
  })

  it.each([
    { label: '3.46 V', readings: volts(3.46, 3.46, 3.46, 3.46), alerts: 0 },
    { label: 'two low readings then one above', readings: volts(3.44, 3.44, 3.5, 3.44, 3.44), alerts: 0 },
    { label: '14 %', readings: hourly([{ battery_pct: 14 }, { battery_pct: 14 }, { battery_pct: 14 }]), alerts: 1 },
    { label: '16 %', readings: hourly([{ battery_pct: 16 }, { battery_pct: 16 }, { battery_pct: 16 }]), alerts: 0 },
  ])('$label gives $alerts alerts', ({ readings, alerts }) => {
    expect(run(readings)).toHaveLength(alerts)
  })

  it('clears only above 3.6 V held for 3 readings and 6 h, so a value hovering at 3.45 V alerts once', () => {
    const hovering = volts(3.44, 3.44, 3.44, 3.46, 3.44, 3.5, 3.43, 3.58, 3.44, 3.44, 3.44)
    expect(run(hovering).map((f) => f.status)).toEqual(['firing'])
    const replaced = volts(3.44, 3.44, 3.44, 4.1, 4.1, 4.1, 4.1, 4.1, 4.1, 4.1)
    const findings = run(replaced)
    expect(findings.map((f) => [f.status, f.atMs])).toEqual([
      ['firing', T0 + 2 * HOUR],
      ['clear', T0 + 9 * HOUR],
    ])
    expect(findings[1]!.summary).toBe('Battery back to 4.1 V.')
  })

  it('does not close the alert when a weak solar node recovers only for the day', () => {
    const days = Array.from({ length: 72 }, (_, h) => (h % 24 >= 10 && h % 24 < 14 ? 3.7 : 3.4))
    expect(run(volts(...days)).map((f) => f.status)).toEqual(['firing'])
  })

  it('skips rows without battery fields and gives the same findings however it is batched', () => {
    const rows = [3.4, 3.4, 3.4, 3.9, 3.9, 3.9, 3.9, 3.9, 3.9, 3.9].flatMap((v): Record<string, number>[] => [{ battery_v: v, battery_pct: 50 }, { air_temp_c: 12 }])
    const readings = hourly(rows)
    const whole = run(readings)
    expect(whole.map((f) => f.status)).toEqual(['firing', 'clear'])
    expect(whole[0]!.evidence).toEqual({ battery_v: 3.4, battery_pct: 50, samples: 3 })
    for (const batchSize of [1, 3, 1000]) expect(run(readings, batchSize)).toEqual(whole)
  })
})
