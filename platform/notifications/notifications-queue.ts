import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq'
import type { AlertEvent } from '../alerts/alert-event.js'
import type { Logger } from '../logger.js'
import { alertEventId } from './alert-event-codec.js'
import type { NotificationMetrics } from './notification-metrics.js'
import type { PointsExpiryNotice } from './points-notices.js'

/**
 * The `notifications` queue carries two kinds of job. `fan-out`: one per alert event, turned by
 * the worker into the matching webhooks' deliveries (a Postgres outage then retries the job
 * instead of losing the event). `deliver`: one per (webhook, event), one HTTP POST per attempt,
 * of an alert event or of a points notice (those skip the fan-out: see points-notices.ts).
 * Job ids are derived from the event, so every processors replica may enqueue the same event
 * off the bus and BullMQ keeps one job (while it is kept: see KEEP_COMPLETED_S).
 */
export const FAN_OUT_JOB = 'fan-out'
export const DELIVER_JOB = 'deliver'

export interface FanOutJob {
  event: AlertEvent
}

/** The JSON body of one webhook POST: an alert event, or a points notice. */
export type WebhookPayload = AlertEvent | PointsExpiryNotice

export interface DeliverJob {
  webhookId: string
  eventId: string
  payload: WebhookPayload
}

export type NotificationJob = FanOutJob | DeliverJob

/** Long enough to outlast any re-publication of the same event, short enough to keep Redis small. */
const KEEP_COMPLETED_S = 24 * 3600
/** Final failures are also in webhook_deliveries; Redis keeps a week of them for inspection. */
const KEEP_FAILED_S = 7 * 24 * 3600

export interface NotificationsQueueOptions {
  name: string
  prefix: string
  connection: ConnectionOptions
  /** Attempts and base delay of the exponential backoff (MTC_WEBHOOK_ATTEMPTS, MTC_WEBHOOK_BACKOFF_MS). */
  attempts: number
  backoffMs: number
}

export function createNotificationsQueue(options: NotificationsQueueOptions): Queue<NotificationJob> {
  const defaultJobOptions: JobsOptions = {
    attempts: options.attempts,
    // Jitter: deliveries failed together by one receiver outage do not all come back in the same instant.
    backoff: { type: 'exponential', delay: options.backoffMs, jitter: 0.2 },
    removeOnComplete: { age: KEEP_COMPLETED_S },
    removeOnFail: { age: KEEP_FAILED_S },
  }
  return new Queue<NotificationJob>(options.name, { connection: options.connection, prefix: options.prefix, defaultJobOptions })
}

/** BullMQ refuses ':' in custom ids; these contain hex and digits only. */
export const fanOutJobId = (eventId: string) => `fan-out-${eventId}`
export const deliverJobId = (webhookId: string, eventId: string) => `deliver-${webhookId}-${eventId}`

export interface FanOutEnqueuerOptions {
  queue: Pick<Queue<NotificationJob>, 'add'>
  logger: Logger
  metrics: Pick<NotificationMetrics, 'handlerFailures'>
}

/**
 * The bus handler of the processors deployable: hands each event to the queue and returns.
 * A failed enqueue (Redis away) is logged and counted; the event misses its webhooks, never the
 * detector that raised it.
 */
export function createFanOutEnqueuer(options: FanOutEnqueuerOptions) {
  const { queue, logger, metrics } = options
  return async (event: AlertEvent): Promise<void> => {
    const eventId = alertEventId(event)
    try {
      await queue.add(FAN_OUT_JOB, { event }, { jobId: fanOutJobId(eventId) })
    } catch (error) {
      metrics.handlerFailures.inc({ channel: 'webhook' })
      logger.warn({ err: (error as Error).message, eventId, alertId: event.alert.id }, 'webhook fan-out not enqueued')
    }
  }
}
