import { ensureDatabase, createPool } from '../../platform/postgres/pool.js'
import { migrate } from '../../platform/postgres/migrate.js'
import { TEST_POSTGRES_URL } from './test-config.js'

/**
 * Medium and e2e tests need the real services. scripts/test.sh starts them; this only checks they
 * answer and prepares the test database, failing with what to run when one is missing.
 */
export default async function setup(): Promise<void> {
  const influxUrl = process.env.MTC_INFLUX_URL ?? 'http://127.0.0.1:8186'
  const ping = await fetch(`${influxUrl}/ping`).catch(() => null)
  if (!ping?.ok) throw new Error(`InfluxDB is not answering at ${influxUrl}: run scripts/influxdb.sh start (or npm test via scripts/test.sh)`)
  await ensureDatabase(TEST_POSTGRES_URL)
  const pool = createPool({ url: TEST_POSTGRES_URL, poolSize: 1 })
  try {
    await migrate(pool)
  } finally {
    await pool.end()
  }
}
