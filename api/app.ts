import { randomUUID } from 'node:crypto'
import type { Queue } from 'bullmq'
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import type { Redis } from 'ioredis'
import type pg from 'pg'
import type { Config } from '../platform/config.js'
import type { InfluxConnection } from '../platform/influx/influx-connection.js'
import type { Logger } from '../platform/logger.js'
import type { PipelineMetrics } from '../platform/metrics.js'
import type { AlertEvents } from '../platform/notifications/alert-events.js'
import type { YieldJob } from '../platform/yield/estimates.js'
import { createWebhookStore } from '../platform/notifications/index.js'
import type { ReadingsJob } from '../platform/readings-queue.js'
import { authPlugin } from './plugins/auth.js'
import { errorHandlerPlugin } from './plugins/error-handler.js'
import { API_KEY_SECURITY, openapiPlugin } from './plugins/openapi.js'
import { storesPlugin } from './plugins/stores.js'
import { alertStreamRoutes } from './routes/alert-stream-routes.js'
import { alertsRoutes } from './routes/alerts-routes.js'
import { apiKeysRoutes } from './routes/api-keys-routes.js'
import { deadLettersRoutes } from './routes/dead-letters-routes.js'
import { devicesRoutes } from './routes/devices-routes.js'
import { healthRoutes } from './routes/health-routes.js'
import { interventionsRoutes } from './routes/interventions-routes.js'
import { yieldRoutes } from './routes/yield-routes.js'
import { auditRoutes } from './routes/audit-routes.js'
import { pointsRoutes } from './routes/points-routes.js'
import { stockRoutes } from './routes/stock-routes.js'
import { createPointsServices } from '../platform/points/index.js'
import { createStockServices } from '../platform/stock/index.js'
import { metricsRoutes } from './routes/metrics-routes.js'
import { partnersRoutes } from './routes/partners-routes.js'
import { seriesRoutes } from './routes/series-routes.js'
import { webhookRoutes } from './routes/webhook-routes.js'
import { errorResponse, jsonSchema } from './schemas.js'

/** Everything the API talks to, opened and closed by the caller (api/server.ts or the demo process). */
export interface ApiDeps {
  config: Config
  logger: Logger
  pool: pg.Pool
  /** ioredis client for /health and the last-seen store. */
  redis: Redis
  influx: InfluxConnection
  /** Read for its depth only (/health, /metrics). */
  readingsQueue: Queue<ReadingsJob>
  /** Shared registry: /metrics serves metrics.registry. */
  metrics: PipelineMetrics
  /** People's changes to alerts go out on the bus; the live stream reads it. */
  alertEvents: Pick<AlertEvents, 'publisher' | 'subscriber' | 'metrics'>
  /** On-demand yield recomputation is a job for the processors. */
  yieldQueue: Pick<Queue<YieldJob>, 'add'>
}

const errorSchema = jsonSchema(errorResponse)

/** Routes under /v1 need an API key; their schemas gain the security requirement and error answers. */
async function v1Routes(v1: FastifyInstance, deps: ApiDeps) {
  v1.addHook('onRoute', (route) => {
    const opsOnly = [route.onRequest].flat().includes(v1.requireOps)
    route.schema = {
      ...route.schema,
      security: API_KEY_SECURITY,
      response: {
        400: errorSchema,
        401: errorSchema,
        ...(opsOnly ? { 403: errorSchema } : {}),
        404: errorSchema,
        503: errorSchema,
        ...(route.schema?.response as Record<string, unknown> | undefined),
      },
    }
  })
  v1.addHook('onRequest', v1.authenticate)
  await v1.register(partnersRoutes)
  await v1.register(devicesRoutes)
  await v1.register(seriesRoutes, { maxPoints: deps.config.MTC_API_MAX_SERIES_POINTS })
  await v1.register(deadLettersRoutes)
  await v1.register(apiKeysRoutes)
  await v1.register(alertsRoutes, { publish: (event) => deps.alertEvents.publisher.publish(event) })
  await v1.register(alertStreamRoutes, {
    events: deps.alertEvents.subscriber,
    heartbeatMs: deps.config.MTC_SSE_HEARTBEAT_MS,
    maxBufferedBytes: deps.config.MTC_SSE_MAX_BUFFER_BYTES,
    metrics: deps.alertEvents.metrics,
  })
  await v1.register(webhookRoutes, { webhooks: createWebhookStore(deps.pool) })
  const stock = createStockServices(deps.pool, {
    oilFraction: deps.config.MTC_OLIVE_OIL_FRACTION,
    demandWindowDays: deps.config.MTC_STOCK_DEMAND_DAYS,
    horizonDays: deps.config.MTC_STOCK_HORIZON_DAYS,
    minCoverDays: deps.config.MTC_STOCK_MIN_COVER_DAYS,
  })
  const points = createPointsServices(deps.pool, { creditExpiryMonths: deps.config.MTC_POINTS_EXPIRY_MONTHS, warnDays: deps.config.MTC_POINTS_WARN_DAYS })
  await v1.register(interventionsRoutes, { harvests: stock.harvests })
  await v1.register(stockRoutes, { stock })
  await v1.register(pointsRoutes, { points })
  await v1.register(auditRoutes, { stock, points })
  await v1.register(yieldRoutes, { yieldQueue: deps.yieldQueue })
}

/**
 * The HTTP API as a fastify instance, not listening: adapters, then auth and docs, then routes.
 * It opens no client itself, so one process can run it beside ingest and processors.
 */
export async function buildApi(deps: ApiDeps): Promise<FastifyInstance> {
  // Typed as the base logger so plugins and routes use the plain FastifyInstance type.
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    // Ledger entries keep the request id for audit: it must be unique across processes and restarts.
    genReqId: () => randomUUID(),
  })
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id)
  })
  await app.register(errorHandlerPlugin)
  await app.register(storesPlugin, {
    pool: deps.pool,
    redis: deps.redis,
    influx: deps.influx,
    keyPrefix: deps.config.MTC_QUEUE_PREFIX,
  })
  await app.register(authPlugin, { bootstrapOpsKey: deps.config.MTC_BOOTSTRAP_OPS_KEY })
  await app.register(openapiPlugin)
  await app.register(healthRoutes, {
    pool: deps.pool,
    redis: deps.redis,
    influx: deps.influx,
    readingsQueue: deps.readingsQueue,
    queueBound: deps.config.MTC_QUEUE_MAX_WAITING_JOBS,
  })
  await app.register(metricsRoutes, { metrics: deps.metrics, readingsQueue: deps.readingsQueue })
  await app.register(v1Routes, { prefix: '/v1', ...deps })
  return app
}
