import { UnrecoverableError } from 'bullmq'
import type { Logger } from '../logger.js'
import type { NotificationMetrics } from './notification-metrics.js'
import type { DeliverJob } from './notifications-queue.js'
import { EVENT_ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signWebhookPayload } from './webhook-signature.js'
import type { WebhookStore } from './webhook-store.js'

export type ResponseClass = 'delivered' | 'permanent' | 'retry'

/**
 * 2xx: delivered. Other 4xx: the receiver refuses this request as such (gone, unauthorized, bad
 * request) and a retry would get the same answer, except 408 Request Timeout and 429 Too Many
 * Requests, which are about timing (RFC 9110 §15.5.9, RFC 6585 §4). 5xx and 3xx are retried:
 * redirects are not followed, since a signed POST should go where it was registered.
 */
export function classifyResponse(status: number): ResponseClass {
  if (status >= 200 && status < 300) return 'delivered'
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) return 'permanent'
  return 'retry'
}

interface AttemptFailure {
  kind: string
  statusCode: number | null
  error: string
  permanent: boolean
}

export interface WebhookDelivererOptions {
  webhooks: Pick<WebhookStore, 'deliveryTarget' | 'markDelivered' | 'recordFailure'>
  /** Whole-request bound (MTC_WEBHOOK_TIMEOUT_MS): a slow receiver holds one worker slot at most this long. */
  timeoutMs: number
  logger: Logger
  metrics: Pick<NotificationMetrics, 'webhookDeliveries' | 'webhookAttemptFailures'>
}

export interface AttemptInfo {
  /** 1-based. */
  attempt: number
  maxAttempts: number
}

/**
 * One attempt of one delivery. Success and every failure are written to webhook_deliveries; a
 * failure then throws so BullMQ retries with backoff, or, when retrying cannot help, throws an
 * UnrecoverableError that fails the job at once. Delivery is at least once (the POST may succeed
 * and the row update fail): receivers de-duplicate on the event id header.
 */
export function createWebhookDeliverer(options: WebhookDelivererOptions) {
  const { webhooks, timeoutMs, logger, metrics } = options

  async function post(url: string, secret: string, job: DeliverJob): Promise<AttemptFailure | { statusCode: number }> {
    const body = JSON.stringify(job.payload)
    const timestamp = Math.floor(Date.now() / 1000)
    let response: Response
    try {
      response = await fetch(url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
        headers: {
          'content-type': 'application/json',
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signWebhookPayload(secret, timestamp, body),
          [EVENT_ID_HEADER]: job.eventId,
        },
        body,
      })
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError'
      const cause = (error as { cause?: { code?: string; message?: string } }).cause
      return {
        kind: timedOut ? 'timeout' : 'network',
        statusCode: null,
        error: timedOut ? `no answer within ${timeoutMs} ms` : (cause?.code ?? cause?.message ?? (error as Error).message),
        permanent: false,
      }
    }
    // Only the status matters; the body is not read, so a receiver cannot make us buffer anything.
    await response.body?.cancel().catch(() => undefined)
    const verdict = classifyResponse(response.status)
    if (verdict === 'delivered') return { statusCode: response.status }
    return {
      kind: `${Math.floor(response.status / 100)}xx`,
      statusCode: response.status,
      error: `HTTP ${response.status} ${response.statusText}`.trim(),
      permanent: verdict === 'permanent',
    }
  }

  return async (job: DeliverJob, info: AttemptInfo): Promise<void> => {
    const target = await webhooks.deliveryTarget(job.webhookId, job.eventId)
    if (!target || target.status !== 'pending') return // webhook deleted, or the delivery already settled
    if (!target.enabled) {
      await webhooks.recordFailure(job.webhookId, job.eventId, { attempts: info.attempt - 1, statusCode: null, error: 'webhook disabled', final: true })
      metrics.webhookDeliveries.inc({ outcome: 'failed' })
      return
    }

    const result = await post(target.url, target.secret, job)
    if (!('error' in result)) {
      await webhooks.markDelivered(job.webhookId, job.eventId, { attempts: info.attempt, statusCode: result.statusCode })
      metrics.webhookDeliveries.inc({ outcome: 'delivered' })
      return
    }

    metrics.webhookAttemptFailures.inc({ kind: result.kind })
    const final = result.permanent || info.attempt >= info.maxAttempts
    const reason = result.permanent ? `${result.error} (permanent: not retried)` : result.error
    await webhooks.recordFailure(job.webhookId, job.eventId, { attempts: info.attempt, statusCode: result.statusCode, error: reason, final })
    if (final) {
      metrics.webhookDeliveries.inc({ outcome: 'failed' })
      logger.warn({ webhookId: job.webhookId, eventId: job.eventId, attempts: info.attempt, reason }, 'webhook delivery failed')
    }
    const message = `webhook ${job.webhookId}: ${reason}`
    throw result.permanent ? new UnrecoverableError(message) : new Error(message)
  }
}
