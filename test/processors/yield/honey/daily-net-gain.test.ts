import { describe, expect, it } from 'vitest'
import { computeNetGain, type Intervention, type WeightSample } from '../../../../processors/yield/honey/index.js'

/**
 * Crafted hive weights with known production: each local day the colony gains `gainKg` between
 * mid-morning and late afternoon and loses `lossKg` evenly around the clock (upkeep), foragers out
 * by day dip the weight, the load cell adds a little noise; visits, boxes and a swarm are added
 * on top. Days are given by their local midnights (UTC ms), so DST days can be 23 or 25 h long.
 */
const MINUTE = 60_000
const HOUR = 60 * MINUTE

interface CraftedDay {
  gainKg: number
  lossKg: number
}

type Manipulation =
  | { kind: 'lift'; atMs: number; kg: number; durationMs: number }
  | { kind: 'step'; atMs: number; kg: number }
  | { kind: 'swarm'; atMs: number; kg: number; durationMs: number }

function craft(midnights: number[], days: CraftedDay[], manipulations: Manipulation[] = [], stepMs = 15 * MINUTE): WeightSample[] {
  let seed = 12345
  const noise = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return (seed / 2 ** 31 - 0.5) * 0.02
  }
  const samples: WeightSample[] = []
  for (let t = midnights[0]!; t <= midnights.at(-1)!; t += stepMs) {
    // The last sample, at the last midnight, closes the last day.
    const d = Math.min(days.length - 1, midnights.findIndex((m, i) => t >= m && t < (midnights[i + 1] ?? Infinity)))
    const x = (t - midnights[d]!) / (midnights[d + 1]! - midnights[d]!)
    const before = days.slice(0, d).reduce((sum, day) => sum + day.gainKg - day.lossKg, 0)
    const { gainKg, lossKg } = days[d]!
    const ramp = x < 0.35 ? 0 : x > 0.75 ? 1 : (1 - Math.cos((Math.PI * (x - 0.35)) / 0.4)) / 2
    const foragers = x > 0.3 && x < 0.8 ? 0.6 * Math.sin((Math.PI * (x - 0.3)) / 0.5) : 0
    let kg = 40 + before + gainKg * ramp - lossKg * x - foragers + noise()
    for (const m of manipulations) {
      if (m.kind === 'lift' && t >= m.atMs && t < m.atMs + m.durationMs) kg -= m.kg
      if (m.kind === 'step' && t >= m.atMs) kg += m.kg
      if (m.kind === 'swarm' && t >= m.atMs) kg -= m.kg * Math.min(1, (t - m.atMs) / m.durationMs)
    }
    samples.push({ timeMs: t, weightKg: Math.round(kg * 1000) / 1000 })
  }
  return samples
}

/** Local midnights of consecutive days for a zone with a fixed offset (hours ahead of UTC). */
function midnightsFrom(firstDay: string, count: number, offsetHours: number): number[] {
  const first = Date.parse(`${firstDay}T00:00:00Z`) - offsetHours * HOUR
  return Array.from({ length: count + 1 }, (_, i) => first + i * 24 * HOUR)
}

const at = (iso: string) => Date.parse(iso)

describe('computeNetGain on a crafted season', () => {
  // 12 June-days in Brussels (UTC+2): a flow building up and fading.
  const days: CraftedDay[] = [0.2, 0.5, 1.5, 2.5, 3.2, 2.8, 1.9, 0.4, 0.1, 2.2, 3.0, 1.0].map((gainKg) => ({ gainKg, lossKg: 0.3 }))
  const midnights = midnightsFrom('2024-06-01', days.length, 2)
  const manipulations: Manipulation[] = [
    { kind: 'lift', atMs: at('2024-06-02T09:10:00Z'), kg: 18, durationMs: 35 * MINUTE }, // inspection
    { kind: 'step', atMs: at('2024-06-04T08:40:00Z'), kg: 6.2 }, // super added
    { kind: 'lift', atMs: at('2024-06-07T10:05:00Z'), kg: 22, durationMs: 30 * MINUTE },
    { kind: 'step', atMs: at('2024-06-07T10:35:00Z'), kg: -24.5 }, // harvest: supers with honey off
    { kind: 'swarm', atMs: at('2024-06-10T11:20:00Z'), kg: 2.6, durationMs: 10 * MINUTE },
  ]
  const samples = craft(midnights, days, manipulations)
  const interventions: Intervention[] = [
    { kind: 'inspection', atMs: at('2024-06-02T09:30:00Z') },
    { kind: 'harvest', atMs: at('2024-06-07T11:30:00Z'), kg: 24 },
  ]
  const result = computeNetGain({ samples, timeZone: 'Europe/Brussels', interventions })

  it('gives every day the production the colony made, within 0.2 kg', () => {
    expect(result.days.map((d) => d.day)).toEqual(Array.from({ length: 12 }, (_, i) => `2024-06-${String(i + 1).padStart(2, '0')}`))
    result.days.forEach((row, i) => {
      const truth = days[i]!.gainKg - days[i]!.lossKg
      expect(Math.abs(row.netGainKg - truth), `${row.day}: ${row.netGainKg} vs ${truth}`).toBeLessThanOrEqual(0.2)
      expect(row.coverage).toBe(1)
    })
  })

  it('takes out the super and the harvest as steps, and names them', () => {
    const day = (d: string) => result.days.find((r) => r.day === d)!
    expect(day('2024-06-04').removedStepsKg).toBeCloseTo(6.2, 0)
    expect(day('2024-06-04').flags).toContain('super_added')
    expect(day('2024-06-07').removedStepsKg).toBeCloseTo(-24.5, 0)
    expect(day('2024-06-07').flags).toEqual(expect.arrayContaining(['harvest', 'recorded']))
    expect(day('2024-06-02').flags).toEqual(expect.arrayContaining(['inspection', 'recorded']))
    expect(Math.abs(day('2024-06-02').removedStepsKg)).toBeLessThan(0.3)
  })

  it('reports the swarm as a colony loss, not as negative production', () => {
    const swarmDay = result.days.find((r) => r.day === '2024-06-10')!
    expect(swarmDay.flags).toContain('swarm')
    expect(swarmDay.swarmLossKg).toBeGreaterThan(2.2)
    expect(swarmDay.swarmLossKg).toBeLessThan(3)
    expect(swarmDay.removedStepsKg).toBe(0)
    expect(result.days.filter((d) => d.swarmLossKg > 0).map((d) => d.day)).toEqual(['2024-06-10'])
  })

  it('sums to the season production', () => {
    const total = result.days.reduce((sum, d) => sum + d.netGainKg, 0)
    const truth = days.reduce((sum, d) => sum + d.gainKg - d.lossKg, 0)
    expect(Math.abs(total - truth)).toBeLessThan(0.5)
  })
})

