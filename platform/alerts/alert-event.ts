import type { Rule, Severity } from '../../processors/detectors/detector.js'

export type AlertStatus = 'open' | 'acknowledged' | 'resolved'

/** An alert as the API, notifications and dashboards see it. Times are ISO-8601 UTC. */
export interface Alert {
  id: string
  partnerId: string
  /** Site and device of a detector's alert; both null for a stock alert, which names its product. */
  siteId: string | null
  deviceId: string | null
  productId: string | null
  rule: Rule
  severity: Severity
  status: AlertStatus
  summary: string
  evidence: Record<string, number | string | boolean>
  /** Reading time of the finding that opened it, and of the latest one that kept it firing. */
  openedAt: string
  lastFiringAt: string
  acknowledgedAt: string | null
  resolvedAt: string | null
}

/**
 * One change in an alert's life, published on the alert-event bus to every channel (webhooks, the
 * MQTT ops topic, the live stream). `actor` is "system" for detectors, else the API key's name.
 */
export interface AlertEvent {
  type: 'opened' | 'acknowledged' | 'resolved'
  alert: Alert
  actor: string
  comment: string | null
  /** Wall-clock time of the change. */
  at: string
}
