import type { Queue } from 'bullmq'
import type { Redis } from 'ioredis'
import type pg from 'pg'
import type { InfluxConnection } from './influx/influx-connection.js'
import type { HealthCheck } from './ops-server.js'

/** The dependency checks every deployable's /health reports, each optional. */
export function dependencyChecks(deps: {
  pool?: pg.Pool
  redis?: Redis
  influx?: Pick<InfluxConnection, 'ping'>
  queue?: { readings: Pick<Queue, 'getWaitingCount'>; maxWaitingJobs: number }
}): Record<string, HealthCheck> {
  const checks: Record<string, HealthCheck> = {}
  if (deps.pool) checks.postgres = () => deps.pool!.query('SELECT 1')
  if (deps.redis) checks.redis = () => deps.redis!.ping()
  if (deps.influx) checks.influxdb = () => deps.influx!.ping()
  if (deps.queue) {
    const { readings, maxWaitingJobs } = deps.queue
    checks.queue = async () => {
      const waiting = await readings.getWaitingCount()
      if (waiting >= maxWaitingJobs) throw new Error(`${waiting} jobs waiting, at or over the bound of ${maxWaitingJobs}`)
      return { waiting, bound: maxWaitingJobs }
    }
  }
  return checks
}
