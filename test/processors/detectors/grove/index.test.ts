import { describe, expect, it } from 'vitest'
import { groveDetectors } from '../../../../processors/detectors/grove/index.js'
import { airReadings, MINUTE, repeat, runDetector, simulatedReadings } from './grove-series.js'

describe('groveDetectors', () => {
  it('returns one instance of each grove detector, each with its own state key', () => {
    const detectors = groveDetectors()
    expect(detectors.map((d) => d.rules)).toEqual([['grove.frost'], ['grove.heat'], ['grove.drought'], ['grove.peacock_spot'], ['grove.fruit_fly']])
    expect(new Set(detectors.map((d) => d.name)).size).toBe(5)
    for (const detector of detectors) expect(detector.kinds).toEqual(['grove'])
  })

  it("hands the site's options to every detector; a detector's own options win", () => {
    const frostIn = (options: Parameters<typeof groveDetectors>[0]) => {
      const frost = groveDetectors(options)[0]!
      return runDetector(frost, airReadings('2024-10-15T01:00:00Z', 10 * MINUTE, repeat(-1, 4))).findings[0]!.severity
    }
    expect(frostIn({})).toBe('warning')
    expect(frostIn({ hemisphere: 'south' })).toBe('critical')
    expect(frostIn({ hemisphere: 'south', frost: { sensitiveMonths: [4] } })).toBe('warning')
    expect(() => groveDetectors({ timeZone: 'Mars/Olympus_Mons' })).toThrow(/Mars\/Olympus_Mons/)
  })

  it('runs all five over a simulated mild spring week, quietly, with small JSON states', () => {
    const readings = simulatedReadings({ seed: 4 }, '2024-04-08', 7, 10 * MINUTE)
    for (const detector of groveDetectors({ timeZone: 'Europe/Madrid' })) {
      const { findings, state } = runDetector(detector, readings, [50])
      expect(findings).toEqual([])
      expect(JSON.stringify(state).length).toBeLessThan(400)
    }
  })
})
