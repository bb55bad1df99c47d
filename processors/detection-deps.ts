import type { Redis } from 'ioredis'
import type pg from 'pg'
import type { AlertEvent } from '../platform/alerts/alert-event.js'
import type { Config } from '../platform/config.js'
import { createRedisRunCoordinator } from '../platform/redis-run-coordinator.js'
import { createAlertStore } from '../platform/stores/alert-store.js'
import { createDetectorStateStore } from '../platform/stores/detector-state-store.js'
import type { DetectionDeps } from './app.js'
import { allDetectors } from './detectors/index.js'

/** Detection's stores over the deployable's clients, or null when MTC_DETECTION_ENABLED is false. */
export function detectionDeps(config: Config, pool: pg.Pool, redis: Redis, publish: (event: AlertEvent) => void): DetectionDeps | null {
  if (!config.MTC_DETECTION_ENABLED) return null
  return {
    detectors: allDetectors(),
    states: createDetectorStateStore(redis, config.MTC_QUEUE_PREFIX, {
      lockTtlMs: config.MTC_DETECTOR_LOCK_TTL_MS,
      lockWaitMs: config.MTC_DETECTOR_LOCK_WAIT_MS,
    }),
    alerts: createAlertStore(pool),
    publish,
    runCoordinator: createRedisRunCoordinator(redis, config.MTC_QUEUE_PREFIX),
  }
}
