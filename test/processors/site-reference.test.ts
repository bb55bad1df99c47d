import { describe, expect, it } from 'vitest'
import { createSiteReference } from '../../processors/site-reference.js'

const HOUR = 3_600_000
const sample = (timeMs: number, fields: Record<string, number>) => ({ timeMs, fields })

describe('site reference', () => {
  const neighbours = [
    sample(0, { temp_ambient_c: 10, humidity_ambient_pct: 80 }),
    sample(10 * 60_000, { temp_ambient_c: 12 }),
    sample(20 * 60_000, { temp_ambient_c: 30 }),
    sample(3 * HOUR, { temp_ambient_c: 14 }),
  ]

  it('is the median of the neighbours within tolerance of the reading', () => {
    const reference = createSiteReference(neighbours, 2 * HOUR)
    expect(reference('temp_ambient_c', 30 * 60_000)).toBe(12) // all but the 3 h one: 10, 12, 30
    expect(reference('temp_ambient_c', 2.25 * HOUR)).toBe(22) // 10 and 12 are over 2 h away: 30 and 14
    expect(reference('temp_ambient_c', 2.5 * HOUR)).toBe(14)
    expect(reference('temp_ambient_c', 90 * 60_000)).toBe(13) // all four: 10, 12, 14, 30
    expect(reference('humidity_ambient_pct', 30 * 60_000)).toBe(80)
  })

  it('gives nothing without a neighbour that has the field in reach', () => {
    const reference = createSiteReference(neighbours, 2 * HOUR)
    expect(reference('humidity_ambient_pct', 3 * HOUR)).toBeUndefined()
    expect(reference('air_temp_c', 0)).toBeUndefined()
    expect(createSiteReference([], 2 * HOUR)('temp_ambient_c', 0)).toBeUndefined()
  })
})
