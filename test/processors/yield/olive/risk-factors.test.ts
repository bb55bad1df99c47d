import { describe, expect, it } from 'vitest'
import {
  estimatePhenology,
  LOSS_UNCERTAINTY,
  riskAdjustment,
  seasonLosses,
  stageDate,
  typicalLosses,
  type AlertEpisode,
  type ClimateNormals,
  type RiskRule,
} from '../../../../processors/yield/olive/index.js'
import { dayNumber } from '../../../../platform/time/site-time.js'
import type { Severity } from '../../../../processors/detectors/detector.js'

const steady: ClimateNormals = { meanC: Array<number>(365).fill(20), sdC: 0 }
const HOUR = 3_600_000
const DAY = 24 * HOUR
/**
 * The steady season of phenology.test.ts: budburst 6 Jan, flowering 9 Feb, full bloom 21 Feb, end of
 * bloom 7 Mar, fruit set 19 Mar, pit hardening 3 May, veraison 29 Aug.
 */
const season = (year = 2024, asOf = `${year}-12-31`) => estimatePhenology([], asOf, { season: year, normals: steady })
const episode = (rule: RiskRule, start: string, days: number, severity: Severity = 'warning'): AlertEpisode => ({
  rule,
  startMs: Date.parse(`${start}T00:00:00Z`),
  endMs: Date.parse(`${start}T00:00:00Z`) + days * DAY,
  severity,
})
const factor = (episodes: AlertEpisode[], rule: RiskRule, phenology = season()) => {
  const losses = seasonLosses(episodes, phenology, 'UTC')
  return { fruit: Math.exp(losses[rule].fruit), oil: Math.exp(losses[rule].oil) }
}

describe('the steady test season', () => {
  it('has the stage dates the tests rely on', () => {
    const p = season()
    expect([stageDate(p, 'floweringStart'), stageDate(p, 'floweringEnd'), stageDate(p, 'pitHardening'), stageDate(p, 'veraison')]).toEqual([
      '2024-02-09',
      '2024-03-07',
      '2024-05-03',
      '2024-08-29',
    ])
  })
})

describe('seasonLosses, rule by rule', () => {
  it('frost: critical in bloom costs 30 %, a warning in winter nothing, −7 °C in winter (critical) 25 %', () => {
    expect(factor([episode('grove.frost', '2024-02-15', 0.1, 'critical')], 'grove.frost').fruit).toBeCloseTo(0.7)
    expect(factor([episode('grove.frost', '2024-02-15', 0.1, 'warning')], 'grove.frost').fruit).toBeCloseTo(0.8)
    expect(factor([episode('grove.frost', '2023-12-20', 0.1, 'warning')], 'grove.frost').fruit).toBe(1)
    expect(factor([episode('grove.frost', '2023-12-20', 0.1, 'critical')], 'grove.frost').fruit).toBeCloseTo(0.75)
    // Two bloom frosts compound.
    expect(factor([episode('grove.frost', '2024-02-15', 0.1, 'critical'), episode('grove.frost', '2024-02-16', 0.1, 'critical')], 'grove.frost').fruit).toBeCloseTo(0.49)
  })

  it('heat: costs most in bloom, little once the stone hardens', () => {
    expect(factor([episode('grove.heat', '2024-02-15', 0.2, 'critical')], 'grove.heat').fruit).toBeCloseTo(0.85)
    expect(factor([episode('grove.heat', '2024-03-10', 0.2, 'warning')], 'grove.heat').fruit).toBeCloseTo(0.96)
    expect(factor([episode('grove.heat', '2024-07-10', 0.2, 'warning')], 'grove.heat').fruit).toBeCloseTo(0.99)
  })

  it('drought: charges each day the rate of the phase it falls in, and the oil only once the oil is filling', () => {
    expect(factor([episode('grove.drought', '2024-02-10', 10)], 'grove.drought')).toEqual({ fruit: expect.closeTo(0.994 ** 10, 9), oil: 1 })
    // 28 April – 8 May: five days before pit hardening (fruit set, 0.4 %/day), five after (0.1 % fruit, 0.05 % oil).
    const across = factor([episode('grove.drought', '2024-04-28', 10)], 'grove.drought')
    expect(across.fruit).toBeCloseTo(0.996 ** 5 * 0.999 ** 5, 9)
    expect(across.oil).toBeCloseTo(0.9995 ** 5, 9)
  })

  it('peacock spot: 1 % a spring infection period, nothing once the stone hardens', () => {
    expect(factor([episode('grove.peacock_spot', '2023-12-01', 1), episode('grove.peacock_spot', '2024-01-10', 1), episode('grove.peacock_spot', '2024-02-20', 1)], 'grove.peacock_spot').fruit).toBeCloseTo(0.99 ** 3)
    expect(factor([episode('grove.peacock_spot', '2024-10-01', 2)], 'grove.peacock_spot').fruit).toBe(1)
  })

  it('fruit fly: charges fruit and oil per day of fly weather once the fruit can take eggs', () => {
    expect(factor([episode('grove.fruit_fly', '2024-06-01', 20)], 'grove.fruit_fly')).toEqual({ fruit: expect.closeTo(0.998 ** 20, 9), oil: expect.closeTo(0.9985 ** 20, 9) })
    expect(factor([episode('grove.fruit_fly', '2024-02-15', 5)], 'grove.fruit_fly').fruit).toBe(1)
  })

  it('counts nothing after asOf, and a long alert only up to it', () => {
    const p = season(2024, '2024-02-14')
    expect(factor([episode('grove.frost', '2024-02-15', 0.1, 'critical')], 'grove.frost', p).fruit).toBe(1)
    expect(factor([episode('grove.drought', '2024-02-10', 30)], 'grove.drought', p).fruit).toBeCloseTo(0.994 ** 5, 9)
  })

  it('takes the stage of the site’s local day: a frost at 23:30 UTC on 8 February is 9 February in Athens', () => {
    const frost = { rule: 'grove.frost' as const, startMs: Date.parse('2024-02-08T23:30:00Z'), endMs: Date.parse('2024-02-09T01:00:00Z'), severity: 'warning' as const }
    expect(Math.exp(seasonLosses([frost], season(), 'UTC')['grove.frost'].fruit)).toBeCloseTo(0.9) // buds
    expect(Math.exp(seasonLosses([frost], season(), 'Europe/Athens')['grove.frost'].fruit)).toBeCloseTo(0.8) // bloom
  })

  it('refuses an episode that ends before it starts', () => {
    expect(() => seasonLosses([{ ...episode('grove.drought', '2024-02-10', 1), endMs: 0 }], season(), 'UTC')).toThrow(/ends before/)
  })
})

