import { describe, expect, it } from 'vitest'
import type { DetectorContext, DetectorReading } from '../../../../processors/detectors/detector.js'
import { replayDetector } from '../../../../processors/detectors/device/detector-replay.js'
import { createDriftDetector, DEFAULT_DRIFT_RULES } from '../../../../processors/detectors/device/drift-detector.js'

const MIN = 60_000
const HOUR = 60 * MIN
const T0 = Date.parse('2024-04-01T00:00:00Z')

/** The site's other devices: a day-night air temperature and humidity. */
const siteAir = (t: number) => 14 + 6 * Math.sin((2 * Math.PI * (t - T0)) / (24 * HOUR))
const siteHumidity = (t: number) => 70 - 15 * Math.sin((2 * Math.PI * (t - T0)) / (24 * HOUR))
const context: DetectorContext = {
  device: { id: 'hive-1', partnerId: 'p1', siteId: 'site-1', kind: 'hive' },
  siteReference: (field, t) => (field === 'temp_ambient_c' ? siteAir(t) : field === 'humidity_ambient_pct' ? siteHumidity(t) : undefined),
}

/** Readings every 10 min whose outside temperature reads `offsetAt(hour)` off the site's. */
function hive(hours: number, offsetAt: (hour: number) => number, extra: (t: number) => Record<string, number> = () => ({})): DetectorReading[] {
  const readings: DetectorReading[] = []
  for (let t = T0; t <= T0 + hours * HOUR; t += 10 * MIN) {
    const hour = (t - T0) / HOUR
    // A little disagreement hour to hour, as sun and shade give.
    const noise = 0.4 * Math.sin(hour * 2.3)
    readings.push({ timeMs: t, sensor: '', fields: { temp_ambient_c: siteAir(t) + offsetAt(hour) + noise, temp_brood_c: 20, ...extra(t) } })
  }
  return readings
}

const run = (readings: DetectorReading[], ctx = context, batchSize?: number) =>
  replayDetector(createDriftDetector(), readings, ctx, { batchSize }).findings

describe('device.drift', () => {
  it.each([
    [2.3, 0],
    [2.7, 1],
  ])('an outside sensor reading %s °C above its site for two days gives %s alerts (fires over 2.5 °C)', (offset, alerts) => {
    const findings = run(hive(54, () => offset))
    expect(findings).toHaveLength(alerts)
    if (alerts) {
      expect(findings[0]).toMatchObject({ rule: 'device.drift', status: 'firing', severity: 'warning', evidence: { field: 'temp_ambient_c' } })
      expect(findings[0]!.summary).toMatch(/^Sensor drifting: outside temperature has read 2\.\d+ °C above the site's other devices over the last two days/)
      // At least 12 hours of evidence first.
      expect(findings[0]!.atMs).toBeGreaterThanOrEqual(T0 + 12 * HOUR)
    }
  })

  it('follows a growing offset, holds between the thresholds, and clears below 1.5 °C', () => {
    // Over a two-day window: the median lags a ramp by about a day.
    const offsetAt = (hour: number) => (hour < 72 ? hour * 0.07 : hour < 144 ? 2 : 0.5)
    const findings = run(hive(220, offsetAt))
    expect(findings.map((f) => f.status)).toEqual(['firing', 'clear'])
    expect(findings[0]!.atMs).toBeLessThan(T0 + 72 * HOUR)
    expect(findings[1]!.atMs).toBeGreaterThan(T0 + 144 * HOUR)
    expect(findings[1]!.summary).toBe('The sensor agrees with the rest of its site again.')
  })

  it('compares humidity too (fires over 10 %RH), but not in-hive values nor without a reference', () => {
    const humid = hive(30, () => 0, (t) => ({ humidity_ambient_pct: siteHumidity(t) - 12 }))
    expect(run(humid).map((f) => f.evidence.field)).toEqual(['humidity_ambient_pct'])
    expect(run(hive(30, () => 5), { device: context.device })).toEqual([])
    expect(run(hive(30, () => 5), { ...context, siteReference: () => undefined })).toEqual([])
  })

  it('does not fire when only some hours are off: a reference that stood for a drifting neighbour part of the time', () => {
    // Every other 6 h the reference was the one neighbour that drifts 4 °C low; the rest of the time it was right.
    const mixed = hive(96, (hour) => (Math.floor(hour / 6) % 2 ? 4 : 0))
    expect(run(mixed)).toEqual([])
    expect(run(hive(96, () => 4))).toHaveLength(1)
  })

  it('compares only hours when the air was steady: a neighbour read two hours earlier while it warms fast is no evidence', () => {
    // A healthy sensor; the reference exists only around the fastest warming of the day, and is the
    // neighbours' reading from 2 h before: 3 °C lower, every time.
    const lagged: DetectorContext = {
      ...context,
      siteReference: (field, t) => {
        const hourOfDay = ((t - T0) / HOUR) % 24
        return field === 'temp_ambient_c' && (hourOfDay >= 21 || hourOfDay < 4) ? siteAir(t - 2 * HOUR) : undefined
      },
    }
    const healthy = hive(120, () => 0).map((r) => ({ ...r, fields: { temp_ambient_c: siteAir(r.timeMs) } }))
    expect(run(healthy, lagged)).toEqual([])
    const unfiltered = createDriftDetector({ rules: { temp_ambient_c: { ...DEFAULT_DRIFT_RULES.temp_ambient_c!, steadyPerHour: Infinity } } })
    expect(replayDetector(unfiltered, healthy, lagged).findings).toHaveLength(1)
  })

  it('gives the same findings however it is batched, with half-empty rows', () => {
    const readings = hive(140, (hour) => (hour < 60 ? 4 : 0)).flatMap((r, i) =>
      i % 2 ? [r, { timeMs: r.timeMs + MIN, sensor: '', fields: { battery_v: 3.8 } }] : [r],
    )
    const whole = run(readings)
    expect(whole.map((f) => f.status)).toEqual(['firing', 'clear'])
    for (const batchSize of [1, 17, 1000]) expect(run(readings, context, batchSize)).toEqual(whole)
  })
})
