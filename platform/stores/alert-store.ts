import type pg from 'pg'
import { inTransaction } from '../postgres/transaction.js'
import type { DetectorDevice, Finding, Rule, Severity } from '../../processors/detectors/detector.js'
import type { Alert, AlertEvent, AlertStatus } from '../alerts/alert-event.js'

export interface AlertFilter {
  partnerId?: string | undefined
  siteId?: string | undefined
  deviceId?: string | undefined
  rule?: Rule | undefined
  severity?: Severity | undefined
  /** `active` = open or acknowledged. */
  status?: AlertStatus | 'active' | undefined
  /** Opened at or after / before (reading time). */
  from?: Date | undefined
  to?: Date | undefined
  limit: number
  /** Keyset cursor: only alerts with a smaller id. */
  before?: string | undefined
}

export interface AlertChange {
  change: AlertEvent['type']
  actor: string
  comment: string | null
  at: string
}

/** Why a person's change was refused: the alert is gone or already past that step. */
export class AlertTransitionError extends Error {
  override name = 'AlertTransitionError'
  constructor(
    message: string,
    readonly kind: 'not_found' | 'conflict',
  ) {
    super(message)
  }
}

const SYSTEM_ACTOR = 'system'
const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 }

const ALERT_COLUMNS = `id::text, partner_id AS "partnerId", site_id AS "siteId", device_id AS "deviceId", product_id AS "productId", rule, severity,
  status, summary, evidence, opened_at AS "openedAt", last_firing_at AS "lastFiringAt",
  acknowledged_at AS "acknowledgedAt", resolved_at AS "resolvedAt"`

interface AlertRow extends Omit<Alert, 'openedAt' | 'lastFiringAt' | 'acknowledgedAt' | 'resolvedAt'> {
  openedAt: Date
  lastFiringAt: Date
  acknowledgedAt: Date | null
  resolvedAt: Date | null
}

function toAlert(row: AlertRow): Alert {
  return {
    ...row,
    openedAt: row.openedAt.toISOString(),
    lastFiringAt: row.lastFiringAt.toISOString(),
    acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
  }
}

/**
 * Alerts and their history. The partial unique index on (device, rule) for unresolved alerts is
 * what makes detection idempotent: a redelivered job, a restarted worker or a second worker that
 * fires the same rule refreshes the open alert instead of opening a twin.
 */
