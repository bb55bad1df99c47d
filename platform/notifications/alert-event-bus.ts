import type { Redis } from 'ioredis'
import type { AlertEvent } from '../alerts/alert-event.js'
import type { Config } from '../config.js'
import type { Logger } from '../logger.js'
import { decodeAlertEvent, encodeAlertEvent } from './alert-event-codec.js'
import type { NotificationMetrics } from './notification-metrics.js'

/**
 * The alert-event bus: Redis pub/sub. Pub/sub is at-most-once — an event published while a
 * subscriber is disconnected is lost for it — which is the right trade here: notifying is best
 * effort and must never hold up the detectors that publish. Durability starts past the bus: the
 * webhook fan-out turns each event into BullMQ jobs, retried until delivered or failed for good.
 */
export function alertEventChannel(config: Pick<Config, 'MTC_QUEUE_PREFIX' | 'MTC_ALERT_EVENTS_CHANNEL'>): string {
  return `${config.MTC_QUEUE_PREFIX}:${config.MTC_ALERT_EVENTS_CHANNEL}`
}

export interface AlertEventPublisher {
  /** Fire and forget: never throws, never waits; a failure is logged and counted. */
  publish(event: AlertEvent): void
}

export interface AlertEventPublisherOptions {
  /** Best with the producer role (no offline queue): while Redis is away a publish fails at once instead of piling up. */
  redis: Redis
  channel: string
  logger: Logger
  metrics: Pick<NotificationMetrics, 'busPublishFailures'>
}

export function createAlertEventPublisher(options: AlertEventPublisherOptions): AlertEventPublisher {
  const { redis, channel, logger, metrics } = options
  return {
    publish(event) {
      redis.publish(channel, encodeAlertEvent(event)).catch((error: Error) => {
        metrics.busPublishFailures.inc()
        logger.warn({ err: error.message, alertId: event.alert.id, type: event.type }, 'alert event not published')
      })
    },
  }
}

export type AlertEventHandler = (event: AlertEvent) => void | Promise<void>

/** What channels consume: any number of handlers behind one Redis subscription. */
export interface AlertEventSource {
  /** Returns the function that removes this handler. */
  subscribe(handler: AlertEventHandler): () => void
}

export interface AlertEventSubscriber extends AlertEventSource {
  /** Resolves once Redis confirmed the subscription: events published before that are not seen. */
  start(): Promise<void>
  /** Unsubscribes; the connection itself belongs to the caller. */
  close(): Promise<void>
}

export interface AlertEventSubscriberOptions {
  /** Dedicated: a connection in subscriber mode can run no other command. ioredis resubscribes after a reconnect. */
  redis: Redis
  channel: string
  logger: Logger
  metrics: Pick<NotificationMetrics, 'busBadMessages'>
}

/**
 * One subscription per process, handed to every local handler. A handler's failure is its own:
 * it is logged and the others still get the event.
 */
export function createAlertEventSubscriber(options: AlertEventSubscriberOptions): AlertEventSubscriber {
  const { redis, channel, logger, metrics } = options
  const handlers = new Set<AlertEventHandler>()

  const onHandlerError = (error: unknown) => logger.error({ err: (error as Error).message ?? error }, 'alert event handler failed')

  const onMessage = (from: string, message: string) => {
    if (from !== channel) return
    const decoded = decodeAlertEvent(message)
    if (!decoded.ok) {
      metrics.busBadMessages.inc()
      logger.warn({ channel, reason: decoded.reason, message: message.slice(0, 200) }, 'bad alert event skipped')
      return
    }
    for (const handler of handlers) {
      try {
        Promise.resolve(handler(decoded.event)).catch(onHandlerError)
      } catch (error) {
        onHandlerError(error)
      }
    }
  }

  return {
    subscribe(handler) {
      handlers.add(handler)
      return () => handlers.delete(handler)
    },
    async start() {
      redis.on('message', onMessage)
      await redis.subscribe(channel)
    },
    async close() {
      redis.off('message', onMessage)
      handlers.clear()
      await redis.unsubscribe(channel).catch((error: Error) => logger.debug({ err: error.message }, 'unsubscribe failed'))
    },
  }
}
