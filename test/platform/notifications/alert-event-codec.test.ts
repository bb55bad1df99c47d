import { describe, expect, it } from 'vitest'
import { alertEventId, decodeAlertEvent, encodeAlertEvent } from '../../../platform/notifications/alert-event-codec.js'
import { alertEvent } from './alert-event-fixture.js'

describe('alert event codec', () => {
  it('decodes what it encodes', () => {
    const event = alertEvent()
    expect(decodeAlertEvent(encodeAlertEvent(event))).toEqual({ ok: true, event })
  })

  it('refuses non-JSON and wrong shapes, naming the field', () => {
    expect(decodeAlertEvent('{nope')).toEqual({ ok: false, reason: 'not JSON' })
    const event = alertEvent()
    const badRule = JSON.stringify({ ...event, alert: { ...event.alert, rule: 'hive.dragon' } })
    expect(decodeAlertEvent(badRule)).toMatchObject({ ok: false, reason: expect.stringContaining('alert.rule') })
    expect(decodeAlertEvent('42')).toMatchObject({ ok: false })
  })

  it('gives one id per change of an alert, the same wherever it is computed', () => {
    const opened = alertEvent({ alertId: 'alert-1' })
    const copy = decodeAlertEvent(encodeAlertEvent(opened))
    expect(copy.ok && alertEventId(copy.event)).toBe(alertEventId(opened))
    expect(alertEventId({ ...opened, type: 'acknowledged' })).not.toBe(alertEventId(opened))
    expect(alertEventId({ ...opened, at: '2030-01-01T00:00:00.000Z' })).not.toBe(alertEventId(opened))
    expect(alertEventId(opened)).toMatch(/^[0-9a-f]{32}$/)
  })
})
