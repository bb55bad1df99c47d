import { loadConfig } from '../platform/config.js'
import { dependencyChecks } from '../platform/health-checks.js'
import { createLogger } from '../platform/logger.js'
import { createPipelineMetrics } from '../platform/metrics.js'
import { startOpsServer } from '../platform/ops-server.js'
import { createReadingsQueue } from '../platform/readings-queue.js'
import { openInflux, openPostgres, openRedis, redisOptions } from '../platform/services.js'
import { closeOnSignals } from '../platform/shutdown.js'
import { createDeadLetterStore } from '../platform/stores/dead-letter-store.js'
import { createLastSeenStore } from '../platform/stores/last-seen-store.js'
import { createRegistryStore } from '../platform/stores/registry-store.js'
import { openAlertEvents } from '../platform/notifications/alert-events.js'
import { createNotificationsQueue, createWebhookStore } from '../platform/notifications/index.js'
import { startProcessors } from './app.js'
import { detectionDeps } from './detection-deps.js'

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
const notificationsQueue = createNotificationsQueue({
  name: config.MTC_NOTIFY_QUEUE_NAME,
  prefix: config.MTC_QUEUE_PREFIX,
  connection: redisOptions(config, 'producer'),
  attempts: config.MTC_WEBHOOK_ATTEMPTS,
  backoffMs: config.MTC_WEBHOOK_BACKOFF_MS,
})
const processors = startProcessors({
  config,
  logger,
  metrics,
  connection: redisOptions(config, 'worker'),
  registry: createRegistryStore(pool),
  influx,
  deadLetters: createDeadLetterStore(pool),
  lastSeen: createLastSeenStore(redis, config.MTC_QUEUE_PREFIX),
  detection: detectionDeps(config, pool, redis, (event) => alertEvents.publisher.publish(event)),
  notifications: { events: alertEvents.subscriber, queue: notificationsQueue, webhooks: createWebhookStore(pool), metrics: alertEvents.metrics },
})
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
  { name: 'notifications queue', run: () => notificationsQueue.close() },
  { name: 'ops server', run: () => ops.close() },
  { name: 'queue', run: () => readingsQueue.close() },
  { name: 'redis', run: () => redis.quit() },
  { name: 'postgres', run: () => pool.end() },
])
