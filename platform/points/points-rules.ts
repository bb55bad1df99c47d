/** The points ledger's rules, without I/O: which production milestones earn points, and when points expire. */

export type BackingScope = 'hive' | 'grove'

export interface PointsRule {
  id: string
  scope: BackingScope
  /** Season-to-date production, kg (honey for a hive, olive fruit harvested for a grove). */
  milestonesKg: number[]
  /** Credited for each milestone crossed. */
  points: number
  expiryMonths: number
  active: boolean
  description: string | null
  createdBy: string
  createdAt: Date
}

/** A supporter backing a hive (device) or a grove (site), active at the time attribution runs. */
export interface ActiveBacking {
  accountId: string
  scope: BackingScope
  subjectId: string
}

export interface SubjectProduction {
  scope: BackingScope
  subjectId: string
  season: string
  seasonToDateKg: number
}

export interface PlannedCredit {
  accountId: string
  ruleId: string
  subjectId: string
  milestoneKg: number
  season: string
  points: number
  expiresAt: Date
  reason: string
}

/** A points operation that cannot be done: the account is missing, or the ledger does not allow it. */
export class PointsError extends Error {
  override name = 'PointsError'
  constructor(
    message: string,
    readonly kind: 'not_found' | 'conflict',
  ) {
    super(message)
  }
}

/** Calendar months later, the day clamped to the month's end (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(at: Date, months: number): Date {
  const target = new Date(at.getTime())
  target.setUTCDate(1)
  target.setUTCMonth(target.getUTCMonth() + months)
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate()
  target.setUTCDate(Math.min(at.getUTCDate(), lastDay))
  return target
}

/**
 * Every credit the rules give for the production seen so far: one per (rule, backer, subject,
 * milestone, season) reached. It is the whole set each time, not the new ones: the ledger's unique
 * key drops those already credited, so a recomputation or a second run credits nothing twice.
 */
export function milestoneCredits(rules: readonly PointsRule[], backings: readonly ActiveBacking[], production: readonly SubjectProduction[], now: Date): PlannedCredit[] {
  const credits: PlannedCredit[] = []
  for (const rule of rules) {
    if (!rule.active) continue
    for (const backing of backings) {
      if (backing.scope !== rule.scope) continue
      const seen = production.find((p) => p.scope === backing.scope && p.subjectId === backing.subjectId)
      if (!seen) continue
      for (const milestoneKg of rule.milestonesKg) {
        if (seen.seasonToDateKg < milestoneKg) continue
        credits.push({
          accountId: backing.accountId,
          ruleId: rule.id,
          subjectId: backing.subjectId,
          milestoneKg,
          season: seen.season,
          points: rule.points,
          expiresAt: addMonths(now, rule.expiryMonths),
          reason: `${backing.scope} ${backing.subjectId} passed ${milestoneKg} kg in season ${seen.season} (rule ${rule.id})`,
        })
      }
    }
  }
  return credits
}
