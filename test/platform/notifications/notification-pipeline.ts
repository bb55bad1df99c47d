import { Redis } from 'ioredis'
import type pg from 'pg'
import { Registry } from 'prom-client'
import type { Config } from '../../../platform/config.js'
import { createLogger } from '../../../platform/logger.js'
import {
  alertEventChannel,
  createAlertEventPublisher,
  createAlertEventSubscriber,
} from '../../../platform/notifications/alert-event-bus.js'
import { createNotificationMetrics } from '../../../platform/notifications/notification-metrics.js'
import { startNotificationWorker } from '../../../platform/notifications/notification-worker.js'
import { createFanOutEnqueuer, createNotificationsQueue } from '../../../platform/notifications/notifications-queue.js'
import { createWebhookStore } from '../../../platform/notifications/webhook-store.js'
import { redisOptions } from '../../../platform/services.js'

/**
 * The webhook side of notifications as the processors deployable runs it: bus subscriber →
 * fan-out enqueue → notifications worker, against the real Redis and PostgreSQL.
 */
export async function startNotificationPipeline(config: Config, pool: pg.Pool) {
  const logger = createLogger(config.MTC_LOG_LEVEL, 'notifications-test')
  const metrics = createNotificationMetrics(new Registry())
  const webhooks = createWebhookStore(pool)
  const channel = alertEventChannel(config)
  const publisherRedis = new Redis(redisOptions(config, 'producer'))
  // The producer role has no offline queue: a command sent before the connection is up fails.
  if (publisherRedis.status !== 'ready') await new Promise((resolve) => publisherRedis.once('ready', resolve))
  const subscriberRedis = new Redis(redisOptions(config, 'worker'))
  const queue = createNotificationsQueue({
    name: config.MTC_NOTIFY_QUEUE_NAME,
    prefix: config.MTC_QUEUE_PREFIX,
    connection: redisOptions(config, 'producer'),
    attempts: config.MTC_WEBHOOK_ATTEMPTS,
    backoffMs: config.MTC_WEBHOOK_BACKOFF_MS,
  })
  const worker = startNotificationWorker({
    queueName: config.MTC_NOTIFY_QUEUE_NAME,
    prefix: config.MTC_QUEUE_PREFIX,
    connection: redisOptions(config, 'worker'),
    queue,
    webhooks,
    concurrency: config.MTC_WEBHOOK_CONCURRENCY,
    timeoutMs: config.MTC_WEBHOOK_TIMEOUT_MS,
    logger,
    metrics,
  })
  const publisher = createAlertEventPublisher({ redis: publisherRedis, channel, logger, metrics })
  const subscriber = createAlertEventSubscriber({ redis: subscriberRedis, channel, logger, metrics })
  subscriber.subscribe(createFanOutEnqueuer({ queue, logger, metrics }))
  await subscriber.start()

  return {
    metrics,
    webhooks,
    publisher,
    subscriber,
    queue,
    async close(): Promise<void> {
      await subscriber.close()
      await worker.close()
      await queue.obliterate({ force: true })
      await queue.close()
      subscriberRedis.disconnect()
      await publisherRedis.quit()
    },
  }
}
