import { Redis } from 'ioredis'
import { loadConfig, type Config } from '../platform/config.js'
import { createInfluxConnection } from '../platform/influx/influx-connection.js'
import { createLogger } from '../platform/logger.js'
import { createPipelineMetrics } from '../platform/metrics.js'
import { migrate } from '../platform/postgres/migrate.js'
import { createPool, ensureDatabase } from '../platform/postgres/pool.js'
import { createReadingsQueue } from '../platform/readings-queue.js'
import { buildApi } from './app.js'

/** Past this, a shutdown that is stuck on a store gives up so the orchestrator can restart us. */
const SHUTDOWN_TIMEOUT_MS = 10_000

function influxOptions(config: Config) {
  return {
    url: config.MTC_INFLUX_URL,
    api: config.MTC_INFLUX_API,
    database: config.MTC_INFLUX_DATABASE,
    retentionPolicy: config.MTC_INFLUX_RETENTION_POLICY,
    org: config.MTC_INFLUX_ORG,
    token: config.MTC_INFLUX_TOKEN,
    timeoutMs: config.MTC_INFLUX_TIMEOUT_MS,
  }
}

/** The api deployable: open the stores, build the app, listen; close in reverse order on a signal. */
async function main(): Promise<void> {
  const config = loadConfig()
  const logger = createLogger(config.MTC_LOG_LEVEL, 'api')

  await ensureDatabase(config.MTC_POSTGRES_URL)
  const pool = createPool({ url: config.MTC_POSTGRES_URL, poolSize: config.MTC_POSTGRES_POOL_SIZE })
  await migrate(pool)
  // Fail a request quickly when Redis is away (the route answers 503) rather than queue it for long.
  const redis = new Redis(config.MTC_REDIS_URL, { maxRetriesPerRequest: 1 })
  const influx = createInfluxConnection(influxOptions(config))
  await influx.ensureDatabase()
  // The shared client is handed over, so closing the queue leaves it open for the other users.
  const readingsQueue = createReadingsQueue({ name: config.MTC_QUEUE_NAME, prefix: config.MTC_QUEUE_PREFIX, connection: redis })
  const metrics = createPipelineMetrics()

  const app = await buildApi({ config, logger, pool, redis, influx, readingsQueue, metrics })
  await app.listen({ host: config.MTC_API_HOST, port: config.MTC_API_PORT })

  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down')
    setTimeout(() => {
      logger.error('shutdown timed out')
      process.exit(1)
    }, SHUTDOWN_TIMEOUT_MS).unref()
    // Stop accepting and drain in-flight requests first, then close what they were using.
    await app.close()
    await readingsQueue.close()
    await redis.quit()
    await pool.end()
    logger.info('stopped')
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      shutdown(signal).catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed')
        process.exitCode = 1
      })
    })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
