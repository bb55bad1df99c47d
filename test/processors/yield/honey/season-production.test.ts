import { describe, expect, it } from 'vitest'
import { HONEY_REGIONS, seasonProduction, type DailyNetGain, type NetGainResult, type WeightStep } from '../../../../processors/yield/honey/index.js'
import { addDays } from '../../../../platform/time/site-time.js'

const region = HONEY_REGIONS.temperate
const timeZone = 'Europe/Brussels'
const HOUR = 3_600_000
/** Noon in Brussels (CEST) of a day. */
const noon = (day: string) => Date.parse(`${day}T10:00:00Z`)

const row = (day: string, netGainKg: number, extra: Partial<DailyNetGain> = {}): DailyNetGain => ({
  day,
  netGainKg,
  removedStepsKg: 0,
  swarmLossKg: 0,
  samples: 96,
  coverage: 1,
  flags: [],
  ...extra,
})
const step = (kind: WeightStep['kind'], day: string, removedKg: number): WeightStep => ({
  kind,
  fromMs: noon(day),
  toMs: noon(day) + HOUR,
  fromIndex: 0,
  toIndex: 1,
  removedKg,
  excursionKg: removedKg,
})
const result = (days: DailyNetGain[], steps: WeightStep[] = [], gaps: NetGainResult['gaps'] = []): NetGainResult => ({
  days,
  steps,
  gaps,
  cleaning: { empty: 0, outOfRange: 0, duplicates: 0, conflicting: 0 },
  unseenInterventions: [],
})

describe('seasonProduction', () => {
  const days = Array.from({ length: 20 }, (_, i) => row(addDays('2024-05-01', i), i < 10 ? 1 : -0.2))

  it('sums the season’s daily net gains up to the day asked, and nothing outside the season', () => {
    const early = [row('2024-03-30', 5), ...days]
    const p = seasonProduction(result(early), { region, seasonYear: 2024, timeZone, asOfDay: '2024-05-15' })
    expect(p.toDateKg).toBeCloseTo(10 - 5 * 0.2, 6)
    expect(p.grossGainKg).toBe(10)
    expect(p.observedDays).toBe(15)
    expect(p.firstObservedDay).toBe('2024-05-01')
    expect(p.season).toEqual({ start: '2024-04-01', end: '2024-09-30', lengthDays: 183 })
  })

  it('counts what a plausible gap carried, less what was recorded in it', () => {
    const gap = { fromMs: noon('2024-05-21'), toMs: noon('2024-05-23'), changeKg: -20, recordedKg: -21, offScale: false }
    const p = seasonProduction(result(days, [], [gap]), { region, seasonYear: 2024, timeZone, asOfDay: '2024-05-31' })
    expect(p.gaps).toEqual([expect.objectContaining({ plausible: true, countedKg: 1, days: 2 })])
    expect(p.toDateKg).toBeCloseTo(8 + 1, 6)
  })

  it('does not count an implausible gap as production, but the neighbouring days’ pace', () => {
    const gap = { fromMs: noon('2024-05-21'), toMs: noon('2024-05-22'), changeKg: 15, recordedKg: 0, offScale: false }
    const p = seasonProduction(result(days, [], [gap]), { region, seasonYear: 2024, timeZone, asOfDay: '2024-05-31' })
    expect(p.gaps[0]).toMatchObject({ plausible: false, countedKg: -0.2 })
  })

  it('keeps supers as tare, so a harvest counts only the honey, and gives stores and the harvestable surplus', () => {
    const steps = [step('super_added', '2024-05-03', 6), step('harvest', '2024-05-12', -30), step('feeding', '2024-05-15', 5), step('glitch', '2024-05-16', 0)]
    const p = seasonProduction(result(days, steps), { region, seasonYear: 2024, timeZone, asOfDay: '2024-05-20', storesAtSeasonStartKg: 32 })
    expect(p.harvestedHoneyKg).toBe(24)
    expect(p.fedKg).toBe(5)
    expect(p.toDateKg).toBeCloseTo(8, 6)
    expect(p.storesNowKg).toBeCloseTo(32 + 8 + 5 - 24, 6)
    expect(p.reserveKg).toBe(18)
    expect(p.harvestableNowKg).toBeCloseTo(21 - 18, 6)
    // Three steps sized by the filter (the glitch is not one): their sizing error adds up.
    expect(p.uncertaintyKg).toBeCloseTo(Math.sqrt(3) * 0.25, 3)
  })

  it('uses the region’s reserve: the Madagascar highlands keep less through their short dearth', () => {
    const mg = HONEY_REGIONS.madagascarHighlands
    const rows = Array.from({ length: 30 }, (_, i) => row(addDays('2024-10-01', i), 0.5))
    const p = seasonProduction(result(rows), { region: mg, seasonYear: 2024, timeZone: 'Indian/Antananarivo' })
    expect(p.season).toEqual({ start: '2024-09-01', end: '2025-02-28', lengthDays: 181 })
    expect(p.asOfDay).toBe('2024-10-30')
    expect(p.storesNowKg).toBe(4 + 15)
    expect(p.harvestableNowKg).toBe(19 - 6)
  })
})
