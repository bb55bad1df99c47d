import { describe, expect, it } from 'vitest'
import { flowComponents } from '../../../../processors/yield/honey/honey-regions.js'
import {
  computeNetGain,
  forecastHiveSeason,
  forecastSiteSeason,
  HONEY_REGIONS,
  intervalScale,
  normalQuantile,
  seasonOf,
  seasonProduction,
  type DailyNetGain,
  type HiveSeasonInput,
} from '../../../../processors/yield/honey/index.js'
import { addDays, createSiteCalendar } from '../../../../platform/time/site-time.js'
import { simulateSiteSeason } from '../../../../simulators/seasons/index.js'

const region = HONEY_REGIONS.temperate
const season = seasonOf(region, 2024)
const components = flowComponents(region, season)

/** A hive that follows the model: flows of these sizes (spring, summer, ivy) and this upkeep, with weather wobble. */
function modelHive(hiveId: string, flows: number[], upkeep: number, wobble = 0.3) {
  const daily = components[0]!.map((_, d) => flows.reduce((sum, s, k) => sum + s * components[k]![d]!, 0) * (1 + wobble * Math.sin(d * 1.7)) - upkeep)
  const total = daily.reduce((x, y) => x + y, 0)
  const rows: DailyNetGain[] = daily.map((netGainKg, d) => ({
    day: addDays(season.start, d),
    netGainKg,
    removedStepsKg: 0,
    swarmLossKg: 0,
    samples: 96,
    coverage: 1,
    flags: [],
  }))
  /** What the job would pass on `asOfDay`: the days so far and their production. */
  const asOf = (asOfDay: string, fromDay = season.start): HiveSeasonInput => {
    const days = rows.filter((r) => r.day >= fromDay && r.day <= asOfDay)
    const toDateKg = days.reduce((sum, r) => sum + r.netGainKg, 0)
    return {
      hiveId,
      days,
      production: {
        season,
        asOfDay,
        firstObservedDay: days[0]?.day,
        toDateKg,
        acrossGapsKg: 0,
        grossGainKg: 0,
        observedDays: days.length,
        completeDays: days.length,
        removedStepsKg: 0,
        swarmLossKg: 0,
        harvestedHoneyKg: 0,
        fedKg: 0,
        uncertaintyKg: 0.5,
        storesNowKg: 8 + toDateKg,
        reserveKg: region.winterReserveKg,
        harvestableNowKg: Math.max(0, 8 + toDateKg - region.winterReserveKg),
        gaps: [],
      },
    }
  }
  return { total, asOf }
}

describe('forecastHiveSeason', () => {
  const hive = modelHive('h1', [12, 38, 3], 0.18)
  const history = [hive.total * 0.9, hive.total * 1.1]

  it('recovers the season total of a hive that follows its profile, inside its interval', () => {
    for (const asOfDay of ['2024-06-15', '2024-07-15', '2024-08-31']) {
      const f = forecastHiveSeason(hive.asOf(asOfDay), { region, seasonYear: 2024, history })
      expect(Math.abs(f.expectedKg - hive.total) / hive.total, asOfDay).toBeLessThan(0.12)
      expect(f.lowerKg).toBeLessThan(hive.total)
      expect(f.upperKg).toBeGreaterThan(hive.total)
      expect(f.coverage).toBe(0.8)
    }
  })

  it('grows surer as the season goes by', () => {
    const widths = ['2024-05-15', '2024-06-30', '2024-08-31'].map((day) => {
      const f = forecastHiveSeason(hive.asOf(day), { region, seasonYear: 2024, history })
      return f.upperKg - f.lowerKg
    })
    expect(widths[0]).toBeGreaterThan(widths[1]!)
    expect(widths[1]).toBeGreaterThan(widths[2]!)
  })

  it('reads a strong hive as strong from its own days, against a modest history', () => {
    const strong = modelHive('h2', [24, 76, 6], 0.3)
    const f = forecastHiveSeason(strong.asOf('2024-07-20'), { region, seasonYear: 2024, history })
    expect(f.flowFactor).toBeGreaterThan(1.4)
    expect(Math.abs(f.expectedKg - strong.total) / strong.total).toBeLessThan(0.12)
  })

  it('forecasts the days before a hive was set on its scale as well as those to come', () => {
    const late = forecastHiveSeason(hive.asOf('2024-08-15', '2024-06-01'), { region, seasonYear: 2024, history })
    const seenEarly = hive.asOf('2024-05-31').production.toDateKg
    // April and May were not seen: the forecast supplies them rather than counting them as nothing.
    expect(late.toDateKg).toBeCloseTo(hive.asOf('2024-08-15').production.toDateKg - seenEarly, 6)
    expect(Math.abs(late.expectedKg - hive.total) / hive.total).toBeLessThan(0.15)
  })

  it('leaves for harvest what the stores at season end hold above the reserve', () => {
    const f = forecastHiveSeason(hive.asOf('2024-08-31'), { region, seasonYear: 2024, history })
    const storesEnd = 8 + f.expectedKg
    expect(f.harvestableAtSeasonEnd.expectedKg).toBeCloseTo(Math.max(0, storesEnd - 18), 1)
    expect(f.harvestableAtSeasonEnd.lowerKg).toBeLessThanOrEqual(f.harvestableAtSeasonEnd.expectedKg)
  })
})

