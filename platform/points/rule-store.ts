import type pg from 'pg'
import { PointsError, type PointsRule } from './points-rules.js'

const RULE_COLUMNS = `id, scope, milestones_kg::float8[] AS "milestonesKg", points, expiry_months AS "expiryMonths", active, description,
  created_by AS "createdBy", created_at AS "createdAt"`

/** Attribution rules (points_rules). A rule is never edited in place: credits refer to it. */
export function createRuleStore(pool: pg.Pool) {
  return {
    async create(r: Omit<PointsRule, 'createdAt'>): Promise<PointsRule> {
      const { rows } = await pool
        .query<PointsRule>(
          `INSERT INTO points_rules (id, scope, milestones_kg, points, expiry_months, active, description, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${RULE_COLUMNS}`,
          [r.id, r.scope, r.milestonesKg, r.points, r.expiryMonths, r.active, r.description, r.createdBy],
        )
        .catch((error: { code?: string }) => {
          if (error.code === '23505') throw new PointsError(`rule "${r.id}" already exists`, 'conflict')
          throw error
        })
      return rows[0]!
    },

    /** Retiring a rule stops new credits; those given stay. */
    async setActive(id: string, active: boolean): Promise<PointsRule> {
      const { rows } = await pool.query<PointsRule>(`UPDATE points_rules SET active = $2 WHERE id = $1 RETURNING ${RULE_COLUMNS}`, [id, active])
      if (!rows[0]) throw new PointsError(`rule "${id}" not found`, 'not_found')
      return rows[0]
    },

    async list(onlyActive = false): Promise<PointsRule[]> {
      const { rows } = await pool.query<PointsRule>(`SELECT ${RULE_COLUMNS} FROM points_rules WHERE NOT $1 OR active ORDER BY id`, [onlyActive])
      return rows
    },
  }
}

export type RuleStore = ReturnType<typeof createRuleStore>
