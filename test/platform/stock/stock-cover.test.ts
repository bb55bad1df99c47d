import { describe, expect, it } from 'vitest'
import { assessCover, honeyStillToComeKg, oilStillToComeKg, oliveHarvestWindow, oliveSeasonOf, project, type CoverInputs } from '../../../platform/stock/index.js'
import type { HoneyEstimate, OliveEstimate } from '../../../platform/yield/estimates.js'

const honey: HoneyEstimate = {
  seasonStart: '2026-03-01',
  seasonEnd: '2026-09-30',
  asOfDay: '2026-06-15',
  seasonToDateKg: 120,
  harvestableKg: 30,
  colonyLossKg: 0,
  flowActive: true,
  forecast: { expectedSeasonKg: 200, lowKg: 150, highKg: 260, level: 0.8 },
  hives: 8,
}
const olive: OliveEstimate = {
  asOfDay: '2026-10-01',
  stage: 'veraison',
  chillHours: 600,
  growingDegreeDays: 2100,
  trees: 400,
  fruit: { expectedKg: 8000, lowKg: 6000, highKg: 10000, level: 0.8 },
  oil: { fraction: 0.16, expectedKg: 1280, lowKg: 960, highKg: 1600 },
  harvestWindow: { earliest: '2026-10-20', latest: '2026-12-15' },
}
const inputs = (over: Partial<CoverInputs> = {}): CoverInputs => ({
  productId: 'honey-jar',
  partnerId: 'p',
  available: 100,
  pendingUnits: 0,
  forecastUnits: 0,
  dailyDemand: 10,
  ...over,
})

describe('production still to come', () => {
  it('is the honey ready in the hives plus what the season forecast still expects, and nothing once the season is over', () => {
    expect(honeyStillToComeKg(honey, new Date('2026-06-16T00:00:00Z'))).toBe(30 + 80)
    expect(honeyStillToComeKg({ ...honey, seasonToDateKg: 250 }, new Date('2026-06-16T00:00:00Z'))).toBe(30)
    expect(honeyStillToComeKg(honey, new Date('2026-10-01T00:00:00Z'))).toBe(0)
  })

  it('is the expected oil less the oil of the fruit already picked, within the olive season', () => {
    expect(oilStillToComeKg(olive, '2026', 480, new Date('2026-11-01T00:00:00Z'))).toBe(800)
    expect(oilStillToComeKg(olive, '2026', 2000, new Date('2026-11-01T00:00:00Z'))).toBe(0)
    expect(oilStillToComeKg(olive, '2026', 0, new Date('2027-07-01T00:00:00Z'))).toBe(0)
  })

  it('names olive seasons by the flowering year: harvests from July to June', () => {
    expect(oliveSeasonOf('2026-11-03')).toBe('2026')
    expect(oliveSeasonOf('2027-02-10')).toBe('2026')
    expect(oliveSeasonOf('2027-07-01')).toBe('2027')
    expect(oliveHarvestWindow('2026')).toEqual({ from: '2026-07-01', until: '2027-07-01' })
    expect(oliveHarvestWindow('spring')).toBeNull()
  })
})

describe('stock cover', () => {
  it('projects stock plus production less demand over the horizon', () => {
    const p = project(inputs({ pendingUnits: 50, forecastUnits: 150 }), 30)
    expect(p).toMatchObject({ projectedUnits: 300 - 300, coverDays: 10, projectedCoverDays: 30 })
    expect(project(inputs({ dailyDemand: 0 }), 30)).toMatchObject({ coverDays: null, projectedCoverDays: null })
  })

  it('reports a stock-out risk when even the production to come runs out within the threshold', () => {
    const finding = assessCover(project(inputs({ available: 40, forecastUnits: 60 }), 90), 21)
    expect(finding).toMatchObject({ kind: 'stock_out_risk', coverDays: 10, productId: 'honey-jar', partnerId: 'p' })
    expect(finding!.evidence).toMatchObject({ availableUnits: 40, forecastUnits: 60, dailyDemand: 10, thresholdDays: 21, projectedUnits: -800 })
  })

  it('asks to replenish when the shelves run out first but production would cover', () => {
    expect(assessCover(project(inputs({ available: 100, pendingUnits: 400 }), 90), 21)).toMatchObject({ kind: 'replenish', coverDays: 10 })
  })

  it('says nothing when covered or without demand', () => {
    expect(assessCover(project(inputs({ available: 300 }), 90), 21)).toBeNull()
    expect(assessCover(project(inputs({ available: 0, dailyDemand: 0 }), 90), 21)).toBeNull()
  })
})
