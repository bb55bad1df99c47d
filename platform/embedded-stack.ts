import { buildApi } from '../api/app.js'
import { startIngest } from '../ingest/app.js'
import { startProcessors } from '../processors/app.js'
import { processorsDeps } from '../processors/processors-deps.js'
import type { Config } from './config.js'
import type { Logger } from './logger.js'
import { createPipelineMetrics } from './metrics.js'
import { openAlertEvents } from './notifications/alert-events.js'
import { createReadingsQueue } from './readings-queue.js'
import { openInflux, openPostgres, openRedis, redisOptions } from './services.js'
import { createApiKeyStore } from './stores/api-key-store.js'
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
  const built = processorsDeps({ config, logger: logger.child({ deployable: 'processors' }), metrics, pool, redis, influx, alertEvents })
  const processors = startProcessors(built.deps)
  const api = await buildApi({
    config,
    logger: logger.child({ deployable: 'api' }),
    pool,
    redis,
    influx,
    readingsQueue: producerQueue,
    metrics,
    alertEvents,
    yieldQueue: built.deps.yields.queue,
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
    yieldQueue: built.deps.yields.queue,
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
      await built.close()
      await producerQueue.close()
      await redis.quit()
      await pool.end()
    },
  }
}

export type EmbeddedStack = Awaited<ReturnType<typeof startEmbeddedStack>>
