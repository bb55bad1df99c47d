import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { ApiPrincipal } from '../../platform/stores/api-key-store.js'
import { ApiError } from '../errors.js'
import { principalOf } from '../scope.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** onRequest hook for routes that need a key: sets `request.principal` or answers 401. */
    authenticate: (request: FastifyRequest) => Promise<void>
    /** Route onRequest hook (runs after authenticate, before validation) for operator-only routes. */
    requireOps: (request: FastifyRequest) => Promise<void>
  }
  interface FastifyRequest {
    principal: ApiPrincipal | null
  }
}

export interface AuthOptions {
  /** Registered as an ops key at start (idempotent), so a fresh install can create partners and keys. */
  bootstrapOpsKey?: string | undefined
}

/** RFC 6750 §2.1 bearer token, or the `x-api-key` header some HTTP clients find easier to set. */
function presentedKey(request: FastifyRequest): string | null {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1]
  if (bearer) return bearer
  const header = request.headers['x-api-key']
  return typeof header === 'string' && header.length > 0 ? header : null
}

/** RFC 6750 §3: a 401 names the scheme the client should use. */
const challenge = { 'www-authenticate': 'Bearer realm="mtc-telemetry"' }

export const authPlugin = fp(
  async (app: FastifyInstance, opts: AuthOptions) => {
    if (opts.bootstrapOpsKey) {
      await app.apiKeys.ensure(opts.bootstrapOpsKey, { role: 'ops', partnerId: null, name: 'bootstrap' })
    }

    app.decorateRequest('principal', null)

    app.decorate('authenticate', async (request: FastifyRequest) => {
      const key = presentedKey(request)
      if (!key) throw new ApiError(401, 'an API key is required (Authorization: Bearer <key> or x-api-key)', challenge)
      const principal = await app.apiKeys.findByKey(key)
      if (!principal) throw new ApiError(401, 'unknown or revoked API key', challenge)
      request.principal = principal
    })

    app.decorate('requireOps', async (request: FastifyRequest) => {
      if (principalOf(request).role !== 'ops') throw new ApiError(403, 'this operation needs an ops key')
    })
  },
  { name: 'auth', dependencies: ['stores', 'error-handler'], fastify: '5.x' },
)
