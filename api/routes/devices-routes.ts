import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { deviceTopic, type DeviceKind } from '../../firmware-contracts/index.js'
import { hashSecret, newSecret } from '../../platform/secrets.js'
import type { Device, SiteKind } from '../../platform/stores/registry-store.js'
import { badRequest, DependencyUnavailableError } from '../errors.js'
import { device, errorResponse, id, jsonSchema } from '../schemas.js'
import { findVisibleDevice, partnerScope } from '../scope.js'

/** Hive scales stand in apiaries, grove stations in olive groves. */
const SITE_KIND_FOR: Record<DeviceKind, SiteKind> = { hive: 'apiary', grove: 'grove' }

const createDeviceBody = z.object({
  id,
  siteId: id,
  kind: z.enum(['hive', 'grove']),
  name: z.string().min(1).max(200).optional(),
  hardware: z.string().min(1).max(200).optional().meta({ description: 'Board and sensor kit, free text' }),
})

const createdDevice = z.object({
  device,
  secret: z.string().meta({ description: 'MQTT password. Shown once: only its scrypt hash is stored' }),
  mqtt: z.object({
    username: z.string(),
    topics: z.object({ telemetry: z.string(), status: z.string(), commands: z.string(), ack: z.string() }),
  }),
})

const devicesQuery = z.object({ partnerId: id.optional(), siteId: id.optional() })
const deviceParams = z.object({ deviceId: id })

export async function devicesRoutes(app: FastifyInstance) {
  async function withLastSeen(devices: Device[]) {
    const lastSeen = await app.lastSeen.get(devices.map((d) => d.id)).catch((error: unknown) => {
      throw new DependencyUnavailableError('Redis', error)
    })
    return devices.map((d) => ({ ...d, lastSeenAt: lastSeen.get(d.id) ?? null }))
  }

  app.post(
    '/devices',
    {
      onRequest: app.requireOps,
      schema: {
        tags: ['registry'],
        summary: 'Register a device and issue its MQTT credentials (ops)',
        description: 'The secret is in this response only; lose it and the device must be registered again.',
        body: jsonSchema(createDeviceBody, 'input'),
        response: { 201: jsonSchema(createdDevice), 409: jsonSchema(errorResponse) },
      },
    },
    async (request, reply) => {
      const body = request.body as z.output<typeof createDeviceBody>
      const site = await app.registry.getSite(body.siteId)
      if (!site) throw badRequest('body/siteId', `names no site ("${body.siteId}")`)
      if (SITE_KIND_FOR[body.kind] !== site.kind) {
        throw badRequest('body/kind', `"${body.kind}" needs an ${SITE_KIND_FOR[body.kind]} site; site "${site.id}" is a ${site.kind}`)
      }
      const secret = newSecret()
      const created = await app.registry.createDevice({
        id: body.id,
        partnerId: site.partnerId,
        siteId: site.id,
        kind: body.kind,
        name: body.name ?? null,
        hardware: body.hardware ?? null,
        secretHash: await hashSecret(secret),
      })
      const topic = (channel: 'telemetry' | 'status' | 'commands' | 'ack') => deviceTopic(site.partnerId, created.id, channel)
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({
          device: { ...created, lastSeenAt: null },
          secret,
          mqtt: {
            username: created.id,
            topics: { telemetry: topic('telemetry'), status: topic('status'), commands: topic('commands'), ack: topic('ack') },
          },
        })
    },
  )

  app.get(
    '/devices',
    {
      schema: {
        tags: ['registry'],
        summary: 'Devices this key may see, with when each was last heard from',
        querystring: jsonSchema(devicesQuery, 'input'),
        response: { 200: jsonSchema(z.object({ devices: z.array(device) })) },
      },
    },
    async (request) => {
      const query = request.query as z.output<typeof devicesQuery>
      const scope = partnerScope(request)
      if (scope !== undefined && query.partnerId !== undefined && query.partnerId !== scope) return { devices: [] }
      const devices = await app.registry.listDevices({ partnerId: scope ?? query.partnerId, siteId: query.siteId })
      return { devices: await withLastSeen(devices) }
    },
  )

  app.get(
    '/devices/:deviceId',
    {
      schema: {
        tags: ['registry'],
        summary: 'One device, with when it was last heard from',
        params: jsonSchema(deviceParams, 'input'),
        response: { 200: jsonSchema(device) },
      },
    },
    async (request) => {
      const { deviceId } = request.params as z.output<typeof deviceParams>
      const [found] = await withLastSeen([await findVisibleDevice(app, request, deviceId)])
      return found
    },
  )
}
