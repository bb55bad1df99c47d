import type pg from 'pg'
import { oliveHarvestWindow, oliveSeasonOf } from '../stock/index.js'
import { createRuleStore } from './rule-store.js'
import { milestoneCredits, type ActiveBacking, type SubjectProduction } from './points-rules.js'

export interface AttributedCredit {
  entryId: string
  accountId: string
  ruleId: string
  subjectId: string
  milestoneKg: number
  season: string
  points: number
  expiresAt: Date
}

/**
 * Credits supporters when the hives and groves they back pass production milestones. Production is
 * a hive's season-to-date honey from its latest estimate, and a grove's olive fruit harvested this
 * season as the grower recorded it (olive estimates forecast, they do not measure). Run it after
 * each yield recomputation; running it again credits nothing twice.
 */
export function createPointsAttribution(pool: pg.Pool) {
  const rules = createRuleStore(pool)

  async function activeBackings(now: Date): Promise<ActiveBacking[]> {
    const { rows } = await pool.query<ActiveBacking>(
      `SELECT account_id AS "accountId", scope, subject_id AS "subjectId" FROM points_backings
       WHERE started_at <= $1 AND (ended_at IS NULL OR ended_at > $1)`,
      [now],
    )
    return rows
  }

  async function production(backings: readonly ActiveBacking[], now: Date): Promise<SubjectProduction[]> {
    const hives = [...new Set(backings.filter((b) => b.scope === 'hive').map((b) => b.subjectId))]
    const groves = [...new Set(backings.filter((b) => b.scope === 'grove').map((b) => b.subjectId))]
    const { rows: honey } = await pool.query<{ subjectId: string; season: string; kg: number | null }>(
      `SELECT DISTINCT ON (scope_id) scope_id AS "subjectId", season, (estimate->>'seasonToDateKg')::float8 AS kg
       FROM yield_estimates WHERE scope = 'hive' AND product = 'honey' AND scope_id = ANY($1)
       ORDER BY scope_id, computed_at DESC, id DESC`,
      [hives],
    )
    const season = oliveSeasonOf(now.toISOString())
    const window = oliveHarvestWindow(season)!
    const { rows: olive } = await pool.query<{ subjectId: string; kg: number }>(
      `SELECT s.id AS "subjectId", coalesce(sum(i.kg), 0)::float8 AS kg FROM sites s
       LEFT JOIN interventions i ON i.site_id = s.id AND i.kind = 'olive_harvest'
         AND (i.occurred_at AT TIME ZONE s.timezone)::date >= $2::date AND (i.occurred_at AT TIME ZONE s.timezone)::date < $3::date
       WHERE s.id = ANY($1) GROUP BY s.id`,
      [groves, window.from, window.until],
    )
    return [
      ...honey.filter((h) => h.kg !== null).map((h) => ({ scope: 'hive' as const, subjectId: h.subjectId, season: h.season, seasonToDateKg: h.kg! })),
      ...olive.map((o) => ({ scope: 'grove' as const, subjectId: o.subjectId, season, seasonToDateKg: o.kg })),
    ]
  }

  return {
    /** Returns the credits written by this run (none when everything reached was already credited). */
    async attributeProductionPoints(now: Date, requestId: string | null = null): Promise<AttributedCredit[]> {
      const backings = await activeBackings(now)
      if (backings.length === 0) return []
      const planned = milestoneCredits(await rules.list(true), backings, await production(backings, now), now)
      if (planned.length === 0) return []
      const { rows } = await pool.query<AttributedCredit>(
        `INSERT INTO points_entries (account_id, kind, points, expires_at, rule_id, subject_id, milestone_kg, season, actor, reason, request_id, occurred_at)
         SELECT c.account_id, 'credit', c.points, c.expires_at, c.rule_id, c.subject_id, c.milestone_kg, c.season, 'system', c.reason, $9, $10
         FROM unnest($1::text[], $2::int[], $3::timestamptz[], $4::text[], $5::text[], $6::numeric[], $7::text[], $8::text[])
           AS c(account_id, points, expires_at, rule_id, subject_id, milestone_kg, season, reason)
         ON CONFLICT (rule_id, account_id, subject_id, milestone_kg, season) WHERE rule_id IS NOT NULL DO NOTHING
         RETURNING id::text AS "entryId", account_id AS "accountId", rule_id AS "ruleId", subject_id AS "subjectId",
                   milestone_kg::float8 AS "milestoneKg", season, points, expires_at AS "expiresAt"`,
        [
          planned.map((c) => c.accountId),
          planned.map((c) => c.points),
          planned.map((c) => c.expiresAt),
          planned.map((c) => c.ruleId),
          planned.map((c) => c.subjectId),
          planned.map((c) => c.milestoneKg),
          planned.map((c) => c.season),
          planned.map((c) => c.reason),
          requestId,
          now,
        ],
      )
      return rows
    },
  }
}

export type PointsAttribution = ReturnType<typeof createPointsAttribution>