describe('forecastSiteSeason', () => {
  const hives = [0.6, 0.9, 1, 1.2, 1.5].map((s, i) => modelHive(`h${i}`, [12 * s, 38 * s, 3 * s], 0.12 + 0.06 * s))
  const truth = hives.reduce((sum, h) => sum + h.total, 0)
  const forecast = forecastSiteSeason(
    hives.map((h) => h.asOf('2024-07-10')),
    { region, seasonYear: 2024, history: [truth / 5] },
  )

  it('adds the hives up, and keeps them apart', () => {
    expect(forecast.total.expectedKg).toBeCloseTo(
      forecast.hives.reduce((sum, h) => sum + h.expectedKg, 0),
      1,
    )
    const expected = forecast.hives.map((h) => h.expectedKg)
    expect(expected).toEqual(expected.toSorted((x, y) => x - y))
    expect(Math.abs(forecast.total.expectedKg - truth) / truth).toBeLessThan(0.1)
    expect(forecast.total.lowerKg).toBeLessThan(truth)
    expect(forecast.total.upperKg).toBeGreaterThan(truth)
  })

  it('gives the site an interval narrower than its hives’ put end to end, wider than any one', () => {
    const width = (i: { lowerKg: number; upperKg: number }) => i.upperKg - i.lowerKg
    expect(width(forecast.total)).toBeLessThan(forecast.hives.reduce((sum, h) => sum + width(h), 0))
    expect(width(forecast.total)).toBeGreaterThan(Math.max(...forecast.hives.map(width)))
    expect(forecast.betweenHiveSdKg).toBeGreaterThan(0)
  })
})

describe('interval calibration', () => {
  it('widens intervals whose past errors ran larger than they said, shrunk while there are few', () => {
    const z = normalQuantile(0.9)
    const past = Array.from({ length: 30 }, (_, i) => ({ expectedKg: 20, lowerKg: 20 - z, upperKg: 20 + z, actualKg: 20 + (i % 2 ? 2 : -2) * z }))
    expect(intervalScale(past, 0.8)).toBeCloseTo((30 * 2 + 10) / 40, 6)
    expect(intervalScale([], 0.8)).toBe(1)
    const hive = modelHive('h', [12, 38, 3], 0.18)
    const plain = forecastHiveSeason(hive.asOf('2024-08-01'), { region, seasonYear: 2024 })
    const widened = forecastHiveSeason(hive.asOf('2024-08-01'), { region, seasonYear: 2024, pastForecasts: past })
    expect(widened.sdKg).toBeCloseTo(plain.sdKg * 1.75, 1)
  })

  it('has the normal quantiles right', () => {
    expect(normalQuantile(0.9)).toBeCloseTo(1.281552, 5)
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5)
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9)
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5)
  })
})

describe('forecast on a simulated Brussels season (a seed the backtest does not use)', () => {
  it('forecasts the site total a month before the season ends within 15 %', () => {
    const site = simulateSiteSeason({ seed: 7_000_001, region: 'temperate', seasonYear: 2024, hives: 6 })
    const calendar = createSiteCalendar(site.region.timeZone)
    const asOfDay = addDays(season.end, -30)
    const cutMs = calendar.startOf(addDays(asOfDay, 1))
    const inputs = site.hives.map((hive) => {
      const result = computeNetGain({
        samples: hive.samples.filter((s) => s.timeMs < cutMs),
        timeZone: site.region.timeZone,
        interventions: hive.recorded.filter((r) => r.atMs < cutMs),
      })
      return { hiveId: hive.hiveId, days: result.days, production: seasonProduction(result, { region, seasonYear: 2024, timeZone: site.region.timeZone, asOfDay }) }
    })
    const forecast = forecastSiteSeason(inputs, { region, seasonYear: 2024, history: site.historyTotalsKg })
    const truth = site.hives.reduce((sum, h) => sum + h.truth.seasonTotalKg, 0)
    expect(Math.abs(forecast.total.expectedKg - truth) / truth).toBeLessThan(0.15)
  }, 30_000)
})