describe('computeNetGain with missing data', () => {
  const days: CraftedDay[] = Array.from({ length: 8 }, () => ({ gainKg: 1.2, lossKg: 0.3 }))
  const midnights = midnightsFrom('2024-06-01', days.length, 2)
  // Silent from 3 June 10:00 local to 5 June 16:00 local.
  const silence = { from: at('2024-06-03T08:00:00Z'), to: at('2024-06-05T14:00:00Z') }
  const samples = craft(midnights, days).filter((s) => s.timeMs < silence.from || s.timeMs >= silence.to)
  const result = computeNetGain({ samples, timeZone: 'Europe/Brussels' })

  it('gives a fully silent day no row, and partly seen days only what was seen', () => {
    expect(result.days.map((d) => d.day)).not.toContain('2024-06-04')
    const partial = result.days.filter((d) => d.coverage < 1)
    expect(partial.map((d) => d.day)).toEqual(['2024-06-03', '2024-06-05'])
    for (const day of partial) expect(day.flags).toEqual(expect.arrayContaining(['gap', 'partial']))
    // 3 June: seen from midnight to 10:00 local, before the flow: upkeep only, no invented gain.
    expect(result.days.find((d) => d.day === '2024-06-03')!.netGainKg).toBeLessThan(0)
  })

  it('reports the gap with its weight change for the season total to judge', () => {
    expect(result.gaps).toHaveLength(1)
    const gap = result.gaps[0]!
    expect(gap.offScale).toBe(false)
    expect(gap.toMs - gap.fromMs).toBeGreaterThan(2 * 24 * HOUR)
    const observed = result.days.reduce((sum, d) => sum + d.netGainKg, 0)
    expect(observed + gap.changeKg).toBeCloseTo(8 * 0.9, 0)
  })
})

