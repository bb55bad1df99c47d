import type { Queue } from 'bullmq'
import type { FastifyInstance } from 'fastify'
import type { Redis } from 'ioredis'
import type pg from 'pg'
import { z } from 'zod'
import type { InfluxConnection } from '../../platform/influx/influx-connection.js'
import type { ReadingsJob } from '../../platform/readings-queue.js'
import { jsonSchema } from '../schemas.js'
import { withTimeout } from '../timeout.js'

export interface HealthOptions {
  pool: pg.Pool
  redis: Redis
  influx: InfluxConnection
  readingsQueue: Queue<ReadingsJob>
  /** MTC_QUEUE_MAX_WAITING_JOBS: at the bound the broker stops acking, so the pipeline is degraded. */
  queueBound: number
  /** Per check, so a dependency that hangs cannot hang /health. */
  timeoutMs?: number
}

const check = z.object({
  ok: z.boolean(),
  latencyMs: z.number(),
  error: z.string().optional(),
})

const health = z.object({
  status: z.enum(['ok', 'unavailable']),
  checks: z.object({
    postgres: check,
    redis: check,
    influxdb: check,
    queue: check.extend({ waiting: z.number().int().nullable(), bound: z.number().int() }),
  }),
})

type Check = z.output<typeof check>

async function probe<T>(what: string, work: () => Promise<T>, timeoutMs: number): Promise<Check & { value?: T }> {
  const started = performance.now()
  const latencyMs = () => Math.round((performance.now() - started) * 10) / 10
  try {
    const value = await withTimeout(work(), timeoutMs, what)
    return { ok: true, latencyMs: latencyMs(), value }
  } catch (error) {
    return { ok: false, latencyMs: latencyMs(), error: (error as Error).message || String(error) }
  }
}

/** Readiness: every dependency answers and the queue is under its bound (DESIGN invariant 6). */
export async function healthRoutes(app: FastifyInstance, opts: HealthOptions) {
  const timeoutMs = opts.timeoutMs ?? 1_000
  app.get(
    '/health',
    {
      logLevel: 'warn',
      schema: {
        tags: ['operations'],
        summary: 'Readiness of PostgreSQL, Redis, InfluxDB and the readings queue',
        response: { 200: jsonSchema(health), 503: jsonSchema(health) },
      },
    },
    async (_request, reply) => {
      const [postgres, redis, influxdb, queue] = await Promise.all([
        probe('PostgreSQL', () => opts.pool.query('SELECT 1'), timeoutMs),
        probe('Redis', () => opts.redis.ping(), timeoutMs),
        probe('InfluxDB', () => opts.influx.ping(), timeoutMs),
        probe('readings queue', () => opts.readingsQueue.getWaitingCount(), timeoutMs),
      ])
      const waiting = queue.value ?? null
      const queueCheck = { ok: queue.ok, latencyMs: queue.latencyMs, error: queue.error, waiting, bound: opts.queueBound }
      if (waiting !== null && waiting >= opts.queueBound) {
        Object.assign(queueCheck, { ok: false, error: `${waiting} jobs waiting, bound ${opts.queueBound}` })
      }
      const checks = {
        postgres: { ok: postgres.ok, latencyMs: postgres.latencyMs, error: postgres.error },
        redis: { ok: redis.ok, latencyMs: redis.latencyMs, error: redis.error },
        influxdb: { ok: influxdb.ok, latencyMs: influxdb.latencyMs, error: influxdb.error },
        queue: queueCheck,
      }
      const ok = Object.values(checks).every((c) => c.ok)
      return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks })
    },
  )
}
