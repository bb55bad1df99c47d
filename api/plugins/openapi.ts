import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

/** Names used in route schemas' `security`; either header carries the same key. */
export const API_KEY_SECURITY: Record<string, string[]>[] = [{ bearerKey: [] }, { apiKeyHeader: [] }]

/**
 * OpenAPI 3 built from the route schemas (so the document cannot drift from what is validated),
 * served at /docs/json and browsable at /docs. Registered before the routes: @fastify/swagger
 * collects them with an onRoute hook.
 */
export const openapiPlugin = fp(
  async (app: FastifyInstance) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'mtc-telemetry API',
          version: '1',
          description:
            'Hive and olive-grove telemetry of Make the CHANGE partners: registry, time series, dead letters. ' +
            'Partner keys see only their own partner; ids of other partners answer 404.',
        },
        components: {
          securitySchemes: {
            bearerKey: { type: 'http', scheme: 'bearer', description: 'API key as a bearer token' },
            apiKeyHeader: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'API key' },
          },
        },
        tags: [
          { name: 'registry', description: 'Partners, sites and devices' },
          { name: 'series', description: 'Readings stored in InfluxDB' },
          { name: 'dead-letters', description: 'Messages and readings the pipeline refused' },
          { name: 'keys', description: 'API keys' },
          { name: 'alerts', description: 'Anomaly alerts, their lifecycle and live stream' },
          { name: 'webhooks', description: 'Signed alert notifications to partner and ops endpoints' },
          { name: 'yield', description: 'Interventions, yield estimates, forecasts and production reports' },
          { name: 'stock', description: 'Products, lots and the append-only stock ledger; projections, cover, KPIs' },
          { name: 'points', description: "Supporters' points: accounts, rules, catalogue, conversions" },
          { name: 'audit', description: 'History of an account, a lot or a product' },
          { name: 'operations', description: 'Health and metrics (no key needed)' },
        ],
      },
    })
    await app.register(swaggerUi, { routePrefix: '/docs' })
  },
  { name: 'openapi', fastify: '5.x' },
)
