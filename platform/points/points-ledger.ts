import type pg from 'pg'
import { inTransaction } from '../postgres/transaction.js'
import type { AuditContext, Take } from '../stock/index.js'
import { PointsError } from './points-rules.js'

export type EntryKind = 'credit' | 'debit' | 'expiry'

export interface PointsEntry {
  id: string
  accountId: string
  kind: EntryKind
  /** Positive for credits, negative for debits and expiries. */
  points: number
  expiresAt: Date | null
  ruleId: string | null
  subjectId: string | null
  milestoneKg: number | null
  season: string | null
  conversionId: string | null
  expiredCreditId: string | null
  /** For debits and expiries: the credits they consumed. */
  allocations: { creditId: string; points: number }[]
  actor: string
  reason: string
  requestId: string | null
  occurredAt: Date
  recordedAt: Date
}

/** A credit with points left, as spending and expiry see it. */
export interface OpenCredit {
  id: string
  expiresAt: Date
  /** Points not yet consumed by a debit or an expiry. */
  available: number
}

export interface AccountBalance {
  accountId: string
  /** The ledger sum. */
  balance: number
  /** What can be spent now: credits not past their expiry date. */
  spendable: number
  /** Credits past their date whose expiry the daily job has not written yet (balance − spendable). */
  awaitingExpiry: number
  /** Open credits, soonest to expire first. */
  credits: OpenCredit[]
}

const ENTRY_COLUMNS = `e.id::text, e.account_id AS "accountId", e.kind, e.points, e.expires_at AS "expiresAt", e.rule_id AS "ruleId",
  e.subject_id AS "subjectId", e.milestone_kg::float8 AS "milestoneKg", e.season, e.conversion_id::text AS "conversionId",
  e.expired_credit_id::text AS "expiredCreditId", e.actor, e.reason, e.request_id AS "requestId", e.occurred_at AS "occurredAt",
  e.recorded_at AS "recordedAt",
  coalesce((SELECT json_agg(json_build_object('creditId', a.credit_id::text, 'points', a.points) ORDER BY a.credit_id)
            FROM points_allocations a WHERE a.debit_id = e.id), '[]') AS allocations`

/**
 * Locks the account row: every spend and every expiry of an account runs under it, so the points
 * left on each credit cannot change between reading and booking. Credits do not take it (they only
 * add), and FOR NO KEY UPDATE lets their foreign-key checks on the account through meanwhile.
 */
export async function lockAccount(client: pg.PoolClient, accountId: string): Promise<void> {
  const { rowCount } = await client.query('SELECT 1 FROM points_accounts WHERE id = $1 FOR NO KEY UPDATE', [accountId])
  if (rowCount === 0) throw new PointsError(`points account "${accountId}" not found`, 'not_found')
}

/** Credits with points left that are still valid at `at`, oldest-expiring first (the order they are spent in). */
export async function openCredits(db: pg.Pool | pg.PoolClient, accountId: string, at: Date): Promise<OpenCredit[]> {
  const { rows } = await db.query<OpenCredit>(
    `SELECT c.id::text, c.expires_at AS "expiresAt", (c.points - coalesce(sum(a.points), 0))::int AS available
     FROM points_entries c LEFT JOIN points_allocations a ON a.credit_id = c.id
     WHERE c.account_id = $1 AND c.kind = 'credit' AND c.expires_at > $2
     GROUP BY c.id HAVING c.points - coalesce(sum(a.points), 0) > 0
     ORDER BY c.expires_at, c.id`,
    [accountId, at],
  )
  return rows
}

/**
 * Books a debit (a conversion, a correction) or an expiry of the points taken from each credit, with
 * those allocations, so what is left of every credit stays known. The caller holds the account lock.
 */
