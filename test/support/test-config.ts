import { randomBytes } from 'node:crypto'
import { loadConfig, type Config } from '../../platform/config.js'

/** Tests share the machine's PostgreSQL and Redis; each test gets its own names inside them. */
export const TEST_POSTGRES_URL = process.env.MTC_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/mtc_test'

export function uniqueId(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`
}

/**
 * A config for one test: its own InfluxDB database, queue names, alert-event channel and ports chosen by the OS,
 * so test files can run side by side without seeing each other's data.
 */
export function testConfig(overrides: Record<string, string> = {}): Config {
  const suffix = randomBytes(4).toString('hex')
  return loadConfig({
    ...process.env,
    MTC_LOG_LEVEL: process.env.MTC_LOG_LEVEL ?? 'silent',
    MTC_POSTGRES_URL: TEST_POSTGRES_URL,
    MTC_INFLUX_DATABASE: `mtc_test_${suffix}`,
    MTC_QUEUE_NAME: `readings-${suffix}`,
    MTC_NOTIFY_QUEUE_NAME: `notifications-${suffix}`,
    MTC_YIELD_QUEUE_NAME: `yield-${suffix}`,
    MTC_ALERT_EVENTS_CHANNEL: `alert-events-${suffix}`,
    MTC_QUEUE_PREFIX: 'mtc-test',
    MTC_MQTT_HOST: '127.0.0.1',
    MTC_MQTT_PORT: '0',
    MTC_API_HOST: '127.0.0.1',
    MTC_API_PORT: '0',
    MTC_ENQUEUE_TIMEOUT_MS: '2000',
    MTC_WORKER_BACKOFF_MS: '200',
    ...overrides,
  })
}
