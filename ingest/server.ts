import { loadConfig } from '../platform/config.js'
import { createLogger } from '../platform/logger.js'
import { createPipelineMetrics } from '../platform/metrics.js'
import { dependencyChecks } from '../platform/health-checks.js'
import { startOpsServer } from '../platform/ops-server.js'
import { createReadingsQueue } from '../platform/readings-queue.js'
import { openPostgres, redisOptions } from '../platform/services.js'
import { closeOnSignals } from '../platform/shutdown.js'
import { openAlertEvents } from '../platform/notifications/alert-events.js'
import { createApiKeyStore } from '../platform/stores/api-key-store.js'
import { createRegistryStore } from '../platform/stores/registry-store.js'
import { startIngest } from './app.js'

const config = loadConfig()
const logger = createLogger(config.MTC_LOG_LEVEL, 'ingest')
const metrics = createPipelineMetrics()
const pool = await openPostgres(config)
const readingsQueue = createReadingsQueue({
  name: config.MTC_QUEUE_NAME,
  prefix: config.MTC_QUEUE_PREFIX,
  connection: redisOptions(config, 'producer'),
})
const alertEvents = openAlertEvents(config, logger, metrics.registry)
const ingest = await startIngest({
  config,
  logger,
  metrics,
  registry: createRegistryStore(pool),
  readingsQueue,
  apiKeys: createApiKeyStore(pool),
  alertEvents: alertEvents.subscriber,
  notificationMetrics: alertEvents.metrics,
})
await alertEvents.subscriber.start()
const ops = await startOpsServer({
  host: config.MTC_API_HOST,
  port: config.MTC_OPS_PORT_INGEST,
  registry: metrics.registry,
  checks: dependencyChecks({ pool, queue: { readings: readingsQueue, maxWaitingJobs: config.MTC_QUEUE_MAX_WAITING_JOBS } }),
  logger,
})

closeOnSignals(logger, [
  { name: 'broker', run: () => ingest.close() },
  { name: 'alert events', run: () => alertEvents.close() },
  { name: 'ops server', run: () => ops.close() },
  { name: 'queue', run: () => readingsQueue.close() },
  { name: 'postgres', run: () => pool.end() },
])
