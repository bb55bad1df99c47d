import { describe, expect, it } from 'vitest'
import {
  estimateOliveYield,
  OLIVE_VARIETIES,
  type ClimateNormals,
  type DailyTemperature,
  type OliveGrove,
} from '../../../../processors/yield/olive/index.js'
import { dayFromNumber, dayNumber } from '../../../../platform/time/site-time.js'

const steady: ClimateNormals = { meanC: Array<number>(365).fill(20), sdC: 0 }
const days = (from: string, to: string): DailyTemperature[] =>
  Array.from({ length: dayNumber(to) - dayNumber(from) + 1 }, (_, i) => ({ date: dayFromNumber(dayNumber(from) + i), minC: 15, maxC: 25, chillHours: 0, coveredHours: 24 }))

const grove: OliveGrove = {
  variety: OLIVE_VARIETIES.picual,
  trees: 250,
  timeZone: 'Europe/Madrid',
  // ON in 2023: expect the OFF crop in 2024.
  harvests: [
    { season: 2020, kgPerTree: 10, oilPct: 21 },
    { season: 2021, kgPerTree: 30 },
    { season: 2022, kgPerTree: 10 },
    { season: 2023, kgPerTree: 30 },
  ],
}
const input = (asOf: string, episodes = [] as Parameters<typeof estimateOliveYield>[0]['episodes']) => ({
  grove,
  season: 2024,
  asOf,
  temperatures: days('2023-11-01', asOf),
  normals: steady,
  episodes,
})

describe('estimateOliveYield', () => {
  it('starts from the bearing forecast and scales per grove by the number of trees', () => {
    const e = estimateOliveYield(input('2024-02-01'))
    expect(e.bearing.kgPerTree).toBeCloseTo(10)
    expect(e.fruitKgPerTree.value).toBeCloseTo(10)
    expect(e.fruitKgPerTree.low).toBeLessThan(10)
    expect(e.fruitKgPerTree.high).toBeGreaterThan(10)
    expect(e.fruitKgPerTree.low * e.fruitKgPerTree.high).toBeCloseTo(100) // log-symmetric about the median
    expect(e.fruitKgPerGrove.value).toBeCloseTo(2500)
    expect(e.oilKgPerTree.value).toBeCloseTo((e.fruitKgPerTree.value * e.oilPct.value) / 100)
    expect(e.oilKgPerGrove.value).toBeCloseTo(250 * e.oilKgPerTree.value)
    expect(e.phenology.stage).toBe('budburst') // 320 degree-days by 1 February
  })

  it('cuts the crop for a critical frost in bloom and widens the interval for its uncertain cost', () => {
    const quiet = estimateOliveYield(input('2024-03-01'))
    const frost = estimateOliveYield(
      input('2024-03-01', [{ rule: 'grove.frost', startMs: Date.parse('2024-02-15T05:00:00Z'), endMs: Date.parse('2024-02-15T07:00:00Z'), severity: 'critical' }]),
    )
    expect(frost.risk.byRule['grove.frost'].fruitFactor).toBeCloseTo(0.7)
    expect(frost.fruitKgPerTree.value).toBeCloseTo(0.7 * quiet.fruitKgPerTree.value)
    expect(frost.fruitKgPerTree.high / frost.fruitKgPerTree.low).toBeGreaterThan(quiet.fruitKgPerTree.high / quiet.fruitKgPerTree.low)
  })

  it('projects a harvest window and prices the oil at its middle, centred on the grove’s mill records', () => {
    const e = estimateOliveYield(input('2024-03-01'))
    expect(e.harvestWindow).toMatchObject({ ripeningIndex: { earliest: 2.5, latest: 4.5 }, latestReached: true })
    expect(e.harvestDate! >= e.harvestWindow!.earliest && e.harvestDate! <= e.harvestWindow!.latest).toBe(true)
    // One record of 21 % and the variety's middle (20.8 %), at RI 3.5: the oil is complete.
    expect(e.ripeningIndexAtHarvest).toBeCloseTo(3.5, 1)
    expect(e.oilPct.value).toBeCloseTo(Math.sqrt(21 * Math.sqrt(18 * 24)), 1)
  })

  it('prices the oil at a planned early harvest lower', () => {
    const planned = estimateOliveYield({ ...input('2024-03-01'), grove: { ...grove, plannedHarvest: '2024-08-01' } })
    const usual = estimateOliveYield(input('2024-03-01'))
    expect(planned.harvestDate).toBe('2024-08-01')
    expect(planned.oilPct.value).toBeLessThan(0.8 * usual.oilPct.value)
  })

  it('refuses a grove without trees', () => {
    expect(() => estimateOliveYield({ ...input('2024-03-01'), grove: { ...grove, trees: 0 } })).toThrow(/trees/)
  })
})
