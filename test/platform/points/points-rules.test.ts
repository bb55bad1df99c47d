import { describe, expect, it } from 'vitest'
import { addMonths, milestoneCredits, type PointsRule } from '../../../platform/points/index.js'

const rule = (over: Partial<PointsRule> = {}): PointsRule => ({
  id: 'honey-milestones',
  scope: 'hive',
  milestonesKg: [5, 10, 20],
  points: 50,
  expiryMonths: 24,
  active: true,
  description: null,
  createdBy: 'ops',
  createdAt: new Date(0),
  ...over,
})
const NOW = new Date('2026-06-15T08:00:00Z')

describe('addMonths', () => {
  it('adds calendar months and clamps to the end of shorter months', () => {
    expect(addMonths(new Date('2026-06-15T08:00:00Z'), 24).toISOString()).toBe('2028-06-15T08:00:00.000Z')
    expect(addMonths(new Date('2026-01-31T12:00:00Z'), 1).toISOString()).toBe('2026-02-28T12:00:00.000Z')
    expect(addMonths(new Date('2027-12-31T00:00:00Z'), 2).toISOString()).toBe('2028-02-29T00:00:00.000Z')
  })
})

describe('milestoneCredits', () => {
  const backings = [
    { accountId: 'alice', scope: 'hive' as const, subjectId: 'hive-1' },
    { accountId: 'bob', scope: 'hive' as const, subjectId: 'hive-1' },
    { accountId: 'alice', scope: 'grove' as const, subjectId: 'grove-1' },
  ]
  const production = [
    { scope: 'hive' as const, subjectId: 'hive-1', season: '2026', seasonToDateKg: 12.5 },
    { scope: 'grove' as const, subjectId: 'grove-1', season: '2025', seasonToDateKg: 900 },
  ]

  it('credits every backer of the subject for every milestone reached, keyed for the ledger', () => {
    const credits = milestoneCredits([rule()], backings, production, NOW)
    expect(credits.map((c) => [c.accountId, c.milestoneKg])).toEqual([
      ['alice', 5],
      ['alice', 10],
      ['bob', 5],
      ['bob', 10],
    ])
    expect(credits[0]).toMatchObject({ ruleId: 'honey-milestones', subjectId: 'hive-1', season: '2026', points: 50, expiresAt: new Date('2028-06-15T08:00:00Z') })
  })

  it('matches rules to their scope, skips inactive rules and subjects without production', () => {
    const grove = rule({ id: 'olive', scope: 'grove', milestonesKg: [500, 1000], points: 80, expiryMonths: 12 })
    expect(milestoneCredits([grove, rule({ active: false })], backings, production, NOW)).toEqual([
      expect.objectContaining({ accountId: 'alice', ruleId: 'olive', subjectId: 'grove-1', milestoneKg: 500, season: '2025', points: 80, expiresAt: new Date('2027-06-15T08:00:00Z') }),
    ])
    expect(milestoneCredits([rule()], [{ accountId: 'carol', scope: 'hive', subjectId: 'hive-9' }], production, NOW)).toEqual([])
  })
})
