import { loadConfig } from '../platform/config.js'
import { dependencyChecks } from '../platform/health-checks.js'
import { createLogger } from '../platform/logger.js'
import { createPipelineMetrics } from '../platform/metrics.js'
import { startOpsServer } from '../platform/ops-server.js'
import { createReadingsQueue } from '../platform/readings-queue.js'
import { openInflux, openPostgres, openRedis, redisOptions } from '../platform/services.js'
import { closeOnSignals } from '../platform/shutdown.js'
import { openAlertEvents } from '../platform/notifications/alert-events.js'
import { startProcessors } from './app.js'
import { processorsDeps } from './processors-deps.js'

const config = loadConfig()
const logger = createLogger(config.MTC_LOG_LEVEL, 'processors')
const metrics = createPipelineMetrics()
const pool = await openPostgres(config)
const influx = await openInflux(config, logger)
const redis = openRedis(config, 'worker', logger)
const readingsQueue = createReadingsQueue({
  name: config.MTC_QUEUE_NAME,
  prefix: config.MTC_QUEUE_PREFIX,
  connection: redisOptions(config, 'worker'),
})
const alertEvents = openAlertEvents(config, logger, metrics.registry)
const built = processorsDeps({ config, logger, metrics, pool, redis, influx, alertEvents })
const processors = startProcessors(built.deps)
await alertEvents.subscriber.start()
const ops = await startOpsServer({
  host: config.MTC_API_HOST,
  port: config.MTC_OPS_PORT_PROCESSORS,
  registry: metrics.registry,
  checks: dependencyChecks({ pool, redis, influx, queue: { readings: readingsQueue, maxWaitingJobs: config.MTC_QUEUE_MAX_WAITING_JOBS } }),
  logger,
})

closeOnSignals(logger, [
  { name: 'workers', run: () => processors.close() },
  { name: 'alert events', run: () => alertEvents.close() },
  { name: 'notification and yield queues', run: () => built.close() },
  { name: 'ops server', run: () => ops.close() },
  { name: 'queue', run: () => readingsQueue.close() },
  { name: 'redis', run: () => redis.quit() },
  { name: 'postgres', run: () => pool.end() },
])
