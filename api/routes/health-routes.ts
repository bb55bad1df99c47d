import type { Queue } from 'bullmq'
import type { FastifyInstance } from 'fastify'
import type { Redis } from 'ioredis'
import type pg from 'pg'
import { z } from 'zod'
import type { InfluxConnection } from '../../platform/influx/influx-connection.js'
import type { ReadingsJob } from '../../platform/readings-queue.js'
import { jsonSchema } from '../schemas.js'
import { dependencyChecks, runHealthChecks } from '../../platform/health-checks.js'

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

/** Readiness: every dependency answers and the queue is under its bound (DESIGN invariant 6). */
export async function healthRoutes(app: FastifyInstance, opts: HealthOptions) {
  const timeoutMs = opts.timeoutMs ?? 1_000
  const checks = dependencyChecks({
    pool: opts.pool,
    redis: opts.redis,
    influx: opts.influx,
    queue: { readings: opts.readingsQueue, maxWaitingJobs: opts.queueBound },
  })
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
      const report = await runHealthChecks(checks, timeoutMs)
      report.checks.queue = { waiting: null, bound: opts.queueBound, ...report.checks.queue! }
      return reply.code(report.status === 'ok' ? 200 : 503).send(report)
    },
  )
}
