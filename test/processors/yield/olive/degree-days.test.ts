import { describe, expect, it } from 'vitest'
import { degreeDays, expectedDegreeDays } from '../../../../processors/yield/olive/index.js'

describe('degreeDays (averaging method)', () => {
  it('is the daily mean above the base, never negative', () => {
    expect(degreeDays(8, 22, 10)).toBe(5)
    expect(degreeDays(2, 16, 10)).toBe(0)
    expect(degreeDays(-3, 5, 10)).toBe(0)
  })
})

describe('expectedDegreeDays (Thom 1954)', () => {
  it('gives σ/√(2π) when the normal sits on the base: warm days count, cold ones cannot subtract', () => {
    expect(expectedDegreeDays(10, 2.5, 10)).toBeCloseTo(2.5 / Math.sqrt(2 * Math.PI), 6)
  })

  it('tends to the plain difference far from the base, and is exactly it with no spread', () => {
    expect(expectedDegreeDays(25, 2.5, 10)).toBeCloseTo(15, 6)
    expect(expectedDegreeDays(-5, 2.5, 10)).toBeCloseTo(0, 6)
    expect(expectedDegreeDays(12, 0, 10)).toBe(2)
    expect(expectedDegreeDays(8, 0, 10)).toBe(0)
  })

  it('matches a numerical average over the normal distribution', () => {
    const [mu, sd, base] = [11, 3, 10]
    let sum = 0
    let weight = 0
    for (let z = -8; z <= 8; z += 0.001) {
      const w = Math.exp(-(z * z) / 2)
      sum += w * Math.max(0, mu + sd * z - base)
      weight += w
    }
    expect(expectedDegreeDays(mu, sd, base)).toBeCloseTo(sum / weight, 4)
  })
})
