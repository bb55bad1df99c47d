import { buildApi } from '../api/app.js'
import { startIngest } from '../ingest/app.js'
import { startProcessors } from '../processors/app.js'
import { detectionDeps } from '../processors/detection-deps.js'
import type { Config } from './config.js'
import type { Logger } from './logger.js'
import { createPipelineMetrics } from './metrics.js'
import { openAlertEvents } from './notifications/alert-events.js'
import { createNotificationsQueue, createWebhookStore } from './notifications/index.js'
import { createReadingsQueue } from './readings-queue.js'
import { openInflux, openPostgres, openRedis, redisOptions } from './services.js'
import { createApiKeyStore } from './stores/api-key-store.js'
import { createDeadLetterStore } from './stores/dead-letter-store.js'
import { createLastSeenStore } from './stores/last-seen-store.js'
import { createRegistryStore } from './stores/registry-store.js'

/**
 * The three deployables in one process (the embedded default behind `npm run demo` and the
 * end-to-end tests), sharing clients and one metrics registry. Closing follows the design's order:
 * stop accepting (broker, API) → drain (enqueue buffer, workers) → close stores.
 */
export async function startEmbeddedStack(config: Config, logger: Logger) {
  const metrics = createPipelineMetrics()
  const pool = await openPostgres(config)
  const influx = await openInflux(config, logger)
  const redis = openRedis(config, 'worker', logger)
  const producerQueue = createReadingsQueue({
    name: config.MTC_QUEUE_NAME,
    prefix: config.MTC_QUEUE_PREFIX,
    connection: redisOptions(config, 'producer'),
  })
  const registry = createRegistryStore(pool)
  const alertEvents = openAlertEvents(config, logger, metrics.registry)
  const notificationsQueue = createNotificationsQueue({
    name: config.MTC_NOTIFY_QUEUE_NAME,
    prefix: config.MTC_QUEUE_PREFIX,
    connection: redisOptions(config, 'producer'),
    attempts: config.MTC_WEBHOOK_ATTEMPTS,
    backoffMs: config.MTC_WEBHOOK_BACKOFF_MS,
  })
  const ingest = await startIngest({
    config,
    logger: logger.child({ deployable: 'ingest' }),
    metrics,
    registry,
    readingsQueue: producerQueue,
    apiKeys: createApiKeyStore(pool),
    alertEvents: alertEvents.subscriber,
    notificationMetrics: alertEvents.metrics,
  })
  const processors = startProcessors({
    config,
    logger: logger.child({ deployable: 'processors' }),
    metrics,
    connection: redisOptions(config, 'worker'),
    registry,
    influx,
    deadLetters: createDeadLetterStore(pool),
    lastSeen: createLastSeenStore(redis, config.MTC_QUEUE_PREFIX),
    detection: detectionDeps(config, pool, redis, (event) => alertEvents.publisher.publish(event)),
    notifications: { events: alertEvents.subscriber, queue: notificationsQueue, webhooks: createWebhookStore(pool), metrics: alertEvents.metrics },
  })
  const api = await buildApi({
    config,
    logger: logger.child({ deployable: 'api' }),
    pool,
    redis,
    influx,
    readingsQueue: producerQueue,
    metrics,
    alertEvents,
  })
  await alertEvents.subscriber.start()
  await api.listen({ host: config.MTC_API_HOST, port: config.MTC_API_PORT })
  const address = api.server.address()
  const apiPort = typeof address === 'object' && address ? address.port : config.MTC_API_PORT

  return {
    config,
    metrics,
    pool,
    influx,
    redis,
    readingsQueue: producerQueue,
    notificationsQueue,
    ingest,
    processors,
    api,
    mqttPort: ingest.port,
    apiPort,
    async close(): Promise<void> {
      await api.close()
      await ingest.close()
      await processors.close()
      await alertEvents.close()
      await notificationsQueue.close()
      await producerQueue.close()
      await redis.quit()
      await pool.end()
    },
  }
}

export type EmbeddedStack = Awaited<ReturnType<typeof startEmbeddedStack>>
