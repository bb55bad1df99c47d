import { describe, expect, it } from 'vitest'
import { createSeededRandom } from '../../simulators/seeded-random.js'

const draw = (seed: number, n: number) => {
  const random = createSeededRandom(seed)
  return Array.from({ length: n }, () => [random.uniform(), random.normal(5, 2), random.int(1, 6), random.chance(0.3)])
}

describe('createSeededRandom', () => {
  it('repeats the same sequence for the same seed and another for another seed', () => {
    expect(draw(42, 100)).toEqual(draw(42, 100))
    expect(draw(42, 100)).not.toEqual(draw(43, 100))
  })

  it('gives uniform numbers in [0, 1) with mean ~0.5', () => {
    const random = createSeededRandom(1)
    const values = Array.from({ length: 20_000 }, () => random.uniform())
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...values)).toBeLessThan(1)
    expect(values.reduce((a, b) => a + b) / values.length).toBeCloseTo(0.5, 1)
  })

  it('gives normals with the requested mean and standard deviation', () => {
    const random = createSeededRandom(2)
    const values = Array.from({ length: 20_000 }, () => random.normal(34.5, 0.3))
    const mean = values.reduce((a, b) => a + b) / values.length
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length)
    expect(mean).toBeCloseTo(34.5, 1)
    expect(sd).toBeCloseTo(0.3, 1)
  })

  it('gives integers within both bounds, reaching each of them', () => {
    const random = createSeededRandom(3)
    const values = new Set(Array.from({ length: 2_000 }, () => random.int(-2, 2)))
    expect([...values].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2])
  })

  it('says yes to chance(p) about p of the time', () => {
    const random = createSeededRandom(4)
    const hits = Array.from({ length: 20_000 }, () => random.chance(0.2)).filter(Boolean).length
    expect(hits / 20_000).toBeCloseTo(0.2, 1)
  })
})
