import { loadConfig } from '../platform/config.js'
import { createLogger } from '../platform/logger.js'
import { createPipelineMetrics } from '../platform/metrics.js'
import { createReadingsQueue } from '../platform/readings-queue.js'
import { openInflux, openPostgres, openRedis, redisOptions } from '../platform/services.js'
import { closeOnSignals } from '../platform/shutdown.js'
import { openAlertEvents } from '../platform/notifications/alert-events.js'
import { createYieldQueue } from '../platform/yield/estimates.js'
import { buildApi } from './app.js'

/** The api deployable: open the stores, build the app, listen; close in reverse order on a signal. */
const config = loadConfig()
const logger = createLogger(config.MTC_LOG_LEVEL, 'api')
const metrics = createPipelineMetrics()
const pool = await openPostgres(config)
const influx = await openInflux(config, logger)
// Producer role: a command fails at once while Redis is away, so a request answers 503 instead of waiting.
const redis = openRedis(config, 'producer', logger)
const readingsQueue = createReadingsQueue({
  name: config.MTC_QUEUE_NAME,
  prefix: config.MTC_QUEUE_PREFIX,
  connection: redisOptions(config, 'producer'),
})

const alertEvents = openAlertEvents(config, logger, metrics.registry)
const yieldQueue = createYieldQueue({ name: config.MTC_YIELD_QUEUE_NAME, prefix: config.MTC_QUEUE_PREFIX, connection: redisOptions(config, 'producer') })
const app = await buildApi({ config, logger, pool, redis, influx, readingsQueue, metrics, alertEvents, yieldQueue })
await alertEvents.subscriber.start()
await app.listen({ host: config.MTC_API_HOST, port: config.MTC_API_PORT })

closeOnSignals(logger, [
  // Stops accepting and drains in-flight requests before the stores they use are closed.
  { name: 'http', run: () => app.close() },
  { name: 'alert events', run: () => alertEvents.close() },
  { name: 'queue', run: () => readingsQueue.close() },
  { name: 'yield queue', run: () => yieldQueue.close() },
  { name: 'redis', run: () => redis.quit() },
  { name: 'postgres', run: () => pool.end() },
])
