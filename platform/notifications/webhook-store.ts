import type pg from 'pg'
import type { Rule, Severity } from '../../processors/detectors/detector.js'
import type { AlertEvent } from '../alerts/alert-event.js'

export const severities = ['info', 'warning', 'critical'] as const satisfies readonly Severity[]
export const deliveryStatuses = ['pending', 'delivered', 'failed'] as const
export type DeliveryStatus = (typeof deliveryStatuses)[number]
/** `alerts`: alert events. `points`: notices about supporters' points, for the supporter platform (ops webhooks only). */
export const webhookTopics = ['alerts', 'points'] as const
export type WebhookTopic = (typeof webhookTopics)[number]
export const deliveryEventTypes = ['opened', 'acknowledged', 'resolved', 'points.expiry_warning'] as const

/** A partner's webhook, or an ops one (partnerId null) that receives every partner's alerts. */
export interface Webhook {
  id: string
  partnerId: string | null
  topic: WebhookTopic
  url: string
  /** Events of alerts below this severity are not sent; `info` ones only to webhooks asking for info. */
  minSeverity: Severity
  /** Only alerts of these rules; null: every rule. */
  rules: Rule[] | null
  enabled: boolean
  createdAt: Date
}

export interface NewWebhook extends Pick<Webhook, 'partnerId' | 'url' | 'minSeverity' | 'rules'> {
  /** `alerts` when omitted. */
  topic?: WebhookTopic
  secret: string
}

/** Where and how to POST one delivery, read at each attempt so a deleted webhook stops at once. */
export interface DeliveryTarget {
  url: string
  secret: string
  enabled: boolean
  status: DeliveryStatus
}

export interface WebhookDelivery {
  id: string
  webhookId: string
  eventId: string
  eventType: (typeof deliveryEventTypes)[number]
  /** What the event is about: an alert, or (a points notice) a points credit. */
  alertId: string | null
  creditId: string | null
  status: DeliveryStatus
  attempts: number
  lastError: string | null
  lastStatusCode: number | null
  createdAt: Date
  deliveredAt: Date | null
  failedAt: Date | null
}

export interface AttemptOutcome {
  /** 1-based number of the attempt just made. */
  attempts: number
  statusCode: number | null
}

const WEBHOOK_COLUMNS = `id::text, partner_id AS "partnerId", topic, url, min_severity AS "minSeverity", rules, enabled,
  created_at AS "createdAt"`

const DELIVERY_COLUMNS = `id::text, webhook_id::text AS "webhookId", event_id AS "eventId", event_type AS "eventType",
  alert_id AS "alertId", credit_id::text AS "creditId", status, attempts, last_error AS "lastError", last_status_code AS "lastStatusCode",
  created_at AS "createdAt", delivered_at AS "deliveredAt", failed_at AS "failedAt"`

/** Webhooks and their deliveries in PostgreSQL (migration 004_webhooks.sql). */
export function createWebhookStore(pool: pg.Pool) {
  return {
    async create(webhook: NewWebhook): Promise<Webhook> {
      const result = await pool.query<Webhook>(
        `INSERT INTO webhooks (partner_id, topic, url, secret, min_severity, rules) VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING ${WEBHOOK_COLUMNS}`,
        [webhook.partnerId, webhook.topic ?? 'alerts', webhook.url, webhook.secret, webhook.minSeverity, webhook.rules],
      )
      return result.rows[0]!
    },

    /** `partnerId` undefined: every webhook (ops); else that partner's own, not the ops-wide ones. */
    async list(partnerId: string | undefined): Promise<Webhook[]> {
      const result = await pool.query<Webhook>(
        `SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE ($1::text IS NULL OR partner_id = $1) ORDER BY id`,
        [partnerId ?? null],
      )
      return result.rows
    },

    async get(id: string): Promise<Webhook | null> {
      const result = await pool.query<Webhook>(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE id = $1`, [id])
      return result.rows[0] ?? null
    },

    /** Its deliveries go with it; jobs still queued for it find no target and stop. */
    async delete(id: string): Promise<void> {
      await pool.query('DELETE FROM webhooks WHERE id = $1', [id])
    },

    /** The enabled alert webhooks an event goes to: the alert's partner's own and the ops-wide ones. */
    async findMatching(event: AlertEvent): Promise<string[]> {
      const { partnerId, severity, rule } = event.alert
      const result = await pool.query<{ id: string }>(
        `SELECT id::text FROM webhooks
         WHERE enabled AND topic = 'alerts' AND (partner_id IS NULL OR partner_id = $1)
           AND array_position($2::text[], min_severity) <= array_position($2::text[], $3)
           AND (rules IS NULL OR $4 = ANY (rules))
         ORDER BY id`,
        [partnerId, severities, severity, rule],
      )
      return result.rows.map((row) => row.id)
    },

    /** One pending row per webhook; a second fan-out of the same event adds none. */
    async addDeliveries(webhookIds: readonly string[], eventId: string, event: AlertEvent): Promise<void> {
      if (webhookIds.length === 0) return
      await pool.query(
        `INSERT INTO webhook_deliveries (webhook_id, event_id, event_type, alert_id)
         SELECT unnest($1::bigint[]), $2, $3, $4
         ON CONFLICT (webhook_id, event_id) DO NOTHING`,
        [webhookIds, eventId, event.type, event.alert.id],
      )
    },

    async deliveryTarget(webhookId: string, eventId: string): Promise<DeliveryTarget | null> {
      const result = await pool.query<DeliveryTarget>(
        `SELECT w.url, w.secret, w.enabled, d.status FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
         WHERE d.webhook_id = $1 AND d.event_id = $2`,
        [webhookId, eventId],
      )
      return result.rows[0] ?? null
    },

    async markDelivered(webhookId: string, eventId: string, outcome: AttemptOutcome): Promise<void> {
      await pool.query(
        `UPDATE webhook_deliveries SET status = 'delivered', attempts = $3, last_status_code = $4, delivered_at = now()
         WHERE webhook_id = $1 AND event_id = $2`,
        [webhookId, eventId, outcome.attempts, outcome.statusCode],
      )
    },

    /** Records a failed attempt; `final` ends the delivery as failed, with this attempt's reason. */
    async recordFailure(webhookId: string, eventId: string, outcome: AttemptOutcome & { error: string; final: boolean }): Promise<void> {
      await pool.query(
        `UPDATE webhook_deliveries
         SET attempts = $3, last_status_code = $4, last_error = $5,
             status = CASE WHEN $6 THEN 'failed' ELSE status END,
             failed_at = CASE WHEN $6 THEN now() ELSE failed_at END
         WHERE webhook_id = $1 AND event_id = $2 AND status = 'pending'`,
        [webhookId, eventId, outcome.attempts, outcome.statusCode, outcome.error, outcome.final],
      )
    },

    /** Newest first; `before` is the keyset cursor (a delivery id). */
    async listDeliveries(webhookId: string, filter: { status?: DeliveryStatus; limit: number; before?: string }): Promise<WebhookDelivery[]> {
      const result = await pool.query<WebhookDelivery>(
        `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries
         WHERE webhook_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::bigint IS NULL OR id < $3)
         ORDER BY id DESC LIMIT $4`,
        [webhookId, filter.status ?? null, filter.before ?? null, filter.limit],
      )
      return result.rows
    },
  }
}

export type WebhookStore = ReturnType<typeof createWebhookStore>
