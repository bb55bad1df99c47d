import type { Redis } from 'ioredis'
import type pg from 'pg'
import type { Config } from '../platform/config.js'
import type { InfluxConnection } from '../platform/influx/influx-connection.js'
import type { Logger } from '../platform/logger.js'
import type { PipelineMetrics } from '../platform/metrics.js'
import type { AlertEvents } from '../platform/notifications/alert-events.js'
import { createNotificationsQueue, createPointsNotices, createWebhookStore } from '../platform/notifications/index.js'
import { createRedisRunCoordinator } from '../platform/redis-run-coordinator.js'
import { redisOptions } from '../platform/services.js'
import { createAlertStore } from '../platform/stores/alert-store.js'
import { createDeadLetterStore } from '../platform/stores/dead-letter-store.js'
import { createDetectorStateStore } from '../platform/stores/detector-state-store.js'
import { createGroveProfileStore } from '../platform/stores/grove-profile-store.js'
import { createInterventionStore } from '../platform/stores/intervention-store.js'
import { createLastSeenStore } from '../platform/stores/last-seen-store.js'
import { createRegistryStore } from '../platform/stores/registry-store.js'
import { createYieldStore } from '../platform/stores/yield-store.js'
import { createYieldQueue } from '../platform/yield/estimates.js'
import type { ProcessorsDeps } from './app.js'
import { createSiteDetectors } from './detectors/index.js'
import { honeyModel, oliveModel } from './yield/models.js'
import { createYieldRecomputation } from './yield-recomputation.js'
import { createLedgerDuties } from './ledger-duties.js'

export interface ProcessorsClients {
  config: Config
  logger: Logger
  metrics: PipelineMetrics
  pool: pg.Pool
  /** Worker role: blocking commands, retried while Redis is away. */
  redis: Redis
  influx: InfluxConnection
  alertEvents: AlertEvents
}

/**
 * Everything the processors deployable runs on, built over the clients its start file opened
 * (processors/server.ts, or the embedded stack). Closes only the queues it opened itself.
 */
export function processorsDeps(clients: ProcessorsClients): { deps: ProcessorsDeps; close(): Promise<void> } {
  const { config, logger, metrics, pool, redis, influx, alertEvents } = clients
  const registry = createRegistryStore(pool)
  const alerts = createAlertStore(pool)
  const lastSeen = createLastSeenStore(redis, config.MTC_QUEUE_PREFIX)
  const notificationsQueue = createNotificationsQueue({
    name: config.MTC_NOTIFY_QUEUE_NAME,
    prefix: config.MTC_QUEUE_PREFIX,
    connection: redisOptions(config, 'producer'),
    attempts: config.MTC_WEBHOOK_ATTEMPTS,
    backoffMs: config.MTC_WEBHOOK_BACKOFF_MS,
  })
  const yieldQueue = createYieldQueue({ name: config.MTC_YIELD_QUEUE_NAME, prefix: config.MTC_QUEUE_PREFIX, connection: redisOptions(config, 'producer') })
  const publish = alertEvents.publisher.publish.bind(alertEvents.publisher)

  const deps: ProcessorsDeps = {
    config,
    logger,
    metrics,
    connection: redisOptions(config, 'worker'),
    registry,
    influx,
    deadLetters: createDeadLetterStore(pool),
    lastSeen,
    detection: config.MTC_DETECTION_ENABLED
      ? {
          detectorsFor: createSiteDetectors({ registry, ttlMs: config.MTC_DEVICE_CACHE_TTL_MS }),
          states: createDetectorStateStore(redis, config.MTC_QUEUE_PREFIX, {
            lockTtlMs: config.MTC_DETECTOR_LOCK_TTL_MS,
            lockWaitMs: config.MTC_DETECTOR_LOCK_WAIT_MS,
            cacheSize: config.MTC_DETECTOR_STATE_CACHE_DEVICES,
            onCacheLookup: (hit) => metrics.detectorStateLookups.inc({ result: hit ? 'hit' : 'miss' }),
          }),
          alerts,
          publish,
        }
      : null,
    notifications: { events: alertEvents.subscriber, queue: notificationsQueue, webhooks: createWebhookStore(pool), metrics: alertEvents.metrics },
    yields: {
      queue: yieldQueue,
      recompute: createYieldRecomputation({
        registry,
        influx,
        interventions: createInterventionStore(pool),
        alerts,
        groveProfiles: createGroveProfileStore(pool),
        yields: createYieldStore(pool),
        honey: honeyModel(),
        olive: oliveModel(),
        logger,
      }),
    },
    ledgerDuties: createLedgerDuties({ pool, config, logger, alerts, publish, pointsNotices: createPointsNotices({ pool, queue: notificationsQueue }) }),
    runCoordinator: createRedisRunCoordinator(redis, config.MTC_QUEUE_PREFIX),
  }
  return {
    deps,
    async close() {
      await notificationsQueue.close()
      await yieldQueue.close()
    },
  }
}
