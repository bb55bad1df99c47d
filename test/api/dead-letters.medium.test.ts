import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDeadLetterStore, type DeadLetter } from '../../platform/stores/dead-letter-store.js'
import { uniqueId } from '../support/test-config.js'
import { bearer, seedPartner, startApi, type ApiHarness, type SeededPartner } from './api-harness.js'

describe('GET /v1/dead-letters', () => {
  let h: ApiHarness
  let alpha: SeededPartner
  let beta: SeededPartner
  const letters = (query: string, key = h.opsKey) => h.app.inject({ url: `/v1/dead-letters?${query}`, headers: bearer(key) })

  const letter = (seeded: SeededPartner, i: number, overrides: Partial<DeadLetter> = {}): DeadLetter => ({
    messageId: uniqueId('m'),
    receivedAt: new Date(Date.UTC(2025, 5, 1, 12, i)),
    topic: `mtc/v1/${seeded.partnerId}/${seeded.deviceId}/telemetry`,
    partnerId: seeded.partnerId,
    deviceId: seeded.deviceId,
    reasonCode: 'schema',
    reason: `readings[${i}].weight_kg: must be at most 500`,
    payload: Buffer.from(JSON.stringify({ seq: i, weight_kg: 9999 })),
    readingIndex: i,
    ...overrides,
  })

  beforeAll(async () => {
    h = await startApi()
    alpha = await seedPartner(h, 'hive')
    beta = await seedPartner(h, 'grove')
    const store = createDeadLetterStore(h.pool)
    await store.addMany([0, 1, 2, 3, 4].map((i) => letter(alpha, i)))
    await store.addMany([
      letter(alpha, 5, { reasonCode: 'undecodable', reason: 'not JSON and not the binary codec', payload: Buffer.from([0xff, 0x00, 0xfe]), readingIndex: null }),
      letter(beta, 0),
    ])
  })
  afterAll(() => h.close())

  it("shows a partner only its own letters, with the raw payload and reason", async () => {
    const response = await letters(`deviceId=${alpha.deviceId}&limit=1000`, alpha.key)
    expect(response.statusCode).toBe(200)
    const body = response.json()
    expect(body.deadLetters).toHaveLength(6)
    expect(body.nextBefore).toBeNull()
    expect(body.deadLetters[0]).toMatchObject({
      reasonCode: 'undecodable',
      payload: Buffer.from([0xff, 0x00, 0xfe]).toString('base64'),
      payloadEncoding: 'base64',
      readingIndex: null,
      receivedAt: '2025-06-01T12:05:00.000Z',
      topic: `mtc/v1/${alpha.partnerId}/${alpha.deviceId}/telemetry`,
    })
    expect(body.deadLetters[1]).toMatchObject({ reasonCode: 'schema', payloadEncoding: 'utf8', readingIndex: 4 })
    expect(JSON.parse(body.deadLetters[1].payload)).toEqual({ seq: 4, weight_kg: 9999 })

    const mine = (await letters('limit=1000', alpha.key)).json().deadLetters
    expect(mine.every((l: { partnerId: string }) => l.partnerId === alpha.partnerId)).toBe(true)
  })

  it("answers 404 when a partner names another partner's device", async () => {
    const response = await letters(`deviceId=${beta.deviceId}`, alpha.key)
    expect(response.statusCode).toBe(404)
    expect((await letters(`deviceId=${beta.deviceId}`)).json().deadLetters).toHaveLength(1)
  })

  it('pages newest first with the before cursor and filters by reason and time', async () => {
    const first = (await letters(`deviceId=${alpha.deviceId}&limit=4`)).json()
    expect(first.deadLetters.map((l: { readingIndex: number | null }) => l.readingIndex)).toEqual([null, 4, 3, 2])
    expect(first.nextBefore).toBe(first.deadLetters[3].id)
    const second = (await letters(`deviceId=${alpha.deviceId}&limit=4&before=${first.nextBefore}`)).json()
    expect(second.deadLetters.map((l: { readingIndex: number | null }) => l.readingIndex)).toEqual([1, 0])
    expect(second.nextBefore).toBeNull()

    const schemaOnly = (await letters(`deviceId=${alpha.deviceId}&reason=schema`)).json().deadLetters
    expect(schemaOnly).toHaveLength(5)
    const window = (await letters(`deviceId=${alpha.deviceId}&from=2025-06-01T12:01:00Z&to=2025-06-01T12:03:00Z`)).json()
    expect(window.deadLetters.map((l: { readingIndex: number | null }) => l.readingIndex)).toEqual([2, 1])
  })

  it.each([
    ['reason=nope', 'querystring/reason must be one of'],
    ['limit=1001', 'querystring/limit'],
    ['before=abc', 'querystring/before'],
    ['from=2025-06-01', 'querystring/from must be an ISO date-time'],
    ['from=2025-06-02T00:00:00Z&to=2025-06-01T00:00:00Z', 'querystring/to must be after querystring/from'],
  ])('answers 400 naming the field for %s', async (query, message) => {
    const response = await letters(query)
    expect(response.statusCode).toBe(400)
    expect(response.json().message).toContain(message)
  })
})
