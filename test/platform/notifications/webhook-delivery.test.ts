import { describe, expect, it } from 'vitest'
import { classifyResponse } from '../../../platform/notifications/webhook-delivery.js'

describe('webhook response classes', () => {
  it('delivers on 2xx, gives up on 4xx except 408 and 429, retries the rest', () => {
    expect([200, 201, 202, 204].map(classifyResponse)).toEqual(['delivered', 'delivered', 'delivered', 'delivered'])
    expect([400, 401, 403, 404, 410, 413, 422].map(classifyResponse)).toEqual(Array(7).fill('permanent'))
    expect([408, 429, 500, 502, 503, 504, 301, 302].map(classifyResponse)).toEqual(Array(8).fill('retry'))
  })
})
