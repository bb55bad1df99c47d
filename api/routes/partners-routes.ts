import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { badRequest, notFound } from '../errors.js'
import { errorResponse, id, jsonSchema, partner, site } from '../schemas.js'
import { partnerScope } from '../scope.js'

const createPartnerBody = z.object({
  id,
  name: z.string().min(1).max(200),
  country: z.string().regex(/^[A-Z]{2}$/).optional().meta({ description: 'ISO 3166-1 alpha-2 code, e.g. BE, MG, LU' }),
})

const partnerParams = z.object({ partnerId: id })

const createSiteBody = z.object({
  id,
  name: z.string().min(1).max(200),
  kind: z.enum(['apiary', 'grove']),
  timezone: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/)
    .meta({ description: 'IANA time zone, e.g. Europe/Brussels, Indian/Antananarivo', examples: ['Europe/Brussels'] }),
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
})

const sitesQuery = z.object({ partnerId: id.optional() })

/** Whether the runtime's time zone database knows `timezone` (invariant 5: local days are computed in it). */
function isTimeZone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone })
    return true
  } catch {
    return false
  }
}

export async function partnersRoutes(app: FastifyInstance) {
  app.post(
    '/partners',
    {
      onRequest: app.requireOps,
      schema: {
        tags: ['registry'],
        summary: 'Register a partner (ops)',
        body: jsonSchema(createPartnerBody, 'input'),
        response: { 201: jsonSchema(partner), 409: jsonSchema(errorResponse) },
      },
    },
    async (request, reply) => {
      const body = request.body as z.output<typeof createPartnerBody>
      const created = await app.registry.createPartner(body)
      return reply.code(201).send(created)
    },
  )

  app.get(
    '/partners',
    {
      schema: {
        tags: ['registry'],
        summary: 'Partners this key may see (a partner key: its own)',
        response: { 200: jsonSchema(z.object({ partners: z.array(partner) })) },
      },
    },
    async (request) => {
      const scope = partnerScope(request)
      return { partners: await app.registry.listPartners(scope === undefined ? undefined : [scope]) }
    },
  )

  app.post(
    '/partners/:partnerId/sites',
    {
      onRequest: app.requireOps,
      schema: {
        tags: ['registry'],
        summary: 'Register a site (apiary or grove) of a partner (ops)',
        params: jsonSchema(partnerParams, 'input'),
        body: jsonSchema(createSiteBody, 'input'),
        response: { 201: jsonSchema(site), 409: jsonSchema(errorResponse) },
      },
    },
    async (request, reply) => {
      const { partnerId } = request.params as z.output<typeof partnerParams>
      const body = request.body as z.output<typeof createSiteBody>
      if (!isTimeZone(body.timezone)) throw badRequest('body/timezone', `"${body.timezone}" is not a known IANA time zone`)
      const [owner] = await app.registry.listPartners([partnerId])
      if (!owner) throw notFound('partner', partnerId)
      const created = await app.registry.createSite({
        ...body,
        partnerId,
        latitude: body.latitude ?? null,
        longitude: body.longitude ?? null,
      })
      return reply.code(201).send(created)
    },
  )

  app.get(
    '/sites',
    {
      schema: {
        tags: ['registry'],
        summary: 'Sites this key may see, optionally of one partner',
        querystring: jsonSchema(sitesQuery, 'input'),
        response: { 200: jsonSchema(z.object({ sites: z.array(site) })) },
      },
    },
    async (request) => {
      const { partnerId } = request.query as z.output<typeof sitesQuery>
      const scope = partnerScope(request)
      if (scope !== undefined && partnerId !== undefined && partnerId !== scope) return { sites: [] }
      return { sites: await app.registry.listSites(scope ?? partnerId) }
    },
  )
}
