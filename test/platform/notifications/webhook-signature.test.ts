import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { signWebhookPayload, verifyWebhookSignature } from '../../../platform/notifications/webhook-signature.js'

const secret = 'whsec_test-secret'
const body = '{"type":"opened","alert":{"id":"a1"}}'
const now = 1_767_225_600
const TOLERANCE_S = 300

describe('webhook signatures', () => {
  it('is the hex HMAC-SHA256 of "<timestamp>.<body>", as a receiver would compute it by hand', () => {
    const expected = createHmac('sha256', secret).update(`${now}.${body}`).digest('hex')
    expect(signWebhookPayload(secret, now, body)).toBe(`sha256=${expected}`)
  })

  it('verifies its own signature, with the timestamp as a number or as the header string', () => {
    const header = signWebhookPayload(secret, now, body)
    expect(verifyWebhookSignature(secret, now, body, header, TOLERANCE_S, now)).toBe(true)
    expect(verifyWebhookSignature(secret, String(now), body, header, TOLERANCE_S, now + 10)).toBe(true)
  })

  it('refuses a tampered body, another secret and a signature moved to another timestamp', () => {
    const header = signWebhookPayload(secret, now, body)
    expect(verifyWebhookSignature(secret, now, body.replace('a1', 'a2'), header, TOLERANCE_S, now)).toBe(false)
    expect(verifyWebhookSignature('whsec_other', now, body, header, TOLERANCE_S, now)).toBe(false)
    expect(verifyWebhookSignature(secret, now + 1, body, header, TOLERANCE_S, now)).toBe(false)
  })

  it('refuses a stale timestamp (a replay) and one from too far ahead, even correctly signed', () => {
    const old = now - TOLERANCE_S - 1
    expect(verifyWebhookSignature(secret, old, body, signWebhookPayload(secret, old, body), TOLERANCE_S, now)).toBe(false)
    const ahead = now + TOLERANCE_S + 1
    expect(verifyWebhookSignature(secret, ahead, body, signWebhookPayload(secret, ahead, body), TOLERANCE_S, now)).toBe(false)
    const edge = now - TOLERANCE_S
    expect(verifyWebhookSignature(secret, edge, body, signWebhookPayload(secret, edge, body), TOLERANCE_S, now)).toBe(true)
  })

  it('refuses malformed headers and timestamps without throwing', () => {
    const hex = signWebhookPayload(secret, now, body).slice('sha256='.length)
    for (const header of [undefined, '', hex, `sha1=${hex}`, `sha256=${hex.slice(2)}`, `sha256=${hex}00`, 'sha256=zz']) {
      expect(verifyWebhookSignature(secret, now, body, header, TOLERANCE_S, now)).toBe(false)
    }
    for (const timestamp of ['', 'abc', '1.5', '-1']) {
      expect(verifyWebhookSignature(secret, timestamp, body, `sha256=${hex}`, TOLERANCE_S, now)).toBe(false)
    }
  })
})
