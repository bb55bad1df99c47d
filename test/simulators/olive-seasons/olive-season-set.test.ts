import { describe, expect, it } from 'vitest'
import { generateOliveSeasonSet, TRUE_STAGES } from '../../../simulators/olive-seasons/index.js'

describe('generateOliveSeasonSet', () => {
  const options = { seed: 3, groves: 3, stations: 1, pastSeasons: 4 }
  const set = generateOliveSeasonSet(options)

  it('gives each grove recorded harvests of consecutive past seasons, as its outcomes were', () => {
    for (const grove of set.groves) {
      expect(grove.outcomes.map((o) => o.season)).toEqual([2021, 2022, 2023, 2024, 2025])
      expect(grove.harvests.map((h) => h.season)).toEqual([2021, 2022, 2023, 2024])
      grove.harvests.forEach((h, k) => {
        expect(h.kgPerTree).toBeCloseTo(grove.outcomes[k]!.kgPerTree, 1)
        expect(h.harvestedOn).toBe(grove.outcomes[k]!.harvestDate)
      })
      expect(grove.truth).toBe(grove.outcomes.at(-1))
    }
  })

  it('produces plausible truth: positive crops, oil within cultivar ranges after damage, stages in order', () => {
    for (const grove of set.groves) {
      for (const o of grove.outcomes) {
        expect(o.kgPerTree).toBeGreaterThan(0)
        expect(o.oilPct).toBeGreaterThan(8)
        expect(o.oilPct).toBeLessThan(30)
        const dates = TRUE_STAGES.flatMap((s) => (o.stageDates[s] ? [o.stageDates[s]] : []))
        expect([...dates].sort()).toEqual(dates)
        expect(o.harvestDate >= o.stageDates.fullFlowering!).toBe(true)
      }
    }
  })

  it('alternates: the kg/tree series moves against its last deviation (negative lag-1 factor)', () => {
    for (const grove of set.groves) expect(grove.bearingLag).toBeLessThan(0)
  })

  it('is the same for the same seed, and the groves of one station share its weather', () => {
    const again = generateOliveSeasonSet(options)
    expect(again.groves.map((g) => g.truth)).toEqual(set.groves.map((g) => g.truth))
    expect(new Set(set.groves.map((g) => g.station)).size).toBe(1)
  })
})
