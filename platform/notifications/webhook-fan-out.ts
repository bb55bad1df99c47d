import type { Queue } from 'bullmq'
import { alertEventId } from './alert-event-codec.js'
import { DELIVER_JOB, deliverJobId, type FanOutJob, type NotificationJob } from './notifications-queue.js'
import type { WebhookStore } from './webhook-store.js'

export interface WebhookFanOutOptions {
  webhooks: Pick<WebhookStore, 'findMatching' | 'addDeliveries'>
  queue: Pick<Queue<NotificationJob>, 'addBulk'>
}

/**
 * Turns one alert event into a pending delivery row and a `deliver` job per matching webhook.
 * Safe to run again after a partial failure: rows and job ids are keyed on (webhook, event).
 * Returns how many webhooks matched.
 */
export function createWebhookFanOut(options: WebhookFanOutOptions) {
  return async ({ event }: FanOutJob): Promise<number> => {
    const eventId = alertEventId(event)
    const webhookIds = await options.webhooks.findMatching(event)
    await options.webhooks.addDeliveries(webhookIds, eventId, event)
    await options.queue.addBulk(
      webhookIds.map((webhookId) => ({
        name: DELIVER_JOB,
        data: { webhookId, eventId, payload: event },
        opts: { jobId: deliverJobId(webhookId, eventId) },
      })),
    )
    return webhookIds.length
  }
}
