import type pg from 'pg'
import { inTransaction } from '../postgres/transaction.js'
import { lockAccount, writeDebit } from './points-ledger.js'

/** A credit that expires within the warning period with points left: tell its supporter once. */
export interface ExpiryWarning {
  creditId: string
  accountId: string
  /** Points left on the credit when warned. */
  points: number
  expiresAt: Date
}

export interface ExpiredCredit {
  entryId: string
  creditId: string
  accountId: string
  points: number
  expiresAt: Date
}

export interface PointsExpiryOptions {
  /** Warn this many days before a credit expires. */
  warnDays: number
}

const REMAINING = '(c.points - coalesce((SELECT sum(a.points) FROM points_allocations a WHERE a.credit_id = c.id), 0))::int'

/** The daily points job: warnings ahead of expiry, then expiry debits for what was left unspent. */
export function createPointsExpiry(pool: pg.Pool, options: PointsExpiryOptions) {
  /** The warning table's primary key is the credit: a re-run, or two schedulers racing, warn once. */
  async function warn(now: Date): Promise<ExpiryWarning[]> {
    const { rows } = await pool.query<ExpiryWarning>(
      `INSERT INTO points_expiry_warnings (credit_id, account_id, points, expires_at, warned_at)
       SELECT c.id, c.account_id, ${REMAINING}, c.expires_at, $1 FROM points_entries c
       WHERE c.kind = 'credit' AND c.expires_at > $1 AND c.expires_at <= $1 + make_interval(days => $2)
         AND NOT EXISTS (SELECT 1 FROM points_expiry_warnings w WHERE w.credit_id = c.id) AND ${REMAINING} > 0
       ORDER BY c.account_id, c.expires_at, c.id
       ON CONFLICT (credit_id) DO NOTHING
       RETURNING credit_id::text AS "creditId", account_id AS "accountId", points, expires_at AS "expiresAt"`,
      [now, options.warnDays],
    )
    return rows
  }

  /** One account at a time, under its lock, so a conversion cannot spend what is being expired. */
  async function expireAccount(accountId: string, now: Date): Promise<ExpiredCredit[]> {
    return inTransaction(pool, async (client) => {
      await lockAccount(client, accountId)
      const { rows: due } = await client.query<{ id: string; remaining: number; expiresAt: Date }>(
        `SELECT c.id::text, ${REMAINING} AS remaining, c.expires_at AS "expiresAt" FROM points_entries c
         WHERE c.account_id = $1 AND c.kind = 'credit' AND c.expires_at <= $2 AND ${REMAINING} > 0 ORDER BY c.expires_at, c.id`,
        [accountId, now],
      )
      const expired: ExpiredCredit[] = []
      for (const credit of due) {
        const entryId = await writeDebit(
          client,
          // Booked at the credit's expiry date, whenever the job gets to it.
          { accountId, kind: 'expiry', takes: [{ id: credit.id, quantity: credit.remaining }], expiredCreditId: credit.id, occurredAt: credit.expiresAt },
          { actor: 'system', reason: `${credit.remaining} points of credit ${credit.id} expired unspent`, requestId: null },
        )
        expired.push({ entryId, creditId: credit.id, accountId, points: credit.remaining, expiresAt: credit.expiresAt })
      }
      return expired
    })
  }

  return {
    /**
     * Warnings first (returned for the notification system to send), then the expiry of every credit
     * due by `now` with points left. Safe to run any number of times, and from two schedulers at once.
     */
    async runPointsExpiry(now: Date): Promise<{ warnings: ExpiryWarning[]; expired: ExpiredCredit[] }> {
      const warnings = await warn(now)
      const { rows: accounts } = await pool.query<{ accountId: string }>(
        `SELECT DISTINCT c.account_id AS "accountId" FROM points_entries c
         WHERE c.kind = 'credit' AND c.expires_at <= $1 AND ${REMAINING} > 0 ORDER BY 1`,
        [now],
      )
      const expired: ExpiredCredit[] = []
      for (const { accountId } of accounts) expired.push(...(await expireAccount(accountId, now)))
      return { warnings, expired }
    },
  }
}

export type PointsExpiry = ReturnType<typeof createPointsExpiry>