export async function writeDebit(
  client: pg.PoolClient,
  d: { accountId: string; kind: 'debit' | 'expiry'; takes: readonly Take[]; conversionId?: string; expiredCreditId?: string; occurredAt: Date },
  audit: AuditContext,
): Promise<string> {
  const total = d.takes.reduce((sum, t) => sum + t.quantity, 0)
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO points_entries (account_id, kind, points, conversion_id, expired_credit_id, actor, reason, request_id, occurred_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id::text`,
    [d.accountId, d.kind, -total, d.conversionId ?? null, d.expiredCreditId ?? null, audit.actor, audit.reason, audit.requestId, d.occurredAt],
  )
  const debitId = rows[0]!.id
  await client.query(
    'INSERT INTO points_allocations (debit_id, credit_id, points) SELECT $1, t.credit_id, t.points FROM unnest($2::bigint[], $3::int[]) AS t(credit_id, points)',
    [debitId, d.takes.map((t) => t.id), d.takes.map((t) => t.quantity)],
  )
  return debitId
}

/** The points ledger of each account: credits in, balances and history out. */
export function createPointsLedger(pool: pg.Pool) {
  return {
    /** A credit given by hand (goodwill, a campaign), valid until `expiresAt`. */
    async credit(c: { accountId: string; points: number; expiresAt: Date; occurredAt?: Date | undefined }, audit: AuditContext): Promise<PointsEntry> {
      const { rows } = await pool
        .query<PointsEntry>(
          `INSERT INTO points_entries AS e (account_id, kind, points, expires_at, actor, reason, request_id, occurred_at)
           VALUES ($1, 'credit', $2, $3, $4, $5, $6, coalesce($7, now())) RETURNING ${ENTRY_COLUMNS}`,
          [c.accountId, c.points, c.expiresAt, audit.actor, audit.reason, audit.requestId, c.occurredAt ?? null],
        )
        .catch((error: { code?: string }) => {
          if (error.code === '23503') throw new PointsError(`points account "${c.accountId}" not found`, 'not_found')
          throw error
        })
      return rows[0]!
    },

    /** Sum and open credits read in one snapshot, so they agree with each other under concurrent writes. */
    async balance(accountId: string, at: Date): Promise<AccountBalance> {
      return inTransaction(pool, async (client) => {
        await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY')
        const { rows } = await client.query<{ balance: number }>('SELECT coalesce(sum(points), 0)::int AS balance FROM points_entries WHERE account_id = $1', [accountId])
        const credits = await openCredits(client, accountId, at)
        const balance = rows[0]!.balance
        const spendable = credits.reduce((sum, c) => sum + c.available, 0)
        return { accountId, balance, spendable, awaitingExpiry: balance - spendable, credits }
      })
    },

    /** Newest first. */
    async entries(filter: { accountId: string; limit: number; before?: string | undefined }): Promise<PointsEntry[]> {
      const { rows } = await pool.query<PointsEntry>(
        `SELECT ${ENTRY_COLUMNS} FROM points_entries e WHERE e.account_id = $1 AND ($2::bigint IS NULL OR e.id < $2) ORDER BY e.id DESC LIMIT $3`,
        [filter.accountId, filter.before ?? null, filter.limit],
      )
      return rows
    },

    /** What the rules credited through a partner's hives and groves, per subject and season. */
    async attributedToPartner(partnerId: string): Promise<{ subjectId: string; season: string; ruleId: string; supporters: number; points: number }[]> {
      const { rows } = await pool.query<{ subjectId: string; season: string; ruleId: string; supporters: number; points: number }>(
        `SELECT e.subject_id AS "subjectId", e.season, e.rule_id AS "ruleId", count(DISTINCT e.account_id)::int AS supporters, sum(e.points)::int AS points
         FROM points_entries e
         WHERE e.rule_id IS NOT NULL AND e.subject_id IN (SELECT id FROM devices WHERE partner_id = $1 UNION ALL SELECT id FROM sites WHERE partner_id = $1)
         GROUP BY e.subject_id, e.season, e.rule_id ORDER BY e.season DESC, e.subject_id, e.rule_id`,
        [partnerId],
      )
      return rows
    },
  }
}

export type PointsLedger = ReturnType<typeof createPointsLedger>
