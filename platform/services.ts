import { setLogger as setInfluxLogger } from '@influxdata/influxdb-client'
import { Redis, type RedisOptions } from 'ioredis'
import type pg from 'pg'
import type { Config } from './config.js'
import type { Logger } from './logger.js'
import { createInfluxConnection, type InfluxConnection } from './influx/influx-connection.js'
import { migrate } from './postgres/migrate.js'
import { createPool, ensureDatabase } from './postgres/pool.js'

/** Opens PostgreSQL for a deployable: creates the database on a fresh machine and migrates it. */
export async function openPostgres(config: Config): Promise<pg.Pool> {
  await ensureDatabase(config.MTC_POSTGRES_URL)
  const pool = createPool({ url: config.MTC_POSTGRES_URL, poolSize: config.MTC_POSTGRES_POOL_SIZE })
  await migrate(pool)
  return pool
}

export async function openInflux(config: Config, logger: Logger): Promise<InfluxConnection> {
  // The client library logs through one process-wide logger; route it into ours. Failed writes are
  // also reported (and retried) by the workers, so the library's own lines are debug detail.
  setInfluxLogger({
    error: (message, error) => logger.debug({ err: (error as Error | undefined)?.message }, `influxdb-client: ${message}`),
    warn: (message, error) => logger.debug({ err: (error as Error | undefined)?.message }, `influxdb-client: ${message}`),
  })
  const influx = createInfluxConnection({
    url: config.MTC_INFLUX_URL,
    api: config.MTC_INFLUX_API,
    database: config.MTC_INFLUX_DATABASE,
    retentionPolicy: config.MTC_INFLUX_RETENTION_POLICY,
    org: config.MTC_INFLUX_ORG,
    token: config.MTC_INFLUX_TOKEN,
    timeoutMs: config.MTC_INFLUX_TIMEOUT_MS,
  })
  await influx.ensureDatabase()
  return influx
}

/**
 * Redis connections differ by role. `producer`: the broker's enqueue must fail at once when Redis
 * is away (a failed enqueue withholds the PUBACK), so commands are not queued offline.
 * `worker`: BullMQ workers block on Redis and require unlimited retries per request.
 */
export function redisOptions(config: Config, role: 'producer' | 'worker'): RedisOptions {
  const url = new URL(config.MTC_REDIS_URL)
  const base: RedisOptions = {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username || undefined,
    password: url.password || undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
  }
  return role === 'producer'
    ? { ...base, enableOfflineQueue: false, maxRetriesPerRequest: 1 }
    : { ...base, maxRetriesPerRequest: null }
}

/** ioredis reconnects by itself; its errors are logged rather than left as unhandled events. */
export function openRedis(config: Config, role: 'producer' | 'worker', logger: Logger): Redis {
  const redis = new Redis(redisOptions(config, role))
  redis.on('error', (error: Error) => logger.warn({ err: error.message }, 'redis connection error'))
  return redis
}
