import { describe, expect, it } from 'vitest'
import { simulateSiteSeason, type SimulatedSiteSeason } from '../../../simulators/seasons/index.js'

/** Seeds here are far from the backtest's (seed · 1000 + site). */
const NO_FAULTS = { gaps: 0, spikes: 0, emptyRows: 0, duplicates: 0, conflictingDuplicates: 0 }

/** The first weight at or after each local midnight of the season, and after the last day. */
function midnightWeights(site: SimulatedSiteSeason, hive: number): number[] {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone: site.region.timeZone })
  const byDay = new Map<string, number>()
  for (const s of site.hives[hive]!.samples) {
    const day = format.format(s.timeMs)
    if (!byDay.has(day) && s.weightKg !== null) byDay.set(day, s.weightKg)
  }
  return [...byDay.values()]
}

describe('simulateSiteSeason', () => {
  const site = simulateSiteSeason({ seed: 9_100_001, region: 'temperate', seasonYear: 2024, hives: 4, faults: NO_FAULTS })

  it('is the same season for the same seed', () => {
    const again = simulateSiteSeason({ seed: 9_100_001, region: 'temperate', seasonYear: 2024, hives: 4, faults: NO_FAULTS })
    expect(again.hives.map((h) => h.truth.seasonTotalKg)).toEqual(site.hives.map((h) => h.truth.seasonTotalKg))
    expect(again.hives[2]!.samples).toEqual(site.hives[2]!.samples)
    expect(again.historyTotalsKg).toEqual(site.historyTotalsKg)
    const other = simulateSiteSeason({ seed: 9_100_002, region: 'temperate', seasonYear: 2024, hives: 4, faults: NO_FAULTS, historySeasons: 0 })
    expect(other.hives[0]!.truth.seasonTotalKg).not.toBe(site.hives[0]!.truth.seasonTotalKg)
  })

  it('covers the Brussels season day by day, a quarter-hourly series, with two earlier seasons as history', () => {
    expect(site.days).toHaveLength(183)
    expect([site.days[0], site.days.at(-1)]).toEqual(['2024-04-01', '2024-09-30'])
    const hive = site.hives[0]!
    expect(hive.truth.dailyKg).toHaveLength(183)
    expect(hive.truth.seasonTotalKg).toBeCloseTo(hive.truth.dailyKg.reduce((x, y) => x + y, 0), 9)
    expect(hive.samples.length).toBe(183 * 96)
    expect(hive.samples[1]!.timeMs - hive.samples[0]!.timeMs).toBe(15 * 60_000)
    expect(site.historyTotalsKg).toHaveLength(2)
    for (const total of site.historyTotalsKg) expect(Number.isFinite(total)).toBe(true)
  })

  it('makes the scale show the true production from midnight to midnight, once manipulations are taken out', () => {
    const format = new Intl.DateTimeFormat('en-CA', { timeZone: site.region.timeZone })
    for (let h = 0; h < site.hives.length; h++) {
      const hive = site.hives[h]!
      const weights = midnightWeights(site, h)
      let close = 0
      for (let d = 0; d + 1 < weights.length && d < site.days.length; d++) {
        const manipulated = hive.truth.manipulations.filter((m) => format.format(m.atMs) === site.days[d]).reduce((sum, m) => sum + m.kg, 0)
        if (Math.abs(weights[d + 1]! - weights[d]! - manipulated - hive.truth.dailyKg[d]!) < 0.15) close++
      }
      // Load-cell noise and its temperature drift stay below 0.15 kg on nearly every day.
      expect(close / (weights.length - 1)).toBeGreaterThan(0.95)
    }
  })

  it('produces realistic Brussels seasons: spring upkeep, summer flow, a harvest, winter feeding', () => {
    for (const hive of site.hives) {
      expect(hive.truth.seasonTotalKg).toBeGreaterThan(-10)
      expect(hive.truth.seasonTotalKg).toBeLessThan(90)
      const april = hive.truth.dailyKg.slice(0, 20).reduce((x, y) => x + y, 0)
      const july = hive.truth.dailyKg.slice(85, 105).reduce((x, y) => x + y, 0)
      expect(july).toBeGreaterThan(april)
      expect(hive.truth.manipulations.filter((m) => m.kind === 'inspection').length).toBeGreaterThan(8)
    }
    expect(site.hives.some((h) => h.truth.harvestedHoneyKg > 5)).toBe(true)
  })

  it('records some interventions, not all, at about their time', () => {
    const all = site.hives.flatMap((h) => h.truth.manipulations.filter((m) => m.kind !== 'swarm'))
    const recorded = site.hives.flatMap((h) => h.recorded)
    expect(recorded.length).toBeGreaterThan(0.4 * all.length)
    expect(recorded.length).toBeLessThan(all.length)
    for (const hive of site.hives) {
      for (const r of hive.recorded) {
        const match = hive.truth.manipulations.find((m) => m.kind === r.kind && Math.abs(m.atMs - r.atMs) <= 5 * 3_600_000)
        expect(match, `${r.kind} ${new Date(r.atMs).toISOString()}`).toBeDefined()
      }
    }
  })
})

describe('simulateSiteSeason in the south and with faults', () => {
  it('runs the Antananarivo season from September into February, on the site’s days', () => {
    const site = simulateSiteSeason({ seed: 9_100_003, region: 'southern', seasonYear: 2024, hives: 2, historySeasons: 0 })
    expect(site.region.timeZone).toBe('Indian/Antananarivo')
    expect([site.days[0], site.days.at(-1), site.days.length]).toEqual(['2024-09-01', '2025-02-28', 181])
    const hive = site.hives[0]!
    // Local midnight is 21:00 UTC: the first quarter hour ends at 21:15.
    expect(new Date(hive.samples[0]!.timeMs).toISOString()).toBe('2024-08-31T21:15:00.000Z')
    const november = hive.truth.dailyKg.slice(61, 91).reduce((x, y) => x + y, 0)
    const september = hive.truth.dailyKg.slice(0, 30).reduce((x, y) => x + y, 0)
    expect(november).toBeGreaterThan(september)
  })

  it('adds gaps, glitches, half-empty and repeated rows, and a swarm now and then', () => {
    let swarms = 0
    let glitches = 0
    let empty = 0
    let gaps = 0
    for (let seed = 9_100_010; seed < 9_100_013; seed++) {
      const site = simulateSiteSeason({ seed, region: 'temperate', seasonYear: 2023, hives: 8, historySeasons: 0 })
      for (const hive of site.hives) {
        glitches += hive.faults.spikes.length
        gaps += hive.faults.gaps.length
        empty += hive.samples.filter((s) => s.weightKg === null).length
        if (hive.truth.swarm) {
          swarms++
          expect(hive.truth.swarm.lossKg).toBeGreaterThan(0.5)
          expect(hive.truth.swarm.lossKg).toBeLessThan(6)
        }
      }
    }
    expect(swarms).toBeGreaterThan(0)
    expect(swarms).toBeLessThan(12)
    expect(glitches).toBeGreaterThan(24)
    expect(gaps).toBeGreaterThan(12)
    expect(empty).toBeGreaterThan(50)
  })
})
