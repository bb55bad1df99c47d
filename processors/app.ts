import { Worker, type ConnectionOptions, type Queue } from 'bullmq'
import cron, { type RunCoordinator, type ScheduledTask } from 'node-cron'
import type { AlertEvent } from '../platform/alerts/alert-event.js'
import {
  createFanOutEnqueuer,
  startNotificationWorker,
  type AlertEventSource,
  type NotificationJob,
  type NotificationMetrics,
  type WebhookStore,
} from '../platform/notifications/index.js'
import type { Config } from '../platform/config.js'
import type { InfluxConnection } from '../platform/influx/influx-connection.js'
import type { Logger } from '../platform/logger.js'
import type { PipelineMetrics } from '../platform/metrics.js'
import type { ReadingsJob } from '../platform/readings-queue.js'
import type { DeadLetterStore } from '../platform/stores/dead-letter-store.js'
import type { LastSeenStore } from '../platform/stores/last-seen-store.js'
import type { AlertStore } from '../platform/stores/alert-store.js'
import { YIELD_JOB_NAME, type YieldJob } from '../platform/yield/estimates.js'
import type { DetectorStateStore } from '../platform/stores/detector-state-store.js'
import type { RegistryStore } from '../platform/stores/registry-store.js'
import { createDetectionRunner } from './detection-runner.js'
import type { Detector } from './detectors/detector.js'
import { createDeviceDirectory } from './device-directory.js'
import { createOfflineSweep } from './offline-sweep.js'
import { createReadingsProcessor } from './readings-processor.js'

export interface ProcessorsDeps {
  config: Config
  logger: Logger
  metrics: PipelineMetrics
  /** Workers block on Redis: this connection needs `maxRetriesPerRequest: null`. */
  connection: ConnectionOptions
  registry: Pick<RegistryStore, 'getDevices' | 'listDevices'>
  influx: Pick<InfluxConnection, 'writePoints'>
  deadLetters: Pick<DeadLetterStore, 'addMany'>
  lastSeen: Pick<LastSeenStore, 'record' | 'all'>
  /** Anomaly detection and the offline sweep; null runs storage only. */
  detection: DetectionDeps | null
  notifications: NotificationDeps
  yields: YieldDeps
  /** The daily stock and points duties: points from production, expiry warnings and debits, stock cover. */
  ledgerDuties: (nowMs: number) => Promise<Record<string, number>>
  /** Elects the one instance that runs each tick of the scheduled jobs. */
  runCoordinator: RunCoordinator
}

/** Webhooks: alert events off the bus become fan-out jobs, then signed deliveries. */
export interface NotificationDeps {
  events: AlertEventSource
  queue: Queue<NotificationJob>
  webhooks: WebhookStore
  metrics: NotificationMetrics
}

export interface DetectionDeps {
  detectorsFor: (siteId: string) => Promise<readonly Detector<unknown>[]>
  states: DetectorStateStore
  alerts: AlertStore
  /** Hands alert changes to the notification channels (fire and forget). */
  publish: (event: AlertEvent) => void
}

/** Yield recomputation: jobs from the schedule and from the API, run one at a time. */
export interface YieldDeps {
  queue: Queue<YieldJob>
  recompute: (job: YieldJob) => Promise<unknown>
}

/** Exponential backoff capped, so a long InfluxDB outage is retried every cap interval, not abandoned. */
export function cappedExponentialBackoff(baseMs: number, maxMs: number) {
  return (attemptsMade: number): number => Math.min(maxMs, baseMs * 2 ** Math.max(0, attemptsMade - 1))
}

