import { describe, expect, it } from 'vitest'
import { detectNectarFlows, type DailyNetGain } from '../../../../processors/yield/honey/index.js'
import { addDays } from '../../../../platform/time/site-time.js'

const days = (first: string, gains: (number | null)[]): DailyNetGain[] =>
  gains.flatMap((netGainKg, i) =>
    netGainKg === null ? [] : [{ day: addDays(first, i), netGainKg, removedStepsKg: 0, swarmLossKg: 0, samples: 96, coverage: 1, flags: [] }],
  )

describe('detectNectarFlows', () => {
  it('finds a run of gaining days, across one rainy day, and where it stops', () => {
    const flows = detectNectarFlows(days('2024-06-01', [-0.2, 0.1, 0.6, 1.2, 2.0, -0.1, 1.8, 0.9, 0.2, -0.2, -0.3, 0.4, -0.2]), { minGainKgPerDay: 0.5 })
    expect(flows).toEqual([
      { startDay: '2024-06-03', endDay: '2024-06-08', flowDays: 5, gainKg: 6.4, peakDay: '2024-06-05', peakGainKg: 2, ongoing: false },
    ])
  })

  it('ignores a short burst, and says when a flow is still on', () => {
    const flows = detectNectarFlows(days('2024-06-01', [0.8, 0.9, -0.1, -0.2, 0.1, 0.7, 0.6, 1.1, 0.9]), { minGainKgPerDay: 0.5 })
    expect(flows.map((f) => [f.startDay, f.endDay, f.ongoing])).toEqual([['2024-06-06', '2024-06-09', true]])
  })

  it('treats a missing day like a weak one, and two in a row as the end', () => {
    expect(detectNectarFlows(days('2024-06-01', [0.8, 0.9, null, 0.7, 0.6]), { minGainKgPerDay: 0.5 })).toHaveLength(1)
    const split = detectNectarFlows(days('2024-06-01', [0.8, 0.9, 0.6, null, null, 0.7, 0.6, 0.9]), { minGainKgPerDay: 0.5 })
    expect(split.map((f) => f.startDay)).toEqual(['2024-06-01', '2024-06-06'])
  })

  it('does not let a day with little coverage start or carry a flow', () => {
    const rows = days('2024-06-01', [0.8, 0.9, 0.7])
    rows[1] = { ...rows[1]!, coverage: 0.2 }
    expect(detectNectarFlows(rows, { minGainKgPerDay: 0.5 })).toEqual([])
  })
})
