import { describe, expect, it } from 'vitest'
import { groveOilRange, OLIVE_VARIETIES, oilAccumulation, oilFraction, PHENOLOGY_DEFAULTS, varietyNamed } from '../../../../processors/yield/olive/index.js'

const Z80 = 1.2816

describe('oilFraction', () => {
  it.each([
    ['picual', 18, 24],
    ['arbequina', 16, 20],
    ['hojiblanca', 15, 19],
    ['koroneiki', 20, 26],
  ] as const)('gives %s its documented range as the 80 %% interval and the geometric middle as centre', (name, low, high) => {
    const oil = oilFraction(OLIVE_VARIETIES[name], { accumulation: 1 })
    expect(oil.low).toBe(low)
    expect(oil.high).toBe(high)
    expect(oil.pct).toBeCloseTo(Math.sqrt(low * high))
    expect(oil.logSd).toBeCloseTo(Math.log(high / low) / (2 * Z80))
  })

  it('scales with oil accumulation at the harvest date (early harvest, less oil) and with season damage', () => {
    const full = oilFraction(OLIVE_VARIETIES.picual, { accumulation: 1 })
    const early = oilFraction(OLIVE_VARIETIES.picual, { accumulation: 0.8 })
    expect(early.pct).toBeCloseTo(0.8 * full.pct)
    expect(early.low).toBeCloseTo(0.8 * 18)
    expect(oilFraction(OLIVE_VARIETIES.picual, { accumulation: 1, riskFactor: 0.9 }).pct).toBeCloseTo(0.9 * full.pct)
  })

  it('refuses a range that is not one of percentages, and an accumulation outside 0–1', () => {
    expect(() => oilFraction({ oilPct: { low: 24, high: 18 } }, { accumulation: 1 })).toThrow(/range/)
    expect(() => oilFraction({ oilPct: { low: 0, high: 18 } }, { accumulation: 1 })).toThrow(/range/)
    expect(() => oilFraction(OLIVE_VARIETIES.picual, { accumulation: 1.2 })).toThrow(/accumulation/)
  })
})

describe('oilAccumulation (harvest timing)', () => {
  const thresholds = { ...PHENOLOGY_DEFAULTS.thresholds }
  it('is 0 until pit hardening, 1 from harvest maturity, ½ half way, and rises steadily between', () => {
    expect(oilAccumulation(0, thresholds)).toBe(0)
    expect(oilAccumulation(thresholds.pitHardening, thresholds)).toBe(0)
    expect(oilAccumulation((thresholds.pitHardening + thresholds.harvestMaturity) / 2, thresholds)).toBeCloseTo(0.5)
    expect(oilAccumulation(thresholds.harvestMaturity, thresholds)).toBe(1)
    expect(oilAccumulation(thresholds.harvestMaturity + 500, thresholds)).toBe(1)
    let previous = 0
    for (let dd = thresholds.pitHardening; dd <= thresholds.harvestMaturity; dd += 50) {
      const share = oilAccumulation(dd, thresholds)
      expect(share).toBeGreaterThanOrEqual(previous)
      previous = share
    }
  })

  it('holds about nine tenths of the oil at veraison', () => {
    expect(oilAccumulation(thresholds.veraison, thresholds)).toBeCloseTo(0.91, 2)
  })
})

describe('groveOilRange', () => {
  it('keeps the variety’s range without records', () => {
    expect(groveOilRange(OLIVE_VARIETIES.arbequina, [])).toEqual({ low: 16, high: 20 })
  })

  it('centres on the grove’s records, the variety counted as one more season', () => {
    const range = groveOilRange(OLIVE_VARIETIES.picual, [16, 16, 16])
    const centre = Math.exp((Math.log(Math.sqrt(18 * 24)) + 3 * Math.log(16)) / 4)
    expect(Math.sqrt(range.low * range.high)).toBeCloseTo(centre)
    // Narrower than the variety's own spread: four seasons of evidence instead of one.
    expect(range.high / range.low).toBeCloseTo((24 / 18) ** 0.5)
  })

  it('is never narrower than the grove’s own records vary', () => {
    const range = groveOilRange(OLIVE_VARIETIES.picual, [14, 22, 14, 22])
    const logs = [14, 22, 14, 22].map(Math.log)
    const mean = logs.reduce((a, b) => a + b) / 4
    const sd = Math.sqrt(logs.reduce((a, l) => a + (l - mean) ** 2, 0) / 3)
    expect(Math.log(range.high / range.low) / (2 * Z80)).toBeCloseTo(sd)
  })
})

describe('varietyNamed', () => {
  it('finds a cultivar as growers write it, and nothing for an unknown one', () => {
    expect(varietyNamed(' Picual ')?.name).toBe('Picual')
    expect(varietyNamed('Cornicabra')).toBeUndefined()
    expect(varietyNamed('constructor')).toBeUndefined()
  })
})
