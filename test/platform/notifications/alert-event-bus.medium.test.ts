import { Redis } from 'ioredis'
import { Registry } from 'prom-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AlertEvent } from '../../../platform/alerts/alert-event.js'
import { createLogger } from '../../../platform/logger.js'
import {
  alertEventChannel,
  createAlertEventPublisher,
  createAlertEventSubscriber,
  type AlertEventSubscriber,
} from '../../../platform/notifications/alert-event-bus.js'
import { createNotificationMetrics, type NotificationMetrics } from '../../../platform/notifications/notification-metrics.js'
import { redisOptions } from '../../../platform/services.js'
import { testConfig, uniqueId } from '../../support/test-config.js'
import { alertEvent } from './alert-event-fixture.js'
import { waitFor } from './webhook-receiver.js'

const config = testConfig({ MTC_ALERT_EVENTS_CHANNEL: uniqueId('alert-events') })
const channel = alertEventChannel(config)
const logger = createLogger('silent', 'test')

describe('alert-event bus (Redis pub/sub)', () => {
  let publisherRedis: Redis
  let subscriberRedis: Redis
  let metrics: NotificationMetrics
  let subscriber: AlertEventSubscriber

  beforeAll(async () => {
    publisherRedis = new Redis(redisOptions(config, 'producer'))
    // The producer role has no offline queue: a command sent before the connection is up fails.
    if (publisherRedis.status !== 'ready') await new Promise((resolve) => publisherRedis.once('ready', resolve))
    subscriberRedis = new Redis(redisOptions(config, 'worker'))
    metrics = createNotificationMetrics(new Registry())
    subscriber = createAlertEventSubscriber({ redis: subscriberRedis, channel, logger, metrics })
    await subscriber.start()
  })
  afterAll(async () => {
    await subscriber.close()
    subscriberRedis.disconnect()
    await publisherRedis.quit()
  })

  it('names its channel under the queue prefix', () => {
    expect(channel).toBe(`mtc-test:${config.MTC_ALERT_EVENTS_CHANNEL}`)
  })

  it('hands each event to every local handler through one Redis subscription', async () => {
    const publisher = createAlertEventPublisher({ redis: publisherRedis, channel, logger, metrics })
    const first: AlertEvent[] = []
    const second: AlertEvent[] = []
    const stopFirst = subscriber.subscribe((e) => void first.push(e))
    const stopSecond = subscriber.subscribe((e) => void second.push(e))
    const [, subscriptions] = (await publisherRedis.pubsub('NUMSUB', channel)) as [string, number]
    expect(subscriptions).toBe(1)

    const event = alertEvent()
    publisher.publish(event)
    await waitFor(() => first.length === 1 && second.length === 1)
    expect(first[0]).toEqual(event)

    stopSecond()
    publisher.publish(alertEvent())
    await waitFor(() => first.length === 2)
    expect(second).toHaveLength(1)
    stopFirst()
  })

  it('skips and counts bad messages; a failing handler does not starve the others', async () => {
    const received: AlertEvent[] = []
    const stopFailing = subscriber.subscribe(() => {
      throw new Error('handler bug')
    })
    const stopRejecting = subscriber.subscribe(() => Promise.reject(new Error('async handler bug')))
    const stop = subscriber.subscribe((e) => void received.push(e))
    const good = alertEvent()
    await publisherRedis.publish(channel, '{not json')
    await publisherRedis.publish(channel, JSON.stringify({ ...good, type: 'exploded' }))
    await publisherRedis.publish(channel, JSON.stringify(good))
    await waitFor(() => received.length === 1)
    expect(received[0]).toEqual(good)
    expect((await metrics.busBadMessages.get()).values[0]?.value).toBe(2)
    stop()
    stopFailing()
    stopRejecting()
  })

  it('does not throw or wait when Redis is away: the failure is counted', async () => {
    const down = new Redis({ port: 1, enableOfflineQueue: false, lazyConnect: true, retryStrategy: () => null })
    down.on('error', () => undefined)
    const ownMetrics = createNotificationMetrics(new Registry())
    const publisher = createAlertEventPublisher({ redis: down, channel, logger, metrics: ownMetrics })
    expect(() => publisher.publish(alertEvent())).not.toThrow()
    await waitFor(async () => (await ownMetrics.busPublishFailures.get()).values[0]?.value === 1)
    down.disconnect()
  })
})
