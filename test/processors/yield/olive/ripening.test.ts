import { describe, expect, it } from 'vitest'
import {
  calibrateRipening,
  estimatePhenology,
  fruitDegreeDaysOn,
  harvestWindow,
  OLIVE_VARIETIES,
  ripeningIndex,
  type ClimateNormals,
} from '../../../../processors/yield/olive/index.js'
import { dayFromNumber, dayNumber } from '../../../../platform/time/site-time.js'

const steady: ClimateNormals = { meanC: Array<number>(365).fill(20), sdC: 0 }
/** A season of 15 fruit-clock degree-days a day from 22 February (see phenology.test.ts). */
const season = (thresholds = OLIVE_VARIETIES.picual.ripening) => estimatePhenology([], '2024-01-01', { season: 2024, normals: steady, thresholds })
const fruitDay = (dd: number) => dayFromNumber(dayNumber('2024-02-22') + Math.ceil(dd / 15) - 1)

describe('ripeningIndex', () => {
  const thresholds = season().thresholds
  it('is 1.5 at veraison and 3.5 at harvest maturity, linear between and beyond, within 0–7', () => {
    expect(ripeningIndex(2850, thresholds)).toBeCloseTo(1.5)
    expect(ripeningIndex(3250, thresholds)).toBeCloseTo(3.5)
    expect(ripeningIndex(3050, thresholds)).toBeCloseTo(2.5)
    expect(ripeningIndex(3450, thresholds)).toBeCloseTo(4.5)
    expect(ripeningIndex(0, thresholds)).toBe(0)
    expect(ripeningIndex(99_999, thresholds)).toBe(7)
  })
})

describe('harvestWindow', () => {
  it('runs from the day the earliest target ripening index is reached to the day of the latest', () => {
    const window = harvestWindow(season(), OLIVE_VARIETIES.picual)!
    // Picual aims for RI 2.5–4.5: 3050 and 3450 fruit-clock degree-days.
    expect(window).toEqual({ earliest: fruitDay(3050), latest: fruitDay(3450), ripeningIndex: { earliest: 2.5, latest: 4.5 }, latestReached: true })
  })

  it('ends on the last projected day when the season cannot reach the latest target', () => {
    const cold = estimatePhenology([], '2024-01-01', { season: 2024, normals: steady, thresholds: { veraison: 5000, harvestMaturity: 9000 } })
    expect(harvestWindow(cold, { harvestRipeningIndex: { earliest: 0.5, latest: 4.5 } })).toMatchObject({ latest: '2025-02-28', latestReached: false })
    expect(harvestWindow(cold, OLIVE_VARIETIES.picual)).toBeUndefined()
  })
})

describe('fruitDegreeDaysOn', () => {
  it('reads the fruit clock on a date: 0 before full flowering, the last value past the projection', () => {
    const p = season()
    expect(fruitDegreeDaysOn(p, '2024-02-21')).toBe(0)
    expect(fruitDegreeDaysOn(p, '2024-02-22')).toBe(15)
    expect(fruitDegreeDaysOn(p, '2024-03-02')).toBe(150)
    expect(fruitDegreeDaysOn(p, '2030-01-01')).toBe(p.fruitClock!.cumulative.at(-1))
  })
})

describe('calibrateRipening', () => {
  it('scales veraison and maturity so recorded harvests fall at the middle of the target index', () => {
    const p = season()
    // Picual's middle target, RI 3.5, is at 3250; harvests recorded at ~2600 say the grove ripens on ~80 % of the heat.
    const ripening = calibrateRipening([{ phenology: p, harvestedOn: fruitDay(2600) }, { phenology: p, harvestedOn: fruitDay(2600) }], OLIVE_VARIETIES.picual)
    // (The recorded day is the first with ≥ 2600, 2610 at 15 a day.)
    expect(ripening.veraison).toBeCloseTo((2850 * 2610) / 3250)
    expect(ripening.harvestMaturity).toBeCloseTo(2610)
  })

  it('keeps the variety’s values without records, and bounds a scale that looks like a recording error', () => {
    expect(calibrateRipening([], OLIVE_VARIETIES.picual)).toEqual(OLIVE_VARIETIES.picual.ripening)
    const p = season()
    expect(calibrateRipening([{ phenology: p, harvestedOn: fruitDay(600) }], OLIVE_VARIETIES.picual).veraison).toBeCloseTo(2850 * 0.7)
  })
})
