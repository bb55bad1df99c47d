import { describe, expect, it } from 'vitest'
import { createFleetStats } from '../../simulators/fleet-stats.js'
import { percentile } from '../../simulators/percentile.js'

describe('percentile', () => {
  const samples = Array.from({ length: 100 }, (_, i) => 100 - i) // 100 … 1, unsorted on purpose

  it('uses the nearest rank', () => {
    expect(percentile(samples, 50)).toBe(50)
    expect(percentile(samples, 99)).toBe(99)
    expect(percentile(samples, 0)).toBe(1)
    expect(percentile(samples, 100)).toBe(100)
    expect(percentile([7], 99)).toBe(7)
  })

  it('leaves the samples as they were', () => {
    const copy = [...samples]
    percentile(samples, 90)
    expect(samples).toEqual(copy)
  })

  it('is NaN without samples and refuses a p outside 0..100', () => {
    expect(percentile([], 50)).toBeNaN()
    expect(() => percentile(samples, 101)).toThrow(RangeError)
    expect(() => percentile(samples, Number.NaN)).toThrow(RangeError)
  })
})

describe('createFleetStats', () => {
  it('counts readings and messages and keeps latency samples within the reservoir', () => {
    const recorder = createFleetStats(10)
    for (let i = 0; i < 1_000; i++) {
      recorder.published(5)
      recorder.acked(5, i)
    }
    recorder.failed()
    const { stats } = recorder
    expect(stats).toMatchObject({ sent: 5_000, acked: 5_000, messagesSent: 1_000, messagesAcked: 1_000, errors: 1 })
    expect(stats.latenciesMs).toHaveLength(10)
    // A uniform sample of 0..999 should not be stuck on the first ten values.
    expect(Math.max(...stats.latenciesMs)).toBeGreaterThan(100)
  })
})