describe('computeNetGain across DST changes (Europe/Brussels)', () => {
  it('gives the 23-hour day of 31 March 2024 its own production', () => {
    // Local midnights: 30 March and 31 March at UTC+1, 1 and 2 April at UTC+2.
    const midnights = [at('2024-03-29T23:00:00Z'), at('2024-03-30T23:00:00Z'), at('2024-03-31T22:00:00Z'), at('2024-04-01T22:00:00Z')]
    const days: CraftedDay[] = [
      { gainKg: 0.8, lossKg: 0.2 },
      { gainKg: 1.6, lossKg: 0.2 },
      { gainKg: 0.3, lossKg: 0.2 },
    ]
    const result = computeNetGain({ samples: craft(midnights, days), timeZone: 'Europe/Brussels' })
    expect(result.days.map((d) => d.day)).toEqual(['2024-03-30', '2024-03-31', '2024-04-01'])
    result.days.forEach((row, i) => {
      expect(row.coverage).toBeGreaterThan(0.98)
      expect(Math.abs(row.netGainKg - (days[i]!.gainKg - days[i]!.lossKg))).toBeLessThan(0.1)
    })
    // 23 h of quarter-hour samples.
    expect(result.days[1]!.samples).toBe(92)
  })

  it('gives the 25-hour day of 27 October 2024 its own production', () => {
    const midnights = [at('2024-10-25T22:00:00Z'), at('2024-10-26T22:00:00Z'), at('2024-10-27T23:00:00Z'), at('2024-10-28T23:00:00Z')]
    const days: CraftedDay[] = [
      { gainKg: 0.1, lossKg: 0.15 },
      { gainKg: 0.9, lossKg: 0.15 },
      { gainKg: 0.1, lossKg: 0.15 },
    ]
    const result = computeNetGain({ samples: craft(midnights, days), timeZone: 'Europe/Brussels' })
    expect(result.days.map((d) => d.day)).toEqual(['2024-10-26', '2024-10-27', '2024-10-28'])
    expect(result.days[1]!.samples).toBe(100)
    expect(Math.abs(result.days[1]!.netGainKg - 0.75)).toBeLessThan(0.1)
  })

  it('cuts days at the site’s midnight, not UTC’s (Antananarivo, UTC+3)', () => {
    const midnights = midnightsFrom('2024-11-10', 3, 3)
    const days: CraftedDay[] = [
      { gainKg: 2, lossKg: 0.2 },
      { gainKg: 0.2, lossKg: 0.2 },
      { gainKg: 1, lossKg: 0.2 },
    ]
    const result = computeNetGain({ samples: craft(midnights, days), timeZone: 'Indian/Antananarivo' })
    expect(result.days.map((d) => [d.day, Math.round(d.netGainKg * 10) / 10])).toEqual([
      ['2024-11-10', 1.8],
      ['2024-11-11', 0],
      ['2024-11-12', 0.8],
    ])
  })
})

describe('computeNetGain with sensor faults', () => {
  const days: CraftedDay[] = Array.from({ length: 5 }, () => ({ gainKg: 1, lossKg: 0.25 }))
  const midnights = midnightsFrom('2024-06-10', days.length, 2)
  const clean = craft(midnights, days)

  it('ignores spikes, negative glitches, half-empty rows and repeated rows', () => {
    const faulty: WeightSample[] = clean.map((s, i) => {
      if (i === 40) return { ...s, weightKg: s.weightKg! + 55 }
      if (i === 41) return { ...s, weightKg: s.weightKg! + 54.8 }
      if (i === 150) return { ...s, weightKg: -58.3 }
      if (i === 230) return { ...s, weightKg: s.weightKg! + 45 }
      if (i % 37 === 0) return { ...s, weightKg: null }
      return s
    })
    // A repeated row, and a re-download stamped with another row's time and value.
    faulty.push({ ...clean[300]! }, { timeMs: clean[320]!.timeMs, weightKg: clean[320]!.weightKg! + 3 })
    const result = computeNetGain({ samples: faulty.toReversed(), timeZone: 'Europe/Brussels' })
    expect(result.days).toHaveLength(5)
    for (const row of result.days) expect(Math.abs(row.netGainKg - 0.75)).toBeLessThan(0.1)
    expect(result.cleaning).toMatchObject({ outOfRange: 1, duplicates: 1, conflicting: 2 })
    expect(result.cleaning.empty).toBeGreaterThan(5)
    expect(result.steps.filter((s) => s.kind === 'glitch')).toHaveLength(2)
  })

  it('takes a small recorded intervention the scale cannot show out of production', () => {
    const treatment: Intervention = { kind: 'treatment', atMs: at('2024-06-12T09:00:00Z'), kg: 0.4 }
    const samples = craft(midnights, days, [{ kind: 'step', atMs: treatment.atMs, kg: 0.4 }])
    const result = computeNetGain({ samples, timeZone: 'Europe/Brussels', interventions: [treatment] })
    const day = result.days.find((d) => d.day === '2024-06-12')!
    expect(Math.abs(day.netGainKg - 0.75)).toBeLessThan(0.1)
    expect(day.removedStepsKg).toBe(0.4)
  })

  it('leaves production alone and flags a big recorded intervention the scale did not show', () => {
    const wrongHive: Intervention = { kind: 'super_added', atMs: at('2024-06-12T09:00:00Z'), kg: 6 }
    const result = computeNetGain({ samples: clean, timeZone: 'Europe/Brussels', interventions: [wrongHive] })
    const day = result.days.find((d) => d.day === '2024-06-12')!
    expect(Math.abs(day.netGainKg - 0.75)).toBeLessThan(0.1)
    expect(day.flags).toContain('recorded_not_seen')
    expect(result.unseenInterventions).toEqual([wrongHive])
  })

  it('counts no production while the hive is off its scale', () => {
    const off = { from: at('2024-06-11T10:00:00Z'), to: at('2024-06-12T15:00:00Z') }
    const samples = clean.map((s) => (s.timeMs >= off.from && s.timeMs < off.to ? { ...s, weightKg: 0.4 } : s))
    const result = computeNetGain({ samples, timeZone: 'Europe/Brussels' })
    expect(result.gaps).toEqual([expect.objectContaining({ offScale: true })])
    expect(result.steps.map((s) => s.kind)).toEqual(['hive_removed', 'hive_placed'])
    for (const row of result.days) expect(row.netGainKg).toBeLessThan(1)
  })
})
