import { describe, expect, it } from 'vitest'
import { alternateBearingIndex, forecastFromBearing, type PastHarvest } from '../../../../processors/yield/olive/index.js'

const seasons = (first: number, kg: readonly number[]): PastHarvest[] => kg.map((kgPerTree, i) => ({ season: first + i, kgPerTree }))

describe('alternateBearingIndex (Pearce & Dobersek-Urbanc 1967)', () => {
  it('is (H − L)/(H + L) for strict alternation, 0 for steady bearing, 1 for a crop every other year', () => {
    expect(alternateBearingIndex(seasons(2018, [30, 10, 30, 10, 30]))).toBeCloseTo(0.5)
    expect(alternateBearingIndex(seasons(2018, [20, 20, 20]))).toBe(0)
    expect(alternateBearingIndex(seasons(2018, [40, 0, 40, 0]))).toBe(1)
  })

  it('averages |a₂ − a₁|/(a₂ + a₁) over consecutive pairs only', () => {
    // Pairs 2018–19 (1/3) and 2021–22 (0); 2019 → 2021 has a season missing between them.
    const harvests = [...seasons(2018, [20, 10]), ...seasons(2021, [15, 15])]
    expect(alternateBearingIndex(harvests)).toBeCloseTo((10 / 30 + 0) / 2)
    expect(alternateBearingIndex(seasons(2018, [20]))).toBeUndefined()
    expect(alternateBearingIndex(seasons(2018, [0, 0]))).toBeUndefined()
  })
})

describe('forecastFromBearing', () => {
  it('expects the OFF crop after an ON year and the ON crop after an OFF year', () => {
    const afterOn = forecastFromBearing(seasons(2019, [10, 30, 10, 30]), 2023)
    expect(afterOn.meanKgPerTree).toBe(20)
    expect(afterOn.abi).toBeCloseTo(0.5)
    expect(afterOn.lastLoad).toBe(1)
    expect(afterOn.kgPerTree).toBeCloseTo(10)
    expect(forecastFromBearing(seasons(2019, [30, 10, 30, 10]), 2023).kgPerTree).toBeCloseTo(30)
  })

  it('swings in proportion to how far last season was from the mean', () => {
    // Mean 20, ABI 0.5: a last season of 25 is half way to ON, so half the swing down.
    const f = forecastFromBearing(seasons(2019, [10, 30, 15, 25]), 2023)
    expect(f.meanKgPerTree).toBe(20)
    expect(f.lastLoad).toBeCloseTo(5 / (f.abi! * 20))
    expect(f.kgPerTree).toBeCloseTo(20 - 5)
  })

  it('expects the mean when last season is missing or the grove bears steadily', () => {
    expect(forecastFromBearing(seasons(2018, [10, 30, 10, 30]), 2023).kgPerTree).toBe(20)
    expect(forecastFromBearing(seasons(2019, [20, 20, 20, 20]), 2023).kgPerTree).toBe(20)
  })

  it('uses only seasons before the one forecast, the latest maxSeasons of them', () => {
    const f = forecastFromBearing(seasons(2010, [100, 100, 100, 20, 20, 20, 20]), 2017, { maxSeasons: 4 })
    expect(f.seasonsUsed).toBe(4)
    expect(f.meanKgPerTree).toBe(20)
    expect(forecastFromBearing(seasons(2010, [20, 20, 99]), 2012).seasonsUsed).toBe(2)
  })

  it('pools the grove’s own forecast errors with the prior: a regular grove gets narrower, a short record keeps the prior', () => {
    // Three seasons: none can be forecast from three before it.
    expect(forecastFromBearing(seasons(2019, [20, 20, 20]), 2022).logSd).toBeCloseTo(0.3)
    // Eight steady seasons: the last five forecast without error, √(3·0.3² / (3 + 5)).
    expect(forecastFromBearing(seasons(2015, Array<number>(8).fill(20)), 2023).logSd).toBeCloseTo(Math.sqrt((3 * 0.3 ** 2) / 8))
    const erratic = forecastFromBearing(seasons(2015, [20, 20, 20, 5, 40, 35, 8, 20]), 2023)
    expect(erratic.logSd).toBeGreaterThan(0.3)
  })

  it('needs the grower’s expectation for a grove without records, and refuses impossible records', () => {
    expect(() => forecastFromBearing([], 2024)).toThrow(/expectedKgPerTree/)
    expect(forecastFromBearing([], 2024, { expectedKgPerTree: 18 })).toMatchObject({ kgPerTree: 18, seasonsUsed: 0, logSd: 0.3 })
    expect(() => forecastFromBearing([{ season: 2020, kgPerTree: -1 }], 2024)).toThrow(/kg\/tree/)
  })
})
