import Fastify from 'fastify'
import type { Registry } from 'prom-client'
import type { Logger } from './logger.js'

export type HealthCheck = () => Promise<unknown>

export interface OpsServerOptions {
  host: string
  port: number
  registry: Registry
  checks: Record<string, HealthCheck>
  logger: Logger
}

const CHECK_TIMEOUT_MS = 1_000

/** Runs every check with a timeout: a hung dependency reads as down instead of hanging the probe. */
export async function runHealthChecks(checks: Record<string, HealthCheck>) {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      const started = performance.now()
      let timer: NodeJS.Timeout | undefined
      try {
        const detail = await Promise.race([
          check(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS)
          }),
        ])
        return [name, { ok: true, latencyMs: Math.round(performance.now() - started), ...(detail as object) }] as const
      } catch (error) {
        return [name, { ok: false, error: (error as Error).message }] as const
      } finally {
        clearTimeout(timer)
      }
    }),
  )
  const ok = entries.every(([, result]) => result.ok)
  return { ok, checks: Object.fromEntries(entries) }
}

/** `/health` and `/metrics` for the deployables that have no API of their own (ingest, processors). */
export async function startOpsServer(options: OpsServerOptions) {
  const app = Fastify({ loggerInstance: options.logger.child({ component: 'ops-server' }) })
  app.get('/health', async (_request, reply) => {
    const health = await runHealthChecks(options.checks)
    return reply.code(health.ok ? 200 : 503).send({ status: health.ok ? 'ok' : 'unavailable', checks: health.checks })
  })
  app.get('/metrics', async (_request, reply) => {
    return reply.type(options.registry.contentType).send(await options.registry.metrics())
  })
  await app.listen({ host: options.host, port: options.port })
  return app
}
