import type { Redis } from 'ioredis'
import type { RunCoordinator } from 'node-cron'

/**
 * node-cron's hook for distributed tasks: of all instances whose scheduler fires for one slot, the
 * first to set the slot's key in Redis runs it. node-cron names the key after the slot's time, so a
 * slow or dead instance never blocks the next one; the key expires on its own.
 */
export function createRedisRunCoordinator(redis: Redis, keyPrefix: string): RunCoordinator {
  return {
    async shouldRun(key: string, ttlMs: number): Promise<boolean> {
      return (await redis.set(`${keyPrefix}:cron:${key}`, '1', 'PX', Math.max(1, Math.round(ttlMs)), 'NX')) === 'OK'
    },
  }
}
