import type { Queue } from 'bullmq'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { YIELD_JOB_NAME, type YieldJob } from '../../platform/yield/estimates.js'
import type { YieldEstimate } from '../../platform/stores/yield-store.js'
import { badRequest, notFound } from '../errors.js'
import { dateTime, id, jsonSchema } from '../schemas.js'
import { canSeePartner, findVisibleDevice, findVisibleSite, partnerScope } from '../scope.js'
import { buildProductionReport, productionReportCsv } from '../production-report.js'

const estimate = z.object({
  scope: z.enum(['hive', 'site', 'grove', 'partner']),
  scopeId: z.string(),
  partnerId: z.string(),
  product: z.enum(['honey', 'olive']),
  season: z.string(),
  modelVersion: z.string(),
  inputsFrom: dateTime.meta({ description: 'Oldest data the computation read' }),
  inputsTo: dateTime.meta({ description: 'Newest data the computation read' }),
  computedAt: dateTime,
  estimate: z.record(z.string(), z.unknown()).meta({ description: 'Season to date, harvestable, forecast with its interval (honey); stage, fruit and oil with intervals, harvest window (olive)' }),
})

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).meta({ description: 'Site-local day, YYYY-MM-DD' })
const deviceParams = z.object({ deviceId: id })
const siteParams = z.object({ siteId: id })
const partnerParams = z.object({ partnerId: id })
const dailyQuery = z.object({ from: day, to: day })
const recomputeBody = z.object({ partnerId: id.optional().meta({ description: 'Only this partner; all when omitted' }) })
const reportQuery = z.object({
  partnerId: id,
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).meta({ description: 'YYYY-MM, over site-local days' }),
  format: z.enum(['json', 'csv']).default('json'),
})

export interface YieldRoutesOptions {
  yieldQueue: Pick<Queue<YieldJob>, 'add'>
}

function publicEstimate(e: YieldEstimate) {
  const { id: _id, ...rest } = e
  return rest
}

/** Yield estimates and forecasts (partner-scoped), on-demand recomputation (ops), monthly reports. */
export async function yieldRoutes(app: FastifyInstance, opts: YieldRoutesOptions) {
  const found = (e: YieldEstimate | null, what: string, scopeId: string) => {
    if (!e) throw notFound(`${what} estimate (none computed yet) for`, scopeId)
    return publicEstimate(e)
  }

  app.get(
    '/yield/hives/:deviceId',
    { schema: { tags: ['yield'], summary: "A hive's latest honey estimate and forecast", params: jsonSchema(deviceParams, 'input'), response: { 200: jsonSchema(estimate) } } },
    async (request) => {
      const { deviceId } = request.params as z.output<typeof deviceParams>
      await findVisibleDevice(app, request, deviceId)
      return found(await app.yields.latest('hive', deviceId, 'honey'), 'honey', deviceId)
    },
  )

  app.get(
    '/yield/hives/:deviceId/daily',
    {
      schema: {
        tags: ['yield'],
        summary: "A hive's daily net production (manipulations removed), site-local days",
        params: jsonSchema(deviceParams, 'input'),
        querystring: jsonSchema(dailyQuery, 'input'),
        response: { 200: jsonSchema(z.object({ days: z.array(z.object({ day, netGainKg: z.number(), removedStepsKg: z.number(), coverage: z.number() })) })) },
      },
    },
    async (request) => {
      const { deviceId } = request.params as z.output<typeof deviceParams>
      const query = request.query as z.output<typeof dailyQuery>
      if (query.to < query.from) throw badRequest('querystring/to', 'must not be before querystring/from')
      await findVisibleDevice(app, request, deviceId)
      return { days: await app.yields.dailyProduction(deviceId, query.from, query.to) }
    },
  )

  app.get(
    '/yield/sites/:siteId',
    { schema: { tags: ['yield'], summary: "An apiary's honey or a grove's olive estimate and forecast", params: jsonSchema(siteParams, 'input'), response: { 200: jsonSchema(estimate) } } },
    async (request) => {
      const { siteId } = request.params as z.output<typeof siteParams>
      const site = await findVisibleSite(app, request, siteId)
      return site.kind === 'apiary'
        ? found(await app.yields.latest('site', siteId, 'honey'), 'honey', siteId)
        : found(await app.yields.latest('grove', siteId, 'olive'), 'olive', siteId)
    },
  )

  app.get(
    '/yield/partners/:partnerId',
    {
      schema: {
        tags: ['yield'],
        summary: "A partner's latest estimates: totals, and each site and hive",
        params: jsonSchema(partnerParams, 'input'),
        response: { 200: jsonSchema(z.object({ estimates: z.array(estimate) })) },
      },
    },
    async (request) => {
      const { partnerId } = request.params as z.output<typeof partnerParams>
      if (!canSeePartner(request, partnerId)) throw notFound('partner', partnerId)
      return { estimates: (await app.yields.latestOfPartner(partnerId)).map(publicEstimate) }
    },
  )

  app.post(
    '/yield/recompute',
    {
      onRequest: app.requireOps,
      schema: {
        tags: ['yield'],
        summary: 'Recompute estimates now instead of at the next scheduled run (ops)',
        body: jsonSchema(recomputeBody, 'input'),
        response: { 202: jsonSchema(z.object({ jobId: z.string() })) },
      },
    },
    async (request, reply) => {
      const body = (request.body ?? {}) as z.output<typeof recomputeBody>
      const job = await opts.yieldQueue.add(YIELD_JOB_NAME, { ...(body.partnerId && { partnerId: body.partnerId }), reason: 'on-demand' })
      return reply.code(202).send({ jobId: String(job.id) })
    },
  )

  app.get(
    '/reports/production',
    {
      schema: {
        tags: ['yield'],
        summary: "A partner's monthly production report (JSON or CSV)",
        querystring: jsonSchema(reportQuery, 'input'),
      },
    },
    async (request, reply) => {
      const query = request.query as z.output<typeof reportQuery>
      const scope = partnerScope(request)
      if (scope !== undefined && scope !== query.partnerId) throw notFound('partner', query.partnerId)
      const [partner] = await app.registry.listPartners([query.partnerId])
      if (!partner) throw notFound('partner', query.partnerId)
      const report = await buildProductionReport({ yields: app.yields, interventions: app.interventions, registry: app.registry }, partner, query.month)
      if (query.format === 'json') return report
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="production-${partner.id}-${query.month}.csv"`)
        .send(productionReportCsv(report))
    },
  )
}
