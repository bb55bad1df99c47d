import { UnrecoverableError, Worker, type ConnectionOptions, type Job, type Queue } from 'bullmq'
import type { Logger } from '../logger.js'
import type { NotificationMetrics } from './notification-metrics.js'
import { DELIVER_JOB, FAN_OUT_JOB, type DeliverJob, type FanOutJob, type NotificationJob } from './notifications-queue.js'
import { createWebhookDeliverer } from './webhook-delivery.js'
import { createWebhookFanOut } from './webhook-fan-out.js'
import type { WebhookStore } from './webhook-store.js'

export interface NotificationWorkerOptions {
  queueName: string
  prefix: string
  /** Workers block on Redis: this connection needs `maxRetriesPerRequest: null`. */
  connection: ConnectionOptions
  /** Where fan-out jobs put the deliveries they create. */
  queue: Pick<Queue<NotificationJob>, 'addBulk'>
  webhooks: WebhookStore
  concurrency: number
  timeoutMs: number
  logger: Logger
  metrics: NotificationMetrics
}

function isLastAttempt(job: Job): boolean {
  return job.attemptsMade >= (job.opts.attempts ?? 1)
}

/**
 * The notifications worker (processors deployable): fan-out and webhook delivery jobs. It runs
 * beside the readings workers but on its own queue and connection, so a flood of slow webhook
 * receivers occupies its own slots, never the ones storing readings.
 */
export function startNotificationWorker(options: NotificationWorkerOptions) {
  const { logger, metrics } = options
  const fanOut = createWebhookFanOut({ webhooks: options.webhooks, queue: options.queue })
  const deliver = createWebhookDeliverer({ webhooks: options.webhooks, timeoutMs: options.timeoutMs, logger, metrics })

  const worker = new Worker<NotificationJob>(
    options.queueName,
    async (job) => {
      switch (job.name) {
        case FAN_OUT_JOB:
          return fanOut(job.data as FanOutJob)
        case DELIVER_JOB:
          return deliver(job.data as DeliverJob, { attempt: job.attemptsMade + 1, maxAttempts: job.opts.attempts ?? 1 })
        default:
          throw new UnrecoverableError(`unknown notification job "${job.name}"`)
      }
    },
    { connection: options.connection, prefix: options.prefix, concurrency: options.concurrency },
  )
  // Deliveries record their own failures in webhook_deliveries; a fan-out that runs out of attempts
  // (PostgreSQL away for hours) loses the event for webhooks, so it is counted and logged loudly.
  worker.on('failed', (job, error) => {
    if (job?.name === FAN_OUT_JOB && (isLastAttempt(job) || error instanceof UnrecoverableError)) {
      metrics.handlerFailures.inc({ channel: 'webhook' })
      logger.error({ jobId: job.id, err: error.message }, 'webhook fan-out gave up: the event reaches no webhook')
    } else {
      logger.debug({ jobId: job?.id, attempts: job?.attemptsMade, err: error.message }, 'notification job failed')
    }
  })
  worker.on('error', (error) => logger.error({ err: error.message }, 'notification worker error'))

  return {
    worker,
    /** Finishes the attempts under way (each bounded by the timeout), takes no new ones. */
    close: () => worker.close(),
  }
}

export type NotificationWorker = ReturnType<typeof startNotificationWorker>
