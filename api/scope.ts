import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ApiPrincipal } from '../platform/stores/api-key-store.js'
import type { Device, Site } from '../platform/stores/registry-store.js'
import { ApiError, notFound } from './errors.js'

/**
 * What a key may see (DESIGN invariant 4: partners see only their own sites). Rows of another
 * partner are reported missing, never forbidden, so a partner key cannot probe which ids exist.
 */
export function principalOf(request: FastifyRequest): ApiPrincipal {
  if (!request.principal) throw new ApiError(401, 'an API key is required')
  return request.principal
}

/** The partner a key is confined to; undefined for ops keys, which see every partner. */
export function partnerScope(request: FastifyRequest): string | undefined {
  const principal = principalOf(request)
  if (principal.role === 'ops') return undefined
  if (principal.role === 'supporter') throw new ApiError(403, 'supporter keys reach only their points account and the catalogue')
  // api_keys has CHECK ((role = 'partner') = (partner_id IS NOT NULL)); refuse rather than widen.
  if (!principal.partnerId) throw new ApiError(403, 'this partner key names no partner')
  return principal.partnerId
}

export function canSeePartner(request: FastifyRequest, partnerId: string | null): boolean {
  const scope = partnerScope(request)
  return scope === undefined || scope === partnerId
}

export async function findVisibleDevice(app: FastifyInstance, request: FastifyRequest, id: string): Promise<Device> {
  const device = await app.registry.getDevice(id)
  if (!device || !canSeePartner(request, device.partnerId)) throw notFound('device', id)
  return device
}

export async function findVisibleSite(app: FastifyInstance, request: FastifyRequest, id: string): Promise<Site> {
  const site = await app.registry.getSite(id)
  if (!site || !canSeePartner(request, site.partnerId)) throw notFound('site', id)
  return site
}
