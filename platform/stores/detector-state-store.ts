import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type { ChainableCommander, Redis } from 'ioredis'

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

/** What a device's detection run leaves: its new state and its latest sample for the site. */
export interface DetectionOutcome {
  state: DeviceDetectionState
  sample: SiteSample
}

export interface DetectorStateStoreOptions {
  lockTtlMs: number
  lockWaitMs: number
  /** Device states kept in this process's memory between jobs, least recently used dropped first. */
  cacheSize: number
  /** Counts whether a run found its device's state in memory. */
  onCacheLookup?: (hit: boolean) => void
}

const RELEASE_IF_OWNER = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`

/** MULTI/EXEC reports each command's error in its reply instead of rejecting. */
async function execOrThrow(transaction: ChainableCommander): Promise<unknown[]> {
  const replies = (await transaction.exec()) ?? []
  const failed = replies.find(([error]) => error)
  if (failed) throw failed[0]
  return replies.map(([, result]) => result)
}

const initialState = (): DeviceDetectionState => ({ cursorMs: Number.NEGATIVE_INFINITY, states: {} })

/**
 * Detector state in Redis, so any worker can pick up any device after a restart or a scale-out.
 * Per device, a hash of the state's JSON and a version written with it; a per-device lock
 * serialises the read-run-write cycle across workers.
 *
 * A hive's state is about 20 KB of JSON, and a job usually brings one or two readings per device:
 * parsing the state back each time cost more than the detectors themselves. So each process keeps
 * the states it last wrote, and takes the lock and reads the version in one round trip: the same
 * version means no other worker ran the device since, and the copy in memory is current. The
 * state is still written at every run, so a killed process loses nothing.
 */
export function createDetectorStateStore(redis: Redis, keyPrefix: string, options: DetectorStateStoreOptions) {
  const stateKey = (deviceId: string) => `${keyPrefix}:detector-state:v2:${deviceId}`
  const lockKey = (deviceId: string) => `${keyPrefix}:detector-lock:${deviceId}`
  const siteKey = (siteId: string) => `${keyPrefix}:site-latest:${siteId}`
  const cache = new Map<string, { version: string; state: DeviceDetectionState }>()

  function remember(deviceId: string, version: string, state: DeviceDetectionState): void {
    cache.delete(deviceId)
    cache.set(deviceId, { version, state })
    if (cache.size > options.cacheSize) cache.delete(cache.keys().next().value!)
  }

  /** Takes the device's lock; resolves to the stored state's version (null: none stored). */
  async function lock(deviceId: string, token: string): Promise<string | null> {
    const deadline = Date.now() + options.lockWaitMs
    for (;;) {
      const [locked, version] = await execOrThrow(redis.multi().set(lockKey(deviceId), token, 'PX', options.lockTtlMs, 'NX').hget(stateKey(deviceId), 'version'))
      if (locked === 'OK') return version as string | null
      if (Date.now() > deadline) throw new Error(`detector state of ${deviceId} stayed locked for ${options.lockWaitMs} ms`)
      await sleep(10 + Math.random() * 20)
    }
  }

  async function load(deviceId: string, version: string | null): Promise<DeviceDetectionState> {
    const cached = cache.get(deviceId)
    const hit = cached !== undefined && version !== null && cached.version === version
    options.onCacheLookup?.(hit)
    if (hit) return cached.state
    if (version === null) return initialState()
    const json = await redis.hget(stateKey(deviceId), 'state')
    return json ? (JSON.parse(json) as DeviceDetectionState) : initialState()
  }

  return {
    /**
     * Runs `work` on the device's state, holding its lock. `work` may update the state in place;
     * what it returns is saved (null: nothing to save). If it throws, the copy in memory is dropped,
     * so the retry starts again from the state in Redis. The lock expires on its own (a killed
     * worker cannot hold it forever); waiting longer than `lockWaitMs` throws, and the job is retried.
     */
    async update(deviceId: string, siteId: string, work: (state: DeviceDetectionState) => Promise<DetectionOutcome | null>): Promise<void> {
      const token = randomUUID()
      const stored = await lock(deviceId, token)
      try {
        const outcome = await work(await load(deviceId, stored))
        if (!outcome) return
        const version = randomUUID()
        await execOrThrow(
          redis
            .multi()
            .hset(stateKey(deviceId), 'version', version, 'state', JSON.stringify(outcome.state))
            .hset(siteKey(siteId), deviceId, JSON.stringify(outcome.sample)),
        )
        remember(deviceId, version, outcome.state)
      } catch (error) {
        cache.delete(deviceId)
        throw error
      } finally {
        await redis.eval(RELEASE_IF_OWNER, 1, lockKey(deviceId), token)
      }
    },

    async siteSamples(siteId: string): Promise<Map<string, SiteSample>> {
      const values = await redis.hgetall(siteKey(siteId))
      return new Map(Object.entries(values).map(([deviceId, json]) => [deviceId, JSON.parse(json) as SiteSample]))
    },
  }
}

export type DetectorStateStore = ReturnType<typeof createDetectorStateStore>
