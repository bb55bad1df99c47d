import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifySecret } from '../../platform/secrets.js'
import { createLastSeenStore } from '../../platform/stores/last-seen-store.js'
import { uniqueId } from '../support/test-config.js'
import { bearer, seedPartner, startApi, type ApiHarness, type SeededPartner } from './api-harness.js'

describe('registry routes', () => {
  let h: ApiHarness
  let ops: Record<string, string>
  let alpha: SeededPartner
  let beta: SeededPartner

  beforeAll(async () => {
    h = await startApi()
    ops = bearer(h.opsKey)
    alpha = await seedPartner(h, 'hive')
    beta = await seedPartner(h, 'grove')
  })
  afterAll(() => h.close())

  it('creates a device, returns its secret once and stores only an scrypt hash', async () => {
    const deviceId = uniqueId('d')
    const created = await h.app.inject({
      method: 'POST',
      url: '/v1/devices',
      headers: ops,
      payload: { id: deviceId, siteId: alpha.siteId, kind: 'hive', name: 'Hive 7', hardware: 'esp32+hx711' },
    })
    expect(created.statusCode).toBe(201)
    expect(created.headers['cache-control']).toBe('no-store')
    const body = created.json()
    expect(body.device).toMatchObject({ id: deviceId, partnerId: alpha.partnerId, siteId: alpha.siteId, kind: 'hive', name: 'Hive 7' })
    expect(body.mqtt).toEqual({
      username: deviceId,
      topics: {
        telemetry: `mtc/v1/${alpha.partnerId}/${deviceId}/telemetry`,
        status: `mtc/v1/${alpha.partnerId}/${deviceId}/status`,
        commands: `mtc/v1/${alpha.partnerId}/${deviceId}/commands`,
        ack: `mtc/v1/${alpha.partnerId}/${deviceId}/ack`,
      },
    })
    expect(body.secret).toMatch(/^[A-Za-z0-9_-]{43}$/)

    const { rows } = await h.pool.query<{ secret_hash: string }>('SELECT secret_hash FROM devices WHERE id = $1', [deviceId])
    expect(rows[0]!.secret_hash).toMatch(/^scrypt\$/)
    expect(rows[0]!.secret_hash).not.toContain(body.secret)
    expect(await verifySecret(body.secret, rows[0]!.secret_hash)).toBe(true)

    const again = await h.app.inject({ url: `/v1/devices/${deviceId}`, headers: ops })
    expect(again.statusCode).toBe(200)
    expect(again.body).not.toContain(body.secret)
    expect(again.json()).not.toHaveProperty('secret')
  })

  it('refuses duplicates, missing sites, mismatched kinds and unknown time zones', async () => {
    const dup = await h.app.inject({ method: 'POST', url: '/v1/partners', headers: ops, payload: { id: alpha.partnerId, name: 'x' } })
    expect(dup.statusCode).toBe(409)
    const noSite = await h.app.inject({
      method: 'POST',
      url: '/v1/devices',
      headers: ops,
      payload: { id: uniqueId('d'), siteId: 'no-such-site', kind: 'hive' },
    })
    expect(noSite.statusCode).toBe(400)
    expect(noSite.json().message).toContain('body/siteId')
    const wrongKind = await h.app.inject({
      method: 'POST',
      url: '/v1/devices',
      headers: ops,
      payload: { id: uniqueId('d'), siteId: alpha.siteId, kind: 'grove' },
    })
    expect(wrongKind.statusCode).toBe(400)
    expect(wrongKind.json().message).toContain('body/kind')
    const badZone = await h.app.inject({
      method: 'POST',
      url: `/v1/partners/${alpha.partnerId}/sites`,
      headers: ops,
      payload: { id: uniqueId('s'), name: 'x', kind: 'grove', timezone: 'Europe/Atlantis' },
    })
    expect(badZone.statusCode).toBe(400)
    expect(badZone.json()).toEqual({ error: 'Bad Request', message: expect.stringContaining('body/timezone') })
    const badId = await h.app.inject({ method: 'POST', url: '/v1/partners', headers: ops, payload: { id: 'Not/An/Id', name: 'x' } })
    expect(badId.statusCode).toBe(400)
    expect(badId.json().message).toContain('body/id')
  })

  it('confines a partner key to its own partner; other ids answer 404', async () => {
    const partners = await h.app.inject({ url: '/v1/partners', headers: bearer(alpha.key) })
    expect(partners.json().partners.map((p: { id: string }) => p.id)).toEqual([alpha.partnerId])

    const devices = await h.app.inject({ url: '/v1/devices', headers: bearer(alpha.key) })
    const ids = devices.json().devices.map((d: { id: string }) => d.id)
    expect(ids).toContain(alpha.deviceId)
    expect(ids).not.toContain(beta.deviceId)
    const asked = await h.app.inject({ url: `/v1/devices?partnerId=${beta.partnerId}`, headers: bearer(alpha.key) })
    expect(asked.json().devices).toEqual([])
    const sites = await h.app.inject({ url: '/v1/sites', headers: bearer(alpha.key) })
    expect(sites.json().sites.map((s: { id: string }) => s.id)).toEqual([alpha.siteId])

    const other = await h.app.inject({ url: `/v1/devices/${beta.deviceId}`, headers: bearer(alpha.key) })
    const missing = await h.app.inject({ url: '/v1/devices/no-such-device', headers: bearer(alpha.key) })
    expect(other.statusCode).toBe(404)
    expect(missing.statusCode).toBe(404)
    expect(other.json().message).toBe(`device "${beta.deviceId}" not found`)

    // Operator-only routes refuse a partner key before validating, whatever the body.
    const create = await h.app.inject({ method: 'POST', url: '/v1/partners', headers: bearer(alpha.key), payload: { id: 'BAD ID' } })
    expect(create.statusCode).toBe(403)
  })

  it('lists devices with lastSeenAt from the last-seen store', async () => {
    const at = Date.parse('2025-05-01T10:00:00.000Z')
    await createLastSeenStore(h.redis, h.config.MTC_QUEUE_PREFIX).record(new Map([[alpha.deviceId, at]]))
    const listed = await h.app.inject({ url: `/v1/devices?siteId=${alpha.siteId}`, headers: ops })
    const byId = new Map(listed.json().devices.map((d: { id: string; lastSeenAt: string | null }) => [d.id, d.lastSeenAt]))
    expect(byId.get(alpha.deviceId)).toBe('2025-05-01T10:00:00.000Z')
    const one = await h.app.inject({ url: `/v1/devices/${beta.deviceId}`, headers: ops })
    expect(one.json().lastSeenAt).toBeNull()
  })

  it('issues API keys only to ops, shown once, partner keys naming an existing partner', async () => {
    const created = await h.app.inject({ method: 'POST', url: '/v1/api-keys', headers: ops, payload: { role: 'ops', name: 'grafana' } })
    expect(created.statusCode).toBe(201)
    expect(created.json()).toMatchObject({ role: 'ops', partnerId: null, name: 'grafana', keyId: expect.any(String) })
    const { rows } = await h.pool.query('SELECT key_hash FROM api_keys WHERE id = $1', [created.json().keyId])
    expect(rows[0].key_hash).not.toBe(created.json().key)
    expect((await h.app.inject({ url: '/v1/partners', headers: bearer(created.json().key) })).statusCode).toBe(200)

    const noPartner = await h.app.inject({ method: 'POST', url: '/v1/api-keys', headers: ops, payload: { role: 'partner', name: 'x' } })
    expect(noPartner.json().message).toContain('body/partnerId')
    const ghost = await h.app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: ops,
      payload: { role: 'partner', partnerId: 'ghost-partner', name: 'x' },
    })
    expect(ghost.statusCode).toBe(400)
    const byPartner = await h.app.inject({ method: 'POST', url: '/v1/api-keys', headers: bearer(alpha.key), payload: { role: 'ops', name: 'x' } })
    expect(byPartner.statusCode).toBe(403)
  })
})
