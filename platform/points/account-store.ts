import type pg from 'pg'
import { PointsError, type BackingScope } from './points-rules.js'

export interface PointsAccount {
  id: string
  displayName: string | null
  createdBy: string
  createdAt: Date
}

export interface Backing {
  id: string
  accountId: string
  partnerId: string
  scope: BackingScope
  /** The hive's device id or the grove's site id. */
  subjectId: string
  startedAt: Date
  endedAt: Date | null
}

const BACKING_COLUMNS = `id::text, account_id AS "accountId", partner_id AS "partnerId", scope, subject_id AS "subjectId",
  started_at AS "startedAt", ended_at AS "endedAt"`

function refusal(error: unknown): never {
  const e = error as { code?: string; detail?: string }
  if (e.code === '23505') throw new PointsError(`already exists: ${e.detail ?? ''}`, 'conflict')
  if (e.code === '23503') throw new PointsError(`refers to a missing row: ${e.detail ?? ''}`, 'not_found')
  throw error
}

/** Supporters' accounts and the hives and groves they back. */
export function createAccountStore(pool: pg.Pool) {
  return {
    async create(a: { id: string; displayName: string | null; createdBy: string }): Promise<PointsAccount> {
      const { rows } = await pool
        .query<PointsAccount>(
          `INSERT INTO points_accounts (id, display_name, created_by) VALUES ($1, $2, $3)
           RETURNING id, display_name AS "displayName", created_by AS "createdBy", created_at AS "createdAt"`,
          [a.id, a.displayName, a.createdBy],
        )
        .catch(refusal)
      return rows[0]!
    },

    async get(id: string): Promise<PointsAccount | null> {
      const { rows } = await pool.query<PointsAccount>(
        'SELECT id, display_name AS "displayName", created_by AS "createdBy", created_at AS "createdAt" FROM points_accounts WHERE id = $1',
        [id],
      )
      return rows[0] ?? null
    },

    /** The account backs a hive (device of kind hive) or a grove (site of kind grove) from `startedAt`. */
    async back(b: { accountId: string; scope: BackingScope; subjectId: string; startedAt: Date; createdBy: string }): Promise<Backing> {
      const { rows } = await pool
        .query<Backing>(
          `INSERT INTO points_backings (account_id, partner_id, device_id, site_id, started_at, created_by)
           SELECT $1, x.partner_id, CASE WHEN $2 = 'hive' THEN x.id END, CASE WHEN $2 = 'grove' THEN x.id END, $4, $5
           FROM (SELECT id, partner_id FROM devices WHERE $2 = 'hive' AND id = $3 AND kind = 'hive'
                 UNION ALL SELECT id, partner_id FROM sites WHERE $2 = 'grove' AND id = $3 AND kind = 'grove') x
           RETURNING ${BACKING_COLUMNS}`,
          [b.accountId, b.scope, b.subjectId, b.startedAt, b.createdBy],
        )
        .catch(refusal)
      if (!rows[0]) throw new PointsError(`no ${b.scope} "${b.subjectId}"`, 'not_found')
      return rows[0]
    },

    /** Backing stops at `endedAt`: later milestones credit the account no more. */
    async endBacking(id: string, endedAt: Date): Promise<Backing> {
      const { rows } = await pool.query<Backing>(
        `UPDATE points_backings SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL AND started_at < $2 RETURNING ${BACKING_COLUMNS}`,
        [id, endedAt],
      )
      if (!rows[0]) throw new PointsError(`backing "${id}" not found, already ended, or starting after ${endedAt.toISOString()}`, 'conflict')
      return rows[0]
    },

    async backings(accountId: string): Promise<Backing[]> {
      const { rows } = await pool.query<Backing>(`SELECT ${BACKING_COLUMNS} FROM points_backings WHERE account_id = $1 ORDER BY id`, [accountId])
      return rows
    },
  }
}

export type AccountStore = ReturnType<typeof createAccountStore>
