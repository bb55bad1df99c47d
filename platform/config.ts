import { validate as validateCron } from 'node-cron'
import { z } from 'zod'

/**
 * The one place that reads the environment. Every bound, port and address is here, validated once
 * at start; a wrong value fails with the variable's name. Defaults work on a developer machine
 * (services on 127.0.0.1, InfluxDB started by scripts/influxdb.sh on its own port).
 */
const port = z.coerce.number().int().min(0).max(65535)
const positiveInt = z.coerce.number().int().positive()

const envSchema = z.object({
  MTC_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  MTC_POSTGRES_URL: z.url().default('postgres://postgres@127.0.0.1:5432/mtc'),
  MTC_POSTGRES_POOL_SIZE: positiveInt.default(10),
  MTC_REDIS_URL: z.url().default('redis://127.0.0.1:6379'),

  MTC_INFLUX_URL: z.url().default('http://127.0.0.1:8186'),
  /** v1: InfluxDB 1.x `/write` (Debian ships 1.6.7); v2: `/api/v2/write` (1.8+, 2.x, 3.x). */
  MTC_INFLUX_API: z.enum(['v1', 'v2']).default('v1'),
  MTC_INFLUX_DATABASE: z.string().min(1).default('mtc'),
  MTC_INFLUX_RETENTION_POLICY: z.string().min(1).default('autogen'),
  MTC_INFLUX_ORG: z.string().default(''),
  MTC_INFLUX_TOKEN: z.string().default(''),
  MTC_INFLUX_TIMEOUT_MS: positiveInt.default(10_000),

  MTC_MQTT_HOST: z.string().min(1).default('0.0.0.0'),
  /** Not 1883: that port often belongs to another broker on the same host. */
  MTC_MQTT_PORT: port.default(18830),
  MTC_MQTT_MAX_PAYLOAD_BYTES: positiveInt.default(256 * 1024),

  MTC_QUEUE_NAME: z.string().regex(/^[a-z0-9-]+$/).default('readings'),
  MTC_QUEUE_PREFIX: z.string().regex(/^[a-z0-9-]+$/).default('mtc'),
  /** Waiting jobs above which the broker stops acking (devices keep and resend). */
  MTC_QUEUE_MAX_WAITING_JOBS: positiveInt.default(20_000),
  MTC_ENQUEUE_MAX_WAIT_MS: z.coerce.number().min(0).max(1000).default(2),
  MTC_ENQUEUE_MAX_BATCH: positiveInt.default(1000),
  /** Messages held by the broker waiting for Redis; past it, PUBLISHes are refused. */
  MTC_ENQUEUE_MAX_PENDING: positiveInt.default(50_000),
  MTC_ENQUEUE_TIMEOUT_MS: positiveInt.default(5_000),

  MTC_WORKER_CONCURRENCY: positiveInt.default(4),
  /** With the backoff capped at MTC_WORKER_MAX_BACKOFF_MS, 1440 attempts ride out a day-long outage. */
  MTC_WORKER_ATTEMPTS: positiveInt.default(1440),
  MTC_WORKER_BACKOFF_MS: positiveInt.default(1_000),
  MTC_WORKER_MAX_BACKOFF_MS: positiveInt.default(60_000),
  MTC_DEVICE_CACHE_TTL_MS: positiveInt.default(30_000),
  /** Device timestamps further ahead of the server clock than this are dead-lettered. */
  MTC_MAX_FUTURE_SKEW_S: positiveInt.default(300),
  /** Device timestamps before this are a reset clock: the server receive time is used, flagged. */
  MTC_EARLIEST_DEVICE_TIME: z.iso.datetime().default('2015-01-01T00:00:00Z'),

  /** Run the anomaly detectors on every stored reading. */
  MTC_DETECTION_ENABLED: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  /** A killed worker's lock on a device's detector state expires after this. */
  MTC_DETECTOR_LOCK_TTL_MS: positiveInt.default(30_000),
  MTC_DETECTOR_LOCK_WAIT_MS: positiveInt.default(15_000),
  /**
   * Devices whose detector state a processors process keeps in memory between jobs (≈ 40 KB of heap
   * per hive). Size it above the devices one process serves: devices report in turn, so a smaller
   * cache evicts each state before its device comes back and hits almost never.
   */
  MTC_DETECTOR_STATE_CACHE_DEVICES: positiveInt.default(5_000),
  /** A neighbour's latest sample serves as the site reference (drift) within this distance in time. */
  MTC_SITE_REFERENCE_TOLERANCE_S: positiveInt.default(7_200),
  /** No data for longer than this opens a device.offline alert. */
  MTC_OFFLINE_AFTER_S: positiveInt.default(7_200),
  /** node-cron expression (seconds field allowed) of the offline sweep; one instance runs each tick. */
  MTC_OFFLINE_SWEEP_CRON: z.string().refine(validateCron, 'not a valid cron expression').default('* * * * *'),

  /** BullMQ queue of yield recomputations (scheduled and on demand). */
  MTC_YIELD_QUEUE_NAME: z.string().regex(/^[a-z0-9-]+$/).default('yield'),
  /** node-cron expression of the scheduled yield recomputation; one instance runs each tick. */
  MTC_YIELD_CRON: z.string().refine(validateCron, 'not a valid cron expression').default('23 2 * * *'),

  /** Oil pressed from a kg of olive fruit, for lots created from olive harvests (IOC: 0.12–0.26 by variety). */
  MTC_OLIVE_OIL_FRACTION: z.coerce.number().gt(0).lt(1).default(0.16),
  /** Days of orders averaged into daily demand, and how far ahead stock cover is projected. */
  MTC_STOCK_DEMAND_DAYS: positiveInt.default(30),
  MTC_STOCK_HORIZON_DAYS: positiveInt.default(90),
  /** Projected cover under this many days raises a stock alert (a product may set its own). */
  MTC_STOCK_MIN_COVER_DAYS: positiveInt.default(21),
  MTC_POINTS_EXPIRY_MONTHS: positiveInt.default(24),
  /** Supporters are warned this many days before their points expire. */
  MTC_POINTS_WARN_DAYS: positiveInt.default(60),
  /** node-cron expression of the daily stock-cover check and points expiry; one instance runs each tick. */
  MTC_LEDGER_CRON: z.string().refine(validateCron, 'not a valid cron expression').default('41 3 * * *'),

  MTC_API_HOST: z.string().min(1).default('0.0.0.0'),
  MTC_API_PORT: port.default(8080),
  /** Upserted at start as an ops key; lets a fresh install create partners and keys. */
  MTC_BOOTSTRAP_OPS_KEY: z.string().min(16).optional(),
  MTC_API_MAX_SERIES_POINTS: positiveInt.default(20_000),

  MTC_OPS_PORT_INGEST: port.default(9101),
  MTC_OPS_PORT_PROCESSORS: port.default(9102),

  /** Redis pub/sub channel of alert events, under MTC_QUEUE_PREFIX (`mtc:alert-events`). */
  MTC_ALERT_EVENTS_CHANNEL: z.string().regex(/^[a-z0-9-]+$/).default('alert-events'),
  /** BullMQ queue of webhook fan-out and delivery jobs. */
  MTC_NOTIFY_QUEUE_NAME: z.string().regex(/^[a-z0-9-]+$/).default('notifications'),
  MTC_WEBHOOK_CONCURRENCY: positiveInt.default(8),
  MTC_WEBHOOK_TIMEOUT_MS: positiveInt.default(5_000),
  /** With the exponential backoff from MTC_WEBHOOK_BACKOFF_MS (2 s, 4 s, 8 s...), 15 attempts span about 9 hours. */
  MTC_WEBHOOK_ATTEMPTS: positiveInt.default(15),
  MTC_WEBHOOK_BACKOFF_MS: positiveInt.default(2_000),
  /** MQTT topic (not retained, QoS1) where ops clients follow every alert event. */
  MTC_OPS_ALERT_TOPIC: z.string().min(1).regex(/^[^#+]+$/, 'must not contain MQTT wildcards').default('mtc/v1/ops/alerts'),
  MTC_SSE_HEARTBEAT_MS: positiveInt.default(15_000),
  /** Bytes a live-stream client may leave unread before it is disconnected as too slow. */
  MTC_SSE_MAX_BUFFER_BYTES: positiveInt.default(256 * 1024),
})

export type Config = z.infer<typeof envSchema>

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** Parses `env` (process.env by default); throws a ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const relevant = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('MTC_') && v !== ''))
  const parsed = envSchema.safeParse(relevant)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`)
  }
  return parsed.data
}
