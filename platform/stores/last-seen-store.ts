import type { Redis } from 'ioredis'

/**
 * When each device was last heard from (server receive time), in one Redis hash: written once per
 * job by the processors, read by the API. Kept out of PostgreSQL so ingest never updates rows at
 * reading rate. The script keeps the maximum, so jobs finishing out of order cannot move it back.
 */
const RECORD_MAX = `
for i = 1, #ARGV, 2 do
  local current = tonumber(redis.call('HGET', KEYS[1], ARGV[i]) or '0')
  if tonumber(ARGV[i + 1]) > current then redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
end
return 0`

export function createLastSeenStore(redis: Redis, keyPrefix: string) {
  const key = `${keyPrefix}:last-seen`
  return {
    async record(lastSeen: ReadonlyMap<string, number>): Promise<void> {
      if (lastSeen.size === 0) return
      const args = [...lastSeen].flatMap(([deviceId, at]) => [deviceId, String(at)])
      await redis.eval(RECORD_MAX, 1, key, ...args)
    },

    /** Every device ever heard from: the offline sweep's input. */
    async all(): Promise<Map<string, Date>> {
      const values = await redis.hgetall(key)
      return new Map(Object.entries(values).map(([id, at]) => [id, new Date(Number(at))]))
    },

    async get(deviceIds: readonly string[]): Promise<Map<string, Date>> {
      if (deviceIds.length === 0) return new Map()
      const values = await redis.hmget(key, ...deviceIds)
      const result = new Map<string, Date>()
      deviceIds.forEach((id, i) => {
        const value = values[i]
        if (value) result.set(id, new Date(Number(value)))
      })
      return result
    },
  }
}

export type LastSeenStore = ReturnType<typeof createLastSeenStore>
