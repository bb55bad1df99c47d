import type { Queue } from 'bullmq'
import type { Redis } from 'ioredis'
import type pg from 'pg'
import type { InfluxConnection } from './influx/influx-connection.js'
import { withTimeout } from './timeout.js'

/** Resolves with details to report, or throws: the dependency is not ready. */
export type HealthCheck = () => Promise<Record<string, unknown> | void>

/** A failed check that still has details worth showing (the queue depth when over its bound). */
export class HealthCheckFailure extends Error {
  constructor(
    message: string,
    readonly detail: Record<string, unknown>,
  ) {
    super(message)
  }
}

export interface CheckResult {
  ok: boolean
  latencyMs: number
  error?: string
  [detail: string]: unknown
}

export interface HealthReport {
  status: 'ok' | 'unavailable'
  checks: Record<string, CheckResult>
}

/** Runs every check at once, each under a timeout, so a hung dependency reads as down, not as a hung probe. */
export async function runHealthChecks(checks: Record<string, HealthCheck>, timeoutMs = 1_000): Promise<HealthReport> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, CheckResult]> => {
      const started = performance.now()
      const latencyMs = () => Math.round((performance.now() - started) * 10) / 10
      try {
        const detail = await withTimeout(check(), timeoutMs, name)
        return [name, { ok: true, latencyMs: latencyMs(), ...detail }]
      } catch (error) {
        const detail = error instanceof HealthCheckFailure ? error.detail : {}
        return [name, { ok: false, latencyMs: latencyMs(), error: (error as Error).message, ...detail }]
      }
    }),
  )
  const ok = entries.every(([, result]) => result.ok)
  return { status: ok ? 'ok' : 'unavailable', checks: Object.fromEntries(entries) }
}

/** The dependency checks the deployables report; each takes only what it uses. */
export function dependencyChecks(deps: {
  pool?: pg.Pool
  redis?: Redis
  influx?: Pick<InfluxConnection, 'ping'>
  queue?: { readings: Pick<Queue, 'getWaitingCount'>; maxWaitingJobs: number }
}): Record<string, HealthCheck> {
  const { pool, redis, influx, queue } = deps
  const checks: Record<string, HealthCheck> = {}
  if (pool) checks.postgres = async () => void (await pool.query('SELECT 1'))
  if (redis) checks.redis = async () => void (await redis.ping())
  if (influx) checks.influxdb = () => influx.ping()
  if (queue) {
    // At the bound the broker stops acking (DESIGN invariant 6): the pipeline is degraded.
    checks.queue = async () => {
      const detail = { waiting: await queue.readings.getWaitingCount(), bound: queue.maxWaitingJobs }
      if (detail.waiting >= detail.bound) throw new HealthCheckFailure(`${detail.waiting} jobs waiting, bound ${detail.bound}`, detail)
      return detail
    }
  }
  return checks
}
