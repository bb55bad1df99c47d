import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Redis } from 'ioredis'

/** What the runner keeps per device: each detector's state and how far in time it has read. */
export interface DeviceDetectionState {
  /** Time of the newest reading the detectors have seen; older ones arrive too late for them. */
  cursorMs: number
  states: Record<string, unknown>
}

/** The latest values a device reported, shared with its site's other devices for drift checks. */
export interface SiteSample {
  timeMs: number
  fields: Record<string, number>
}

const RELEASE_IF_OWNER = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`

/**
 * Detector state in Redis, so any worker can pick up any device after a restart or a scale-out.
 * One JSON value per device; a per-device lock serialises the read-run-write cycle across workers.
 */
export function createDetectorStateStore(redis: Redis, keyPrefix: string, options: { lockTtlMs: number; lockWaitMs: number }) {
  const stateKey = (deviceId: string) => `${keyPrefix}:detector-state:${deviceId}`
  const lockKey = (deviceId: string) => `${keyPrefix}:detector-lock:${deviceId}`
  const siteKey = (siteId: string) => `${keyPrefix}:site-latest:${siteId}`

  return {
    async load(deviceId: string): Promise<DeviceDetectionState> {
      const raw = await redis.get(stateKey(deviceId))
      return raw ? (JSON.parse(raw) as DeviceDetectionState) : { cursorMs: Number.NEGATIVE_INFINITY, states: {} }
    },

    async save(deviceId: string, state: DeviceDetectionState): Promise<void> {
      await redis.set(stateKey(deviceId), JSON.stringify(state))
    },

    /**
     * Runs `work` holding the device's lock. The lock expires on its own (a killed worker cannot
     * hold it forever); waiting longer than `lockWaitMs` throws, and the job is retried.
     */
    async withDeviceLock<T>(deviceId: string, work: () => Promise<T>): Promise<T> {
      const token = randomUUID()
      const deadline = Date.now() + options.lockWaitMs
      while ((await redis.set(lockKey(deviceId), token, 'PX', options.lockTtlMs, 'NX')) !== 'OK') {
        if (Date.now() > deadline) throw new Error(`detector state of ${deviceId} stayed locked for ${options.lockWaitMs} ms`)
        await sleep(10 + Math.random() * 20)
      }
      try {
        return await work()
      } finally {
        await redis.eval(RELEASE_IF_OWNER, 1, lockKey(deviceId), token)
      }
    },

    async siteSamples(siteId: string): Promise<Map<string, SiteSample>> {
      const values = await redis.hgetall(siteKey(siteId))
      return new Map(Object.entries(values).map(([deviceId, json]) => [deviceId, JSON.parse(json) as SiteSample]))
    },

    async recordSiteSample(siteId: string, deviceId: string, sample: SiteSample): Promise<void> {
      await redis.hset(siteKey(siteId), deviceId, JSON.stringify(sample))
    },
  }
}

export type DetectorStateStore = ReturnType<typeof createDetectorStateStore>