describe('typicalLosses and riskAdjustment', () => {
  const past = (year: number, episodes: AlertEpisode[]) => ({ episodes, phenology: season(year), harvestedOn: `${year}-10-15` })
  const bloomFrost = (year: number) => episode('grove.frost', `${year}-02-15`, 0.1, 'critical')
  const days = (asOf: string, year: number) => dayNumber(asOf) - dayNumber(`${year - 1}-11-01`)

  it('leaves a season with the ordinary trouble at the record’s forecast', () => {
    const typical = typicalLosses([past(2022, [bloomFrost(2022)]), past(2023, [bloomFrost(2023)])], { timeZone: 'UTC', daysIntoSeason: days('2024-06-01', 2024) })
    const adjustment = riskAdjustment(seasonLosses([bloomFrost(2024)], season(), 'UTC'), typical)
    expect(adjustment.fruitFactor).toBeCloseTo(1)
    expect(adjustment.byRule['grove.frost'].fruitFactor).toBeCloseTo(1)
  })

  it('halves a loss seen in one past season of two before comparing, and gives a frost-free season that half back', () => {
    const typical = typicalLosses([past(2022, [bloomFrost(2022)]), past(2023, [])], { timeZone: 'UTC', daysIntoSeason: days('2024-06-01', 2024) })
    // mean = ln(0.7)/2, s² = ln(0.7)²/2, n = 2: weight m²/(m² + s²/n) = ½.
    expect(typical['grove.frost'].mean.fruit).toBeCloseTo(Math.log(0.7) / 4)
    expect(riskAdjustment(seasonLosses([], season(), 'UTC'), typical).fruitFactor).toBeCloseTo(0.7 ** -0.25)
  })

  it('compares with past seasons only up to the same day of their season, and never after their harvest', () => {
    const early = typicalLosses([past(2022, [bloomFrost(2022)]), past(2023, [bloomFrost(2023)])], { timeZone: 'UTC', daysIntoSeason: days('2024-02-01', 2024) })
    expect(early['grove.frost'].mean.fruit).toBe(0)
    const lateFly = [past(2022, [episode('grove.fruit_fly', '2022-11-01', 10)]), past(2023, [episode('grove.fruit_fly', '2023-11-01', 10)])]
    expect(typicalLosses(lateFly, { timeZone: 'UTC', daysIntoSeason: days('2024-12-31', 2024) })['grove.fruit_fly'].mean.fruit).toBe(0)
  })

  it('counts every alert in full without history, and widens the spread by the alerts’ uncertain cost', () => {
    const adjustment = riskAdjustment(seasonLosses([bloomFrost(2024)], season(), 'UTC'), undefined)
    expect(adjustment.fruitFactor).toBeCloseTo(0.7)
    expect(adjustment.oilFactor).toBe(1)
    expect(adjustment.addedFruitVariance).toBeCloseTo((LOSS_UNCERTAINTY * Math.log(0.7)) ** 2)
    expect(adjustment.resolvedFruitVariance).toBe(0)
  })
})
