import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { HarvestLots } from '../../platform/stock/index.js'
import { interventionKinds, type InterventionKind } from '../../platform/stores/intervention-store.js'
import type { SiteKind } from '../../platform/stores/registry-store.js'
import { localToUtc } from '../../platform/time/site-time.js'
import { badRequest } from '../errors.js'
import { dateTime, id, jsonSchema } from '../schemas.js'
import { findVisibleSite, principalOf } from '../scope.js'

/** Which interventions make sense where: hive work in apiaries, fruit harvests in groves. */
const SITE_KIND_OF: Record<InterventionKind, SiteKind> = {
  inspection: 'apiary',
  harvest: 'apiary',
  super_added: 'apiary',
  super_removed: 'apiary',
  feeding: 'apiary',
  treatment: 'apiary',
  olive_harvest: 'grove',
}
/** Without a weight these say nothing an estimator can use. */
const NEEDS_KG = new Set<InterventionKind>(['harvest', 'olive_harvest'])

const siteParams = z.object({ siteId: id })

const createInterventionBody = z.object({
  kind: z.enum(interventionKinds),
  deviceId: id.optional().meta({ description: 'The hive; omit for the whole site' }),
  at: z.iso.datetime({ offset: true }).optional().meta({ description: 'When, with its UTC offset' }),
  localTime: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/)
    .optional()
    .meta({ description: "When, as the site's wall clock showed it (YYYY-MM-DDTHH:mm), taken in the site's time zone" }),
  kg: z.number().min(0).max(100_000).optional().meta({ description: 'Honey extracted, super or feed weight, olive fruit harvested' }),
  notes: z.string().max(2000).optional(),
})

const intervention = z.object({
  id: z.string(),
  partnerId: z.string(),
  siteId: z.string(),
  deviceId: z.string().nullable(),
  kind: z.enum(interventionKinds),
  occurredAt: dateTime,
  kg: z.number().nullable(),
  notes: z.string().nullable(),
  recordedBy: z.string(),
  recordedAt: dateTime,
})

const interventionsQuery = z.object({
  kind: z.enum(interventionKinds).optional(),
  deviceId: id.optional(),
  from: dateTime.optional(),
  to: dateTime.optional(),
  limit: z.number().int().min(1).max(5000).default(500),
})

const groveProfile = z.object({
  variety: z.string().min(1).max(100).meta({ examples: ['picual', 'arbequina', 'hojiblanca', 'koroneiki'] }),
  trees: z.number().int().min(1).max(1_000_000),
  pastYields: z
    .array(z.object({ season: z.number().int().min(1950).max(2100), kgPerTree: z.number().min(0).max(500) }))
    .max(50)
    .default([])
    .meta({ description: 'Fruit harvested per tree in seasons before the grove was on the platform' }),
})

export interface InterventionsRoutesOptions {
  /** A recorded harvest becomes a pending stock lot, confirmed by ops after extraction or pressing. */
  harvests: Pick<HarvestLots, 'createLotFromHarvest'>
}

export async function interventionsRoutes(app: FastifyInstance, opts: InterventionsRoutesOptions) {
  app.put(
    '/sites/:siteId/grove-profile',
    {
      schema: {
        tags: ['yield'],
        summary: "Set a grove's variety, tree count and past yields (the olive estimators' inputs)",
        params: jsonSchema(siteParams, 'input'),
        body: jsonSchema(groveProfile, 'input'),
        response: { 200: jsonSchema(groveProfile.extend({ siteId: id })) },
      },
    },
    async (request) => {
      const { siteId } = request.params as z.output<typeof siteParams>
      const body = request.body as z.output<typeof groveProfile>
      const site = await findVisibleSite(app, request, siteId)
      if (site.kind !== 'grove') throw badRequest('params/siteId', `site "${siteId}" is an ${site.kind}, not a grove`)
      return app.groveProfiles.put({ siteId, ...body })
    },
  )

  app.post(
    '/sites/:siteId/interventions',
    {
      schema: {
        tags: ['yield'],
        summary: 'Record an inspection, harvest, super, feeding, treatment or olive harvest',
        description: 'Give the time either with its offset (`at`) or as local wall-clock time (`localTime`). Estimators take these as truth.',
        params: jsonSchema(siteParams, 'input'),
        body: jsonSchema(createInterventionBody, 'input'),
        response: { 201: jsonSchema(intervention) },
      },
    },
    async (request, reply) => {
      const { siteId } = request.params as z.output<typeof siteParams>
      const body = request.body as z.output<typeof createInterventionBody>
      const site = await findVisibleSite(app, request, siteId)
      if (SITE_KIND_OF[body.kind] !== site.kind) throw badRequest('body/kind', `"${body.kind}" is not recorded at a ${site.kind}`)
      if ((body.at === undefined) === (body.localTime === undefined)) throw badRequest('body/at', 'give exactly one of at and localTime')
      if (NEEDS_KG.has(body.kind) && body.kg === undefined) throw badRequest('body/kg', `a ${body.kind} needs the weight harvested`)
      if (body.deviceId !== undefined) {
        const device = await app.registry.getDevice(body.deviceId)
        if (!device || device.siteId !== site.id) throw badRequest('body/deviceId', `names no device of site "${site.id}"`)
      }
      const occurredAt = body.at !== undefined ? new Date(body.at) : localToUtc(body.localTime!, site.timezone)
      if (occurredAt.getTime() > Date.now() + 5 * 60_000) throw badRequest('body/at', 'is in the future')
      const created = await app.interventions.add({
        partnerId: site.partnerId,
        siteId: site.id,
        deviceId: body.deviceId ?? null,
        kind: body.kind,
        occurredAt,
        kg: body.kg ?? null,
        notes: body.notes ?? null,
        recordedBy: principalOf(request).name,
      })
      if (created.kind === 'harvest' || created.kind === 'olive_harvest') {
        await opts.harvests.createLotFromHarvest({ ...created, kind: created.kind, kg: created.kg! }, created.recordedBy, request.id)
      }
      return reply.code(201).send(created)
    },
  )

  app.get(
    '/sites/:siteId/interventions',
    {
      schema: {
        tags: ['yield'],
        summary: "A site's recorded interventions, in time order",
        params: jsonSchema(siteParams, 'input'),
        querystring: jsonSchema(interventionsQuery, 'input'),
        response: { 200: jsonSchema(z.object({ interventions: z.array(intervention) })) },
      },
    },
    async (request) => {
      const { siteId } = request.params as z.output<typeof siteParams>
      const query = request.query as z.output<typeof interventionsQuery>
      await findVisibleSite(app, request, siteId)
      const interventions = await app.interventions.list({
        siteId,
        deviceId: query.deviceId,
        kinds: query.kind ? [query.kind] : undefined,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
        limit: query.limit,
      })
      return { interventions }
    },
  )
}
