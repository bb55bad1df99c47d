import type { Queue } from 'bullmq'
import type pg from 'pg'
import { DELIVER_JOB, deliverJobId, type NotificationJob } from './notifications-queue.js'

/**
 * What the supporter platform receives 60 days (MTC_POINTS_WARN_DAYS) before a credit expires with
 * points left, to tell its supporter. `credit.points` is what was left when the warning was made.
 */
export interface PointsExpiryNotice {
  type: 'points.expiry_warning'
  account: { id: string; displayName: string | null }
  credit: { id: string; points: number; expiresAt: string }
  warnedAt: string
}

/** Stable across runs and processes: the delivery row, the job id and the receiver's de-duplication key. */
const EVENT_ID_PREFIX = 'points-expiry-warning-'
export const pointsExpiryEventId = (creditId: string) => `${EVENT_ID_PREFIX}${creditId}`

/** BullMQ's addBulk goes in one Redis round trip; this bounds its size. */
const ENQUEUE_CHUNK = 500

export interface PointsNoticesOptions {
  pool: pg.Pool
  queue: Pick<Queue<NotificationJob>, 'addBulk'>
}

interface PendingNotice {
  webhookId: string
  eventId: string
  creditId: string
  points: number
  expiresAt: Date
  warnedAt: Date
  accountId: string
  displayName: string | null
}

/**
 * Points expiry warnings → the enabled `points` webhooks, through the same signed, retried delivery
 * as alerts. The warnings table (written once per credit by the expiry job) is the outbox: each run
 * gives every warning whose credit is still open a delivery row per points webhook, then enqueues a
 * job for every delivery still pending. A run that stopped half way, or found Redis away, is
 * completed by the next one; job ids are derived from (webhook, credit), so BullMQ keeps one job
 * per delivery whoever enqueues it. A webhook registered later still gets the warnings of credits
 * that have not expired yet.
 */
export function createPointsNotices(options: PointsNoticesOptions) {
  const { pool, queue } = options
  return {
    /** Returns how many deliveries were (re-)enqueued. */
    async send(now: Date): Promise<number> {
      await pool.query(
        `INSERT INTO webhook_deliveries (webhook_id, event_id, event_type, credit_id)
         SELECT w.id, $2 || pw.credit_id, 'points.expiry_warning', pw.credit_id
         FROM points_expiry_warnings pw JOIN webhooks w ON w.topic = 'points' AND w.enabled
         WHERE pw.expires_at > $1
         ON CONFLICT (webhook_id, event_id) DO NOTHING`,
        [now, EVENT_ID_PREFIX],
      )
      const { rows } = await pool.query<PendingNotice>(
        `SELECT d.webhook_id::text AS "webhookId", d.event_id AS "eventId", pw.credit_id::text AS "creditId", pw.points,
                pw.expires_at AS "expiresAt", pw.warned_at AS "warnedAt", a.id AS "accountId", a.display_name AS "displayName"
         FROM webhook_deliveries d
         JOIN points_expiry_warnings pw ON pw.credit_id = d.credit_id
         JOIN points_accounts a ON a.id = pw.account_id
         WHERE d.status = 'pending' AND d.credit_id IS NOT NULL
         ORDER BY d.id`,
      )
      for (let i = 0; i < rows.length; i += ENQUEUE_CHUNK) {
        await queue.addBulk(
          rows.slice(i, i + ENQUEUE_CHUNK).map((n) => ({
            name: DELIVER_JOB,
            data: { webhookId: n.webhookId, eventId: n.eventId, payload: noticeOf(n) },
            opts: { jobId: deliverJobId(n.webhookId, n.eventId) },
          })),
        )
      }
      return rows.length
    },
  }
}

function noticeOf(n: PendingNotice): PointsExpiryNotice {
  return {
    type: 'points.expiry_warning',
    account: { id: n.accountId, displayName: n.displayName },
    credit: { id: n.creditId, points: n.points, expiresAt: n.expiresAt.toISOString() },
    warnedAt: n.warnedAt.toISOString(),
  }
}

export type PointsNotices = ReturnType<typeof createPointsNotices>
