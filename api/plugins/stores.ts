import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type pg from 'pg'
import type { Redis } from 'ioredis'
import type { InfluxConnection } from '../../platform/influx/influx-connection.js'
import { createAlertStore, type AlertStore } from '../../platform/stores/alert-store.js'
import { createApiKeyStore, type ApiKeyStore } from '../../platform/stores/api-key-store.js'
import { createDeadLetterStore, type DeadLetterStore } from '../../platform/stores/dead-letter-store.js'
import { createGroveProfileStore, type GroveProfileStore } from '../../platform/stores/grove-profile-store.js'
import { createInterventionStore, type InterventionStore } from '../../platform/stores/intervention-store.js'
import { createLastSeenStore, type LastSeenStore } from '../../platform/stores/last-seen-store.js'
import { createYieldStore, type YieldStore } from '../../platform/stores/yield-store.js'
import { createRegistryStore, type RegistryStore } from '../../platform/stores/registry-store.js'

declare module 'fastify' {
  interface FastifyInstance {
    registry: RegistryStore
    apiKeys: ApiKeyStore
    deadLetters: DeadLetterStore
    lastSeen: LastSeenStore
    alerts: AlertStore
    interventions: InterventionStore
    yields: YieldStore
    groveProfiles: GroveProfileStore
    influx: InfluxConnection
  }
}

export interface StoresOptions {
  pool: pg.Pool
  redis: Redis
  influx: InfluxConnection
  /** Redis key prefix shared with the processors, which write the last-seen hash. */
  keyPrefix: string
}

/**
 * The stores the routes read and write. The clients under them belong to the caller (server.ts or
 * the demo process), which closes them after the app: nothing is opened here, so nothing is closed.
 */
export const storesPlugin = fp(
  async (app: FastifyInstance, opts: StoresOptions) => {
    app.decorate('registry', createRegistryStore(opts.pool))
    app.decorate('apiKeys', createApiKeyStore(opts.pool))
    app.decorate('deadLetters', createDeadLetterStore(opts.pool))
    app.decorate('lastSeen', createLastSeenStore(opts.redis, opts.keyPrefix))
    app.decorate('alerts', createAlertStore(opts.pool))
    app.decorate('interventions', createInterventionStore(opts.pool))
    app.decorate('yields', createYieldStore(opts.pool))
    app.decorate('groveProfiles', createGroveProfileStore(opts.pool))
    app.decorate('influx', opts.influx)
  },
  { name: 'stores', fastify: '5.x' },
)