export function createAlertStore(pool: pg.Pool) {
  async function recordChange(client: pg.PoolClient, alert: Alert, type: AlertEvent['type'], actor: string, comment: string | null): Promise<AlertEvent> {
    const { rows } = await client.query<{ at: Date }>(
      'INSERT INTO alert_changes (alert_id, change, actor, comment) VALUES ($1, $2, $3, $4) RETURNING at',
      [alert.id, type, actor, comment],
    )
    return { type, alert, actor, comment, at: rows[0]!.at.toISOString() }
  }

  async function fire(device: DetectorDevice, finding: Finding): Promise<AlertEvent | null> {
    return inTransaction(pool, async (client) => {
      const at = new Date(finding.atMs)
      const { rows } = await client.query<AlertRow & { inserted: boolean }>(
        `INSERT INTO alerts (partner_id, site_id, device_id, rule, severity, status, summary, evidence, opened_at, last_firing_at)
         VALUES ($1, $2, $3, $4, $5, 'open', $6, $7, $8, $8)
         ON CONFLICT (device_id, rule) WHERE status <> 'resolved' DO UPDATE SET
           last_firing_at = GREATEST(alerts.last_firing_at, EXCLUDED.last_firing_at),
           evidence = EXCLUDED.evidence,
           summary = EXCLUDED.summary,
           severity = CASE WHEN $9::int > (CASE alerts.severity WHEN 'critical' THEN 2 WHEN 'warning' THEN 1 ELSE 0 END)
                           THEN EXCLUDED.severity ELSE alerts.severity END
         RETURNING ${ALERT_COLUMNS}, (xmax = 0) AS inserted`,
        [device.partnerId, device.siteId, device.id, finding.rule, finding.severity, finding.summary, finding.evidence, at, SEVERITY_RANK[finding.severity]],
      )
      const { inserted, ...row } = rows[0]!
      return inserted ? recordChange(client, toAlert(row), 'opened', SYSTEM_ACTOR, null) : null
    })
  }

  async function clear(device: DetectorDevice, finding: Finding): Promise<AlertEvent | null> {
    return inTransaction(pool, async (client) => {
      const { rows } = await client.query<AlertRow>(
        `UPDATE alerts SET status = 'resolved', resolved_at = $3
         WHERE device_id = $1 AND rule = $2 AND status <> 'resolved'
         RETURNING ${ALERT_COLUMNS}`,
        [device.id, finding.rule, new Date(finding.atMs)],
      )
      return rows[0] ? recordChange(client, toAlert(rows[0]), 'resolved', SYSTEM_ACTOR, finding.summary) : null
    })
  }

  async function transition(id: string, to: 'acknowledged' | 'resolved', actor: string, comment: string | null, partnerId?: string): Promise<AlertEvent> {
    return inTransaction(pool, async (client) => {
      const { rows } = await client.query<AlertRow>(
        `SELECT ${ALERT_COLUMNS} FROM alerts WHERE id = $1 AND ($2::text IS NULL OR partner_id = $2) FOR UPDATE`,
        [id, partnerId ?? null],
      )
      const current = rows[0]
      if (!current) throw new AlertTransitionError(`alert ${id} not found`, 'not_found')
      const allowed = to === 'acknowledged' ? current.status === 'open' : current.status !== 'resolved'
      if (!allowed) throw new AlertTransitionError(`alert ${id} is ${current.status}: it cannot be ${to}`, 'conflict')
      const column = to === 'acknowledged' ? 'acknowledged_at' : 'resolved_at'
      const updated = await client.query<AlertRow>(
        `UPDATE alerts SET status = $2, ${column} = now() WHERE id = $1 RETURNING ${ALERT_COLUMNS}`,
        [id, to],
      )
      return recordChange(client, toAlert(updated.rows[0]!), to, actor, comment)
    })
  }

  /** Opens (or refreshes) a product's alert; the stock check's counterpart of `fire`. */
  async function fireForProduct(partnerId: string, productId: string, finding: Finding): Promise<AlertEvent | null> {
    return inTransaction(pool, async (client) => {
      const at = new Date(finding.atMs)
      const { rows } = await client.query<AlertRow & { inserted: boolean }>(
        `INSERT INTO alerts (partner_id, product_id, rule, severity, status, summary, evidence, opened_at, last_firing_at)
         VALUES ($1, $2, $3, $4, 'open', $5, $6, $7, $7)
         ON CONFLICT (product_id, rule) WHERE status <> 'resolved' AND product_id IS NOT NULL DO UPDATE SET
           last_firing_at = GREATEST(alerts.last_firing_at, EXCLUDED.last_firing_at), evidence = EXCLUDED.evidence, summary = EXCLUDED.summary
         RETURNING ${ALERT_COLUMNS}, (xmax = 0) AS inserted`,
        [partnerId, productId, finding.rule, finding.severity, finding.summary, finding.evidence, at],
      )
      const { inserted, ...row } = rows[0]!
      return inserted ? recordChange(client, toAlert(row), 'opened', SYSTEM_ACTOR, null) : null
    })
  }

  return {
    /**
     * Applies the daily stock check: products found short get an alert (one per product and rule),
     * open stock alerts of products no longer found are resolved. Returns the changes to notify.
     */
    async applyStockFindings(findings: readonly { partnerId: string; productId: string; finding: Finding }[], atMs: number): Promise<AlertEvent[]> {
      const events: AlertEvent[] = []
      for (const f of findings) {
        const event = await fireForProduct(f.partnerId, f.productId, f.finding)
        if (event) events.push(event)
      }
      const stillShort = new Set(findings.map((f) => `${f.productId}\u0000${f.finding.rule}`))
      const { rows: open } = await pool.query<{ id: string; productId: string; rule: string }>(
        `SELECT id::text, product_id AS "productId", rule FROM alerts WHERE product_id IS NOT NULL AND status <> 'resolved'`,
      )
      for (const alert of open.filter((a) => !stillShort.has(`${a.productId}\u0000${a.rule}`))) {
        events.push(
          await inTransaction(pool, async (client) => {
            const { rows } = await client.query<AlertRow>(
              `UPDATE alerts SET status = 'resolved', resolved_at = $2 WHERE id = $1 RETURNING ${ALERT_COLUMNS}`,
              [alert.id, new Date(atMs)],
            )
            return recordChange(client, toAlert(rows[0]!), 'resolved', SYSTEM_ACTOR, 'projected cover is back above its threshold')
          }),
        )
      }
      return events
    },

    /** Applies a detector's finding; returns the change to notify, or null when nothing changed. */
    async apply(device: DetectorDevice, finding: Finding): Promise<AlertEvent | null> {
      return finding.status === 'firing' ? fire(device, finding) : clear(device, finding)
    },

    acknowledge(id: string, actor: string, comment: string | null, partnerId?: string): Promise<AlertEvent> {
      return transition(id, 'acknowledged', actor, comment, partnerId)
    },

    resolve(id: string, actor: string, comment: string, partnerId?: string): Promise<AlertEvent> {
      return transition(id, 'resolved', actor, comment, partnerId)
    },

    async get(id: string, partnerId?: string): Promise<(Alert & { history: AlertChange[] }) | null> {
      const { rows } = await pool.query<AlertRow>(
        `SELECT ${ALERT_COLUMNS} FROM alerts WHERE id = $1 AND ($2::text IS NULL OR partner_id = $2)`,
        [id, partnerId ?? null],
      )
      if (!rows[0]) return null
      const history = await pool.query<{ change: AlertEvent['type']; actor: string; comment: string | null; at: Date }>(
        'SELECT change, actor, comment, at FROM alert_changes WHERE alert_id = $1 ORDER BY id',
        [id],
      )
      return { ...toAlert(rows[0]), history: history.rows.map((h) => ({ ...h, at: h.at.toISOString() })) }
    },

    /** Newest first. */
    async list(filter: AlertFilter): Promise<Alert[]> {
      const { rows } = await pool.query<AlertRow>(
        `SELECT ${ALERT_COLUMNS} FROM alerts
         WHERE ($1::text IS NULL OR partner_id = $1) AND ($2::text IS NULL OR site_id = $2)
           AND ($3::text IS NULL OR device_id = $3) AND ($4::text IS NULL OR rule = $4)
           AND ($5::text IS NULL OR severity = $5)
           AND ($6::text IS NULL OR ($6 = 'active' AND status <> 'resolved') OR status = $6)
           AND ($7::timestamptz IS NULL OR opened_at >= $7) AND ($8::timestamptz IS NULL OR opened_at < $8)
           AND ($9::bigint IS NULL OR id < $9)
         ORDER BY id DESC LIMIT $10`,
        [
          filter.partnerId ?? null,
          filter.siteId ?? null,
          filter.deviceId ?? null,
          filter.rule ?? null,
          filter.severity ?? null,
          filter.status ?? null,
          filter.from ?? null,
          filter.to ?? null,
          filter.before ?? null,
          filter.limit,
        ],
      )
      return rows.map(toAlert)
    },
  }
}

export type AlertStore = ReturnType<typeof createAlertStore>
