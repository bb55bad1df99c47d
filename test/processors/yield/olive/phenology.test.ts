import { describe, expect, it } from 'vitest'
import {
  estimatePhenology,
  OLIVE_VARIETIES,
  seasonAnchors,
  stageDate,
  stageOn,
  type ClimateNormals,
  type DailyTemperature,
} from '../../../../processors/yield/olive/index.js'
import { dayFromNumber, dayNumber } from '../../../../platform/time/site-time.js'

/** Days from `from` to `to` (inclusive) at 15–25 °C: 10 degree-days above 10 °C, 15 above 5 °C. */
function steadyDays(from: string, to: string, extra: Partial<DailyTemperature> = {}): DailyTemperature[] {
  const days: DailyTemperature[] = []
  for (let d = dayNumber(from); d <= dayNumber(to); d++) days.push({ date: dayFromNumber(d), minC: 15, maxC: 25, chillHours: 0, coveredHours: 24, ...extra })
  return days
}
const steadyNormals: ClimateNormals = { meanC: Array<number>(365).fill(20), sdC: 0 }
const after = (date: string, days: number) => dayFromNumber(dayNumber(date) + days)

describe('estimatePhenology', () => {
  it('reaches each stage on the day its degree-day threshold is crossed (north, from 1 January)', () => {
    const days = steadyDays('2023-11-01', '2024-12-31')
    const p = estimatePhenology(days, '2024-12-31', { season: 2024, normals: steadyNormals })
    // Season clock: 10 degree-days a day from 1 January.
    expect(stageDate(p, 'budburst')).toBe('2024-01-06') // 60
    expect(stageDate(p, 'floweringStart')).toBe('2024-02-09') // 400
    expect(stageDate(p, 'fullFlowering')).toBe('2024-02-21') // 515 on day 52
    expect(stageDate(p, 'floweringEnd')).toBe('2024-03-07') // 670 on day 67 (a leap year)
    // Fruit clock: 15 degree-days a day from the day after full flowering.
    expect(stageDate(p, 'fruitSet')).toBe(after('2024-02-22', 26)) // 400 on its 27th day
    expect(stageDate(p, 'pitHardening')).toBe(after('2024-02-22', 71)) // 1080 on its 72nd day
    expect(stageDate(p, 'veraison')).toBe(after('2024-02-22', 189)) // 2850
    expect(stageDate(p, 'harvestMaturity')).toBe(after('2024-02-22', 216)) // 3250 (3255)
    expect(p.seasonDegreeDays).toBe(10 * 366)
    expect(p.stages.every((s) => !s.projected)).toBe(true)
    expect(p.stage).toBe('harvestMaturity')
  })

  it('projects the stages after asOf from the normals, and says which are projected', () => {
    const p = estimatePhenology(steadyDays('2023-11-01', '2024-02-15'), '2024-02-15', { season: 2024, normals: steadyNormals })
    expect(p.stage).toBe('floweringStart')
    expect(p.seasonDegreeDays).toBe(460)
    expect(p.fruitDegreeDays).toBe(0)
    expect(stageDate(p, 'fullFlowering')).toBe('2024-02-21')
    expect(p.stages.filter((s) => s.projected).map((s) => s.stage)).toEqual(['fullFlowering', 'floweringEnd', 'fruitSet', 'pitHardening', 'veraison', 'harvestMaturity'])
    expect(p.filledDays).toBe(0)
  })

  it('moves projections with a warm season: observed degree-days above the normal bring stages forward', () => {
    const warm = steadyDays('2023-11-01', '2024-02-01').map((d) => ({ ...d, minC: 20, maxC: 30 }))
    const p = estimatePhenology(warm, '2024-02-01', { season: 2024, normals: steadyNormals })
    // 15 a day for 32 days = 480, then 10 a day: 515 on 5 February.
    expect(stageDate(p, 'fullFlowering')).toBe('2024-02-05')
  })

  it('fills days without enough readings from the normals and counts them', () => {
    const days = steadyDays('2023-11-01', '2024-02-15').map((d) => (d.date >= '2024-01-10' && d.date < '2024-01-20' ? { ...d, minC: 30, maxC: 30, coveredHours: 6 } : d))
    const p = estimatePhenology(days, '2024-02-15', { season: 2024, normals: { meanC: Array<number>(365).fill(12), sdC: 0 } })
    expect(p.filledDays).toBe(10)
    expect(p.seasonDegreeDays).toBe(36 * 10 + 10 * 2) // the 10 short days count the normal's 2, not 20
  })

  it('sums chill hours from 1 November to the end of February, and with a requirement starts the clock once it is met', () => {
    const days = steadyDays('2023-11-01', '2024-04-30', { chillHours: 10 })
    const base = estimatePhenology(days, '2024-04-30', { season: 2024, normals: steadyNormals })
    expect(base.chillFrom).toBe('2023-11-01')
    expect(base.chillHours).toBe(10 * (30 + 31 + 31 + 29)) // Nov–Feb of a leap year
    expect(base.heatFrom).toBe('2024-01-01')
    // 800 h are reached on the 80th day, 19 January: the clock starts the day after.
    const chilled = estimatePhenology(days, '2024-04-30', { season: 2024, normals: steadyNormals, chillRequirementHours: 800 })
    expect(chilled.chillMetOn).toBe('2024-01-19')
    expect(chilled.heatFrom).toBe('2024-01-20')
    expect(stageDate(chilled, 'budburst')).toBe('2024-01-25')
    // A requirement met before 1 January changes nothing.
    expect(estimatePhenology(days, '2024-04-30', { season: 2024, normals: steadyNormals, chillRequirementHours: 500 }).heatFrom).toBe('2024-01-01')
  })

  it('takes a variety’s thresholds', () => {
    const p = estimatePhenology(steadyDays('2023-11-01', '2024-12-31'), '2024-12-31', {
      season: 2024,
      normals: steadyNormals,
      thresholds: OLIVE_VARIETIES.hojiblanca.ripening,
    })
    expect(stageDate(p, 'veraison')).toBe(after('2024-02-22', Math.ceil(3050 / 15) - 1))
  })

  it('runs the southern season from 1 May (chill) and 1 July (heat)', () => {
    expect(seasonAnchors(2024, 'south')).toMatchObject({ chillFrom: dayNumber('2024-05-01'), heatFrom: dayNumber('2024-07-01') })
    const p = estimatePhenology(steadyDays('2024-05-01', '2024-07-31'), '2024-07-31', { season: 2024, hemisphere: 'south', normals: steadyNormals })
    expect(p.heatFrom).toBe('2024-07-01')
    expect(stageDate(p, 'budburst')).toBe('2024-07-06')
  })

  it('projects a whole season from the normals alone', () => {
    const p = estimatePhenology([], '2024-01-01', { season: 2024, normals: steadyNormals })
    expect(p.stage).toBe('dormant')
    expect(stageDate(p, 'floweringStart')).toBe('2024-02-09')
    expect(p.filledDays).toBe(1)
  })

  it('refuses normals that are not 365 days', () => {
    expect(() => estimatePhenology([], '2024-01-01', { season: 2024, normals: { meanC: [10], sdC: 2 } })).toThrow(/365/)
  })
})

describe('stageOn', () => {
  it('gives the latest stage reached by a date, dormant before budburst', () => {
    const p = estimatePhenology([], '2024-01-01', { season: 2024, normals: steadyNormals })
    expect(stageOn(p, '2024-01-05')).toBe('dormant')
    expect(stageOn(p, '2024-01-06')).toBe('budburst')
    expect(stageOn(p, '2024-02-21')).toBe('fullFlowering')
  })
})
