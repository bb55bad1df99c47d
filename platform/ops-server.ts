import Fastify from 'fastify'
import type { Registry } from 'prom-client'
import { runHealthChecks, type HealthCheck } from './health-checks.js'
import type { Logger } from './logger.js'

export interface OpsServerOptions {
  host: string
  port: number
  registry: Registry
  checks: Record<string, HealthCheck>
  logger: Logger
}

/** `/health` and `/metrics` for the deployables that have no API of their own (ingest, processors). */
export async function startOpsServer(options: OpsServerOptions) {
  const app = Fastify({ loggerInstance: options.logger.child({ component: 'ops-server' }) })
  app.get('/health', async (_request, reply) => {
    const health = await runHealthChecks(options.checks)
    return reply.code(health.status === 'ok' ? 200 : 503).send(health)
  })
  app.get('/metrics', async (_request, reply) => {
    return reply.type(options.registry.contentType).send(await options.registry.metrics())
  })
  await app.listen({ host: options.host, port: options.port })
  return app
}
