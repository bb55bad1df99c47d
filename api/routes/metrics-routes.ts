import type { Queue } from 'bullmq'
import type { FastifyInstance } from 'fastify'
import type { PipelineMetrics } from '../../platform/metrics.js'
import type { ReadingsJob } from '../../platform/readings-queue.js'
import { withTimeout } from '../../platform/timeout.js'

export interface MetricsOptions {
  metrics: PipelineMetrics
  readingsQueue: Queue<ReadingsJob>
  timeoutMs?: number
}

/**
 * Prometheus exposition of the shared registry. Queue depth is read at scrape time, so it is
 * current even when this process enqueues nothing; a Redis outage leaves the last value and
 * the scrape still answers.
 */
export async function metricsRoutes(app: FastifyInstance, opts: MetricsOptions) {
  app.get(
    '/metrics',
    {
      logLevel: 'warn',
      schema: {
        tags: ['operations'],
        summary: 'Prometheus metrics (mtc_* and Node.js process metrics)',
        produces: ['text/plain'],
        response: { 200: { type: 'string', description: 'Prometheus text exposition format 0.0.4' } },
      },
    },
    async (request, reply) => {
      try {
        opts.metrics.queueWaiting.set(await withTimeout(opts.readingsQueue.getWaitingCount(), opts.timeoutMs ?? 1_000, 'Redis'))
      } catch (error) {
        request.log.warn({ err: error }, 'queue depth unavailable for /metrics')
      }
      return reply.type(opts.metrics.registry.contentType).send(await opts.metrics.registry.metrics())
    },
  )
}
