import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { uniqueId } from '../support/test-config.js'
import { bearer, seedPartner, startApi, type ApiHarness, type SeededPartner } from './api-harness.js'

describe('stock, points and audit routes', () => {
  let h: ApiHarness
  let ops: Record<string, string>
  let alpha: SeededPartner
  let beta: SeededPartner
  let productId: string
  let lotId: string

  beforeAll(async () => {
    h = await startApi()
    ops = bearer(h.opsKey)
    alpha = await seedPartner(h, 'hive')
    beta = await seedPartner(h, 'hive')
    productId = uniqueId('honey-jar')
    const product = await post('/v1/stock/products', { id: productId, partnerId: alpha.partnerId, name: 'Acacia honey 250 g', kind: 'honey', unit: 'jar 250 g', unitKg: 0.25, receivesHarvests: true })
    expect(product.statusCode, product.body).toBe(201)
    const lot = await post('/v1/stock/lots', { productId, siteId: alpha.siteId, harvestedOn: '2026-07-01', bestBefore: '2028-07-01', estimatedUnits: 12, reason: 'spring batch' })
    expect(lot.statusCode, lot.body).toBe(201)
    lotId = lot.json<{ id: string }>().id
  })
  afterAll(() => h.close())

  const post = (url: string, payload: object, headers = ops) => h.app.inject({ method: 'POST', url, headers, payload })
  const put = (url: string, payload: object, headers = ops) => h.app.inject({ method: 'PUT', url, headers, payload })
  const get = (url: string, headers = ops) => h.app.inject({ url, headers })

  it('confirms a pending lot into available stock; partners see only their own; supporters no stock', async () => {
    expect((await get(`/v1/stock/lots/${lotId}`)).json()).toMatchObject({ status: 'pending', estimatedUnits: 12, available: 0, createdBy: 'bootstrap' })
    const confirmed = await post(`/v1/stock/lots/${lotId}/confirm`, { quantity: 10, reason: 'bottled: 10 jars' })
    expect(confirmed.statusCode, confirmed.body).toBe(200)
    expect(confirmed.json()).toMatchObject({ status: 'confirmed', onHand: 10, available: 10, confirmedBy: 'bootstrap' })
    expect((await post(`/v1/stock/lots/${lotId}/confirm`, { quantity: 10, reason: 'again' })).statusCode).toBe(409)

    const mine = await get('/v1/stock/products', bearer(alpha.key))
    expect(mine.json<{ products: unknown[] }>().products).toEqual([expect.objectContaining({ id: productId, balance: expect.objectContaining({ onHand: 10, available: 10 }) })])
    expect((await get('/v1/stock/products', bearer(beta.key))).json<{ products: unknown[] }>().products).toEqual([])
    expect((await get(`/v1/stock/lots/${lotId}`, bearer(beta.key))).statusCode).toBe(404)
    expect((await get(`/v1/audit/products/${productId}`, bearer(beta.key))).statusCode).toBe(404)
    expect((await post(`/v1/stock/lots/${lotId}/confirm`, { quantity: 1, reason: 'x' }, bearer(alpha.key))).statusCode).toBe(403)
    expect((await get('/v1/stock/cover', bearer(alpha.key))).statusCode).toBe(403)
    expect((await get(`/v1/stock/projection`, bearer(alpha.key))).json<{ projections: unknown[] }>().projections).toEqual([
      expect.objectContaining({ productId, available: 10 }),
    ])
  })

  it('names the offending field of bad input', async () => {
    const cases: [string, object, string][] = [
      ['/v1/stock/products', { id: uniqueId('p'), partnerId: alpha.partnerId, name: 'x', kind: 'honey' }, 'body/unit'],
      ['/v1/stock/products', { id: uniqueId('p'), partnerId: alpha.partnerId, name: 'x', kind: 'cosmetic', unit: 'bar', receivesHarvests: true, unitKg: 0.1 }, 'body/kind'],
      ['/v1/stock/products', { id: uniqueId('p'), partnerId: 'no-such-partner', name: 'x', kind: 'other', unit: 'box' }, 'body/partnerId'],
      ['/v1/stock/lots', { productId, harvestedOn: '2026-02-30', reason: 'r' }, 'body/harvestedOn'],
      ['/v1/stock/lots', { productId: 'no-such-product', harvestedOn: '2026-02-03', reason: 'r' }, 'body/productId'],
      [`/v1/stock/lots/${lotId}/movements`, { kind: 'shipment', quantity: 1, reason: 'r' }, 'body/orderRef'],
      [`/v1/stock/lots/${lotId}/movements`, { kind: 'receipt', quantity: 1, reason: 'r' }, 'body/kind'],
      [`/v1/stock/lots/${lotId}/confirm`, { quantity: 0, reason: 'r' }, 'body/quantity'],
      ['/v1/stock/kpis?from=2026-03-04&to=2026-03-01', {}, 'querystring/to'],
      ['/v1/points/accounts', { id: 'has spaces' }, 'body/id'],
    ]
    for (const [url, payload, field] of cases) {
      const response = url.includes('kpis') ? await get(url) : await post(url, payload)
      expect(response.statusCode, `${url} ${JSON.stringify(payload)}: ${response.body}`).toBe(400)
      expect(response.json<{ message: string }>().message).toContain(field)
    }
  })

  it('lets a supporter key read its balance, convert (409 with the reason when it cannot) and read its history', async () => {
    const accountId = uniqueId('supporter')
    expect((await post('/v1/points/accounts', { id: accountId, displayName: 'Ada' })).statusCode).toBe(201)
    const issued = await post(`/v1/points/accounts/${accountId}/keys`, { name: 'ada-app' })
    expect(issued.statusCode, issued.body).toBe(201)
    const supporter = bearer(issued.json<{ key: string }>().key)
    expect((await post(`/v1/points/accounts/${accountId}/credits`, { points: 100, reason: 'welcome gift' })).statusCode).toBe(201)
    expect((await put(`/v1/points/catalogue/${productId}`, { pointPrice: 30 })).statusCode).toBe(200)

    const account = await get(`/v1/points/accounts/${accountId}`, supporter)
    expect(account.json()).toMatchObject({ id: accountId, balance: { balance: 100, spendable: 100 } })
    expect((await get(`/v1/points/accounts/${uniqueId('someone')}`, supporter)).statusCode).toBe(404)
    expect((await get(`/v1/points/accounts/${accountId}`, bearer(alpha.key))).statusCode).toBe(403)
    expect((await get('/v1/stock/lots', supporter)).statusCode).toBe(403)
    expect((await get('/v1/points/catalogue', supporter)).json<{ items: unknown[] }>().items).toContainEqual(expect.objectContaining({ productId, pointPrice: 30, available: 10 }))

    const idempotent = { ...supporter, 'idempotency-key': uniqueId('idem') }
    const converted = await post(`/v1/points/accounts/${accountId}/conversions`, { productId, quantity: 2 }, idempotent)
    expect(converted.statusCode, converted.body).toBe(201)
    const conversion = converted.json<{ id: string; orderRef: string; points: number; requestId: string }>()
    // Request ids are UUIDs, given back in x-request-id: unique across processes and restarts, as audit needs.
    expect(conversion).toMatchObject({ points: 60, actor: 'ada-app', requestId: converted.headers['x-request-id'], replayed: false })
    expect(conversion.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)

    // The app lost the answer and retries: the same conversion comes back, nothing is spent twice.
    const retried = await post(`/v1/points/accounts/${accountId}/conversions`, { productId, quantity: 2 }, idempotent)
    expect(retried.statusCode).toBe(201)
    expect(retried.headers['idempotent-replayed']).toBe('true')
    expect(retried.json()).toEqual({ ...converted.json(), replayed: true })
    const reused = await post(`/v1/points/accounts/${accountId}/conversions`, { productId, quantity: 1 }, idempotent)
    expect(reused.statusCode).toBe(422)
    expect(reused.json()).toMatchObject({ reason: 'idempotency_key_reused', details: { conversionId: conversion.id } })
    const badKey = await post(`/v1/points/accounts/${accountId}/conversions`, { productId, quantity: 1 }, { ...supporter, 'idempotency-key': 'k'.repeat(256) })
    expect(badKey.statusCode).toBe(400)
    expect(badKey.json<{ message: string }>().message).toContain('headers/idempotency-key')

    const short = await post(`/v1/points/accounts/${accountId}/conversions`, { productId, quantity: 2 }, supporter)
    expect(short.statusCode).toBe(409)
    expect(short.json()).toMatchObject({ error: 'Conflict', reason: 'insufficient_points', details: { required: 60, spendable: 40 }, message: '60 points needed, 40 spendable' })
    const tooMany = await post(`/v1/points/accounts/${accountId}/conversions`, { productId, quantity: 9 }, supporter)
    expect(tooMany.json()).toMatchObject({ reason: 'insufficient_stock', details: { requested: 9, available: 8 } })
    const bad = await post(`/v1/points/accounts/${accountId}/conversions`, { productId, quantity: 0 }, supporter)
    expect(bad.statusCode).toBe(400)
    expect(bad.json<{ message: string }>().message).toContain('body/quantity')

    const history = await get(`/v1/audit/accounts/${accountId}`, supporter)
    expect(history.json<{ entries: unknown[] }>().entries).toEqual([
      expect.objectContaining({ kind: 'debit', points: -60, actor: 'ada-app', requestId: conversion.requestId, allocations: [expect.objectContaining({ points: 60 })] }),
      expect.objectContaining({ kind: 'credit', points: 100, actor: 'bootstrap', reason: 'welcome gift' }),
    ])

    const shipped = await post(`/v1/stock/orders/${conversion.orderRef}/ship`, { reason: 'posted to Ada' })
    expect(shipped.json<{ movements: unknown[] }>().movements).toEqual([expect.objectContaining({ kind: 'shipment', quantity: 2, lotId })])
    const trail = await get(`/v1/audit/lots/${lotId}`, bearer(alpha.key))
    expect(trail.json<{ movements: { kind: string; actor: string; reason: string }[] }>().movements.map((m) => [m.kind, m.actor])).toEqual([
      ['shipment', 'bootstrap'],
      ['order', 'ada-app'],
      ['receipt', 'bootstrap'],
    ])
    const today = new Date().toISOString().slice(0, 10)
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)
    const kpis = await get(`/v1/stock/kpis?from=${today}&to=${tomorrow}`, bearer(alpha.key))
    expect(kpis.json()).toMatchObject({ partnerId: alpha.partnerId, products: 1, availability: 1, shippedUnits: 2, ordersShipped: 1 })
  })

  it('documents the routes under the stock, points and audit tags', async () => {
    const doc = (await h.app.inject({ url: '/docs/json' })).json<{ paths: Record<string, Record<string, { tags?: string[] }>> }>()
    expect(doc.paths['/v1/stock/lots/{lotId}/confirm']?.post?.tags).toEqual(['stock'])
    expect(doc.paths['/v1/points/accounts/{accountId}/conversions']?.post?.tags).toEqual(['points'])
    expect(doc.paths['/v1/audit/accounts/{accountId}']?.get?.tags).toEqual(['audit'])
  })
})