/** The offline sweep on its cron schedule; node-cron asks the coordinator which instance runs a tick. */
function scheduleOfflineSweep(deps: ProcessorsDeps, detection: DetectionDeps): ScheduledTask {
  const { config, logger, metrics } = deps
  const sweep = createOfflineSweep({
    registry: deps.registry,
    lastSeen: deps.lastSeen,
    alerts: detection.alerts,
    publish: detection.publish,
    offlineAfterMs: config.MTC_OFFLINE_AFTER_S * 1000,
  })
  return cron.schedule(
    config.MTC_OFFLINE_SWEEP_CRON,
    async () => {
      metrics.offlineSweeps.inc()
      try {
        const result = await sweep()
        if (result.opened + result.resolved > 0) logger.info(result, 'offline sweep')
      } catch (error) {
        logger.warn({ err: (error as Error).message }, 'offline sweep failed; the next tick tries again')
      }
    },
    { name: 'offline-sweep', noOverlap: true, distributed: true, runCoordinator: deps.runCoordinator },
  )
}

/** The yield worker, and the schedule that asks it for a full recomputation (one instance per tick). */
function startYieldRecomputation(deps: ProcessorsDeps) {
  const { config, logger } = deps
  const worker = new Worker<YieldJob>(config.MTC_YIELD_QUEUE_NAME, async (job) => deps.yields.recompute(job.data), {
    connection: deps.connection,
    prefix: config.MTC_QUEUE_PREFIX,
    concurrency: 1,
  })
  worker.on('failed', (job, error) => logger.warn({ jobId: job?.id, err: error.message }, 'yield recomputation failed, will retry'))
  worker.on('error', (error) => logger.error({ err: error.message }, 'yield worker error'))
  const schedule = cron.schedule(
    config.MTC_YIELD_CRON,
    async () => {
      await deps.yields.queue.add(YIELD_JOB_NAME, { reason: 'scheduled' })
    },
    { name: 'yield-recomputation', noOverlap: true, distributed: true, runCoordinator: deps.runCoordinator },
  )
  return {
    async close(): Promise<void> {
      await schedule.destroy()
      await worker.close()
    },
  }
}

/** Starts the readings workers, the scheduled jobs and the webhook worker (the processors deployable). */
export function startProcessors(deps: ProcessorsDeps) {
  const { config, logger, metrics, detection } = deps
  const detect = detection
    ? createDetectionRunner({
        detectorsFor: detection.detectorsFor,
        states: detection.states,
        alerts: detection.alerts,
        publish: detection.publish,
        metrics,
        logger,
        siteReferenceToleranceMs: config.MTC_SITE_REFERENCE_TOLERANCE_S * 1000,
      })
    : undefined
  const offlineSweep = detection ? scheduleOfflineSweep(deps, detection) : null
  const yieldRecomputation = startYieldRecomputation(deps)
  const ledgerSchedule = cron.schedule(
    config.MTC_LEDGER_CRON,
    async () => {
      try {
        logger.info(await deps.ledgerDuties(Date.now()), 'daily stock and points duties done')
      } catch (error) {
        logger.error({ err: (error as Error).message }, 'daily stock and points duties failed; the next tick tries again')
      }
    },
    { name: 'ledger-duties', noOverlap: true, distributed: true, runCoordinator: deps.runCoordinator },
  )
  const notificationWorker = startNotificationWorker({
    queueName: config.MTC_NOTIFY_QUEUE_NAME,
    prefix: config.MTC_QUEUE_PREFIX,
    connection: deps.connection,
    queue: deps.notifications.queue,
    webhooks: deps.notifications.webhooks,
    concurrency: config.MTC_WEBHOOK_CONCURRENCY,
    timeoutMs: config.MTC_WEBHOOK_TIMEOUT_MS,
    logger,
    metrics: deps.notifications.metrics,
  })
  const stopFanOut = deps.notifications.events.subscribe(
    createFanOutEnqueuer({ queue: deps.notifications.queue, logger, metrics: deps.notifications.metrics }),
  )
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
    ...(detect && { detect }),
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
    /** Stops the schedule, finishes the jobs under way, takes no new ones. */
    async close(): Promise<void> {
      await offlineSweep?.destroy()
      stopFanOut()
      await worker.close()
      await notificationWorker.close()
      await yieldRecomputation.close()
      await ledgerSchedule.destroy()
    },
  }
}

export type Processors = ReturnType<typeof startProcessors>
