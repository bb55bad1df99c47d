import { Worker, type ConnectionOptions } from 'bullmq'
import type { Config } from '../platform/config.js'
import type { InfluxConnection } from '../platform/influx/influx-connection.js'
import type { Logger } from '../platform/logger.js'
import type { PipelineMetrics } from '../platform/metrics.js'
import type { ReadingsJob } from '../platform/readings-queue.js'
import type { DeadLetterStore } from '../platform/stores/dead-letter-store.js'
import type { LastSeenStore } from '../platform/stores/last-seen-store.js'
import type { RegistryStore } from '../platform/stores/registry-store.js'
import { createDeviceDirectory } from './device-directory.js'
import { createReadingsProcessor } from './readings-processor.js'

export interface ProcessorsDeps {
  config: Config
  logger: Logger
  metrics: PipelineMetrics
  /** Workers block on Redis: this connection needs `maxRetriesPerRequest: null`. */
  connection: ConnectionOptions
  registry: Pick<RegistryStore, 'getDevices'>
  influx: Pick<InfluxConnection, 'writePoints'>
  deadLetters: Pick<DeadLetterStore, 'addMany'>
  lastSeen: Pick<LastSeenStore, 'record'>
}

/** Exponential backoff capped, so a long InfluxDB outage is retried every cap interval, not abandoned. */
export function cappedExponentialBackoff(baseMs: number, maxMs: number) {
  return (attemptsMade: number): number => Math.min(maxMs, baseMs * 2 ** Math.max(0, attemptsMade - 1))
}

/** Starts the readings workers (the processors deployable). */
export function startProcessors(deps: ProcessorsDeps) {
  const { config, logger, metrics } = deps
  const process = createReadingsProcessor({
    devices: createDeviceDirectory({ registry: deps.registry, ttlMs: config.MTC_DEVICE_CACHE_TTL_MS }),
    influx: deps.influx,
    deadLetters: deps.deadLetters,
    lastSeen: deps.lastSeen,
    metrics,
    logger,
    timePolicy: {
      earliestDeviceTimeMs: Date.parse(config.MTC_EARLIEST_DEVICE_TIME),
      maxFutureSkewMs: config.MTC_MAX_FUTURE_SKEW_S * 1000,
    },
  })
  const backoff = cappedExponentialBackoff(config.MTC_WORKER_BACKOFF_MS, config.MTC_WORKER_MAX_BACKOFF_MS)
  const worker = new Worker<ReadingsJob>(config.MTC_QUEUE_NAME, (job) => process(job.data), {
    connection: deps.connection,
    prefix: config.MTC_QUEUE_PREFIX,
    concurrency: config.MTC_WORKER_CONCURRENCY,
    settings: { backoffStrategy: (attemptsMade: number) => backoff(attemptsMade) },
  })
  worker.on('failed', (job, error) => {
    metrics.jobFailures.inc()
    logger.warn({ jobId: job?.id, attempts: job?.attemptsMade, err: error.message }, 'readings job failed, will retry')
  })
  worker.on('error', (error) => logger.error({ err: error.message }, 'worker error'))

  return {
    worker,
    /** Finishes the jobs under way, takes no new ones. */
    async close(): Promise<void> {
      await worker.close()
    },
  }
}

export type Processors = ReturnType<typeof startProcessors>
