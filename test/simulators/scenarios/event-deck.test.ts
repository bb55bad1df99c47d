import { describe, expect, it } from 'vitest'
import { createSeededRandom } from '../../../simulators/seeded-random.js'
import { dealEventKinds, drawManipulations, poisson } from '../../../simulators/scenarios/event-deck.js'
import { SENSOR_FAULT_KINDS } from '../../../simulators/scenarios/index.js'

describe('dealEventKinds', () => {
  const featured = ['swarm', 'queenless', 'theft', 'tip_over'] as const

  it('leaves the quiet share without events and gives the others at least one, never a kind twice', () => {
    const hands = dealEventKinds(createSeededRandom(1), 12, featured, 3, 0.25)
    expect(hands.filter((h) => h.length === 0).length).toBe(3)
    for (const hand of hands.filter((h) => h.length > 0)) expect(new Set(hand).size).toBe(hand.length)
  })

  it('never gives one device both theft and tip-over: either ends its series', () => {
    for (let seed = 0; seed < 30; seed++) {
      for (const hand of dealEventKinds(createSeededRandom(seed), 8, featured, 4, 0)) {
        expect(hand.filter((k) => k === 'theft' || k === 'tip_over').length).toBeLessThanOrEqual(1)
      }
    }
  })

  it('deals every featured kind and every fault before any repeats', () => {
    const hands = dealEventKinds(createSeededRandom(5), 10, featured, 1, 0)
    expect(new Set(hands.flat())).toEqual(new Set([...featured, ...SENSOR_FAULT_KINDS]))
  })

  it('deals nothing when anomalies are off', () => {
    expect(dealEventKinds(createSeededRandom(1), 4, featured, 0, 0)).toEqual([[], [], [], []])
  })
})

describe('drawManipulations and poisson', () => {
  it('averages the asked number of visits, mostly inspections', () => {
    const random = createSeededRandom(2)
    const visits = Array.from({ length: 2000 }, () => drawManipulations(random, 3)).flat()
    expect(visits.length / 2000).toBeCloseTo(3, 0)
    expect(visits.filter((v) => v === 'inspection').length / visits.length).toBeCloseTo(0.6, 1)
  })

  it('has the Poisson mean and is never negative', () => {
    const random = createSeededRandom(3)
    const draws = Array.from({ length: 5000 }, () => poisson(random, 2))
    expect(Math.min(...draws)).toBe(0)
    expect(draws.reduce((a, b) => a + b, 0) / draws.length).toBeCloseTo(2, 1)
  })
})
