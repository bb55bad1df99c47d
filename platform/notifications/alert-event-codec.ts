import { createHash } from 'node:crypto'
import { z } from 'zod'
import type { AlertEvent } from '../alerts/alert-event.js'
import { RULES } from '../../processors/detectors/detector.js'

/**
 * The wire form of an AlertEvent on the bus. A message is parsed against this schema before any
 * channel sees it, so a malformed or foreign message is skipped at the door instead of failing
 * in a webhook worker or reaching a client.
 */
const alertSchema = z.object({
  id: z.string().min(1),
  partnerId: z.string().min(1),
  siteId: z.string().min(1).nullable(),
  deviceId: z.string().min(1).nullable(),
  productId: z.string().min(1).nullable(),
  rule: z.enum(RULES),
  severity: z.enum(['info', 'warning', 'critical']),
  status: z.enum(['open', 'acknowledged', 'resolved']),
  summary: z.string(),
  evidence: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
  openedAt: z.string(),
  lastFiringAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
})

const alertEventSchema = z.object({
  type: z.enum(['opened', 'acknowledged', 'resolved']),
  alert: alertSchema,
  actor: z.string(),
  comment: z.string().nullable(),
  at: z.string(),
}) satisfies z.ZodType<AlertEvent>

export type DecodeResult = { ok: true; event: AlertEvent } | { ok: false; reason: string }

export function encodeAlertEvent(event: AlertEvent): string {
  return JSON.stringify(event)
}

export function decodeAlertEvent(message: string): DecodeResult {
  let json: unknown
  try {
    json = JSON.parse(message)
  } catch {
    return { ok: false, reason: 'not JSON' }
  }
  const parsed = alertEventSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return { ok: false, reason: issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid' }
  }
  return { ok: true, event: parsed.data }
}

/**
 * A stable id for one change of one alert, the same in every process that sees the event: webhook
 * job ids and delivery rows are keyed on it (so an event published twice, or fanned out by two
 * processors replicas, is delivered once), and receivers get it as `x-mtc-event-id` to de-duplicate
 * the at-least-once deliveries themselves.
 */
export function alertEventId(event: AlertEvent): string {
  return createHash('sha256').update(`${event.alert.id}\n${event.type}\n${event.at}`).digest('hex').slice(0, 32)
}
