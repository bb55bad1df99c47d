import { describe, expect, it } from 'vitest'
import { SCENARIO_SEASONS, splitByShare } from '../../../simulators/scenarios/scenario-seasons.js'

describe('splitByShare', () => {
  it('adds up exactly and rounds by largest remainder', () => {
    expect(splitByShare(20, [0.6, 0.25, 0.15])).toEqual([12, 5, 3])
    expect(splitByShare(14, [0.6, 0.25, 0.15])).toEqual([8, 4, 2])
    expect(splitByShare(5, [1, 1])).toEqual([3, 2])
    expect(splitByShare(0, [1, 1, 1])).toEqual([0, 0, 0])
    for (let n = 0; n < 40; n++) expect(splitByShare(n, [1 / 3, 1 / 3, 1 / 3]).reduce((a, b) => a + b, 0)).toBe(n)
  })
})

describe('SCENARIO_SEASONS', () => {
  it('gives each device kind shares that cover all of it', () => {
    for (const kind of ['hive', 'grove'] as const) {
      const total = SCENARIO_SEASONS.filter((s) => s.kind === kind).reduce((sum, s) => sum + s.share, 0)
      expect(total).toBeCloseTo(1, 9)
    }
  })
})
