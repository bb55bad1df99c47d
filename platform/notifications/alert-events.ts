import type { Registry } from 'prom-client'
import type { Config } from '../config.js'
import type { Logger } from '../logger.js'
import { openRedis } from '../services.js'
import { alertEventChannel, createAlertEventPublisher, createAlertEventSubscriber, type AlertEventPublisher, type AlertEventSubscriber } from './alert-event-bus.js'
import { createNotificationMetrics, type NotificationMetrics } from './notification-metrics.js'

export interface AlertEvents {
  publisher: AlertEventPublisher
  subscriber: AlertEventSubscriber
  metrics: NotificationMetrics
  close(): Promise<void>
}

/**
 * A deployable's ends of the alert-event bus, on connections of their own: a subscriber connection
 * can run no other command, and the publisher fails fast (no offline queue) rather than pile up.
 * Start the subscriber after its handlers are attached.
 */
export function openAlertEvents(config: Config, logger: Logger, registry: Registry): AlertEvents {
  const channel = alertEventChannel(config)
  const metrics = createNotificationMetrics(registry)
  const publisherRedis = openRedis(config, 'producer', logger)
  const subscriberRedis = openRedis(config, 'worker', logger)
  const subscriber = createAlertEventSubscriber({ redis: subscriberRedis, channel, logger, metrics })
  return {
    publisher: createAlertEventPublisher({ redis: publisherRedis, channel, logger, metrics }),
    subscriber,
    metrics,
    async close() {
      await subscriber.close()
      await Promise.all([publisherRedis.quit(), subscriberRedis.quit()])
    },
  }
}
