import { describe, expect, it } from 'vitest'
import { decodeMessage } from '../../processors/message-decoder.js'
import type { QueuedMessage } from '../../platform/readings-queue.js'
import type { Device } from '../../platform/stores/registry-store.js'

const policy = { earliestDeviceTimeMs: Date.parse('2020-01-01T00:00:00Z'), maxFutureSkewMs: 300_000 }
const receivedAt = Date.parse('2026-05-12T10:00:00Z')
const hive: Device = {
  id: 'hive-1',
  partnerId: 'habeebee',
  siteId: 'apiary-1',
  kind: 'hive',
  name: null,
  hardware: null,
  createdAt: new Date(0),
  retiredAt: null,
}
const grove: Device = { ...hive, id: 'grove-1', siteId: 'grove-site', kind: 'grove' }

function message(payload: string | Buffer, device = hive, channel = 'telemetry'): QueuedMessage {
  return {
    id: 'm-1',
    topic: `mtc/v1/${device.partnerId}/${device.id}/${channel}`,
    partnerId: device.partnerId,
    deviceId: device.id,
    receivedAt,
    payload: Buffer.from(payload).toString('base64'),
  }
}

describe('decodeMessage', () => {
  it('files an oversized payload, of which the broker kept the head, as payload_too_large', () => {
    const result = decodeMessage({ ...message('{"readings":[{"seq":1,'), oversizeBytes: 300_000 }, 0, hive, policy)
    expect(result.readings).toEqual([])
    expect(result.deadLetters).toMatchObject([
      { reasonCode: 'payload_too_large', reason: "payload of 300000 bytes is over the broker's limit; its first 22 bytes are kept here", readingIndex: null },
    ])
  })

  it('normalizes a hive reading', () => {
    const payload = JSON.stringify({ ts: '2026-05-12T09:00:00Z', seq: 4, weight_kg: 41.2, temp_brood_c: 34.6 })
    const decoded = decodeMessage(message(payload), 0, hive, policy)
    expect(decoded.deadLetters).toEqual([])
    expect(decoded.readings).toEqual([
      expect.objectContaining({
        sensor: 'main',
        seq: 4,
        serverTime: false,
        timeMs: Date.parse('2026-05-12T09:00:00Z'),
        fields: { weight_kg: 41.2, temp_brood_c: 34.6 },
      }),
    ])
  })

  it('flattens grove soil layers into one field per depth', () => {
    const payload = JSON.stringify({ seq: 1, soil: [{ depth_cm: 30, moisture_vwc_pct: 31, temp_c: 9 }] })
    const [reading] = decodeMessage(message(payload, grove), 0, grove, policy).readings
    expect(reading?.fields).toEqual({ soil_moisture_vwc_pct_30cm: 31, soil_temp_c_30cm: 9 })
    expect(reading?.serverTime).toBe(true)
  })

  it('keeps the good readings of a batch and files each bad one with its index and field', () => {
    const payload = JSON.stringify({
      readings: [
        { ts: '2026-05-12T08:00:00Z', seq: 1, weight_kg: 40 },
        { ts: '2026-05-12T08:05:00Z', seq: 2, weight_kg: '40.1\u0000\u00ff' },
        { ts: '2026-05-13T08:00:00Z', seq: 3, weight_kg: 40.2 },
        { ts: '2026-05-12T08:15:00Z', seq: 4, weight_kg: 40.3 },
      ],
    })
    const decoded = decodeMessage(message(payload), 0, hive, policy)
    expect(decoded.readings.map((r) => r.seq)).toEqual([1, 4])
    expect(decoded.deadLetters.map((l) => [l.readingIndex, l.reasonCode])).toEqual([
      [1, 'schema'],
      [2, 'future_timestamp'],
    ])
    expect(decoded.deadLetters[0]!.reason).toMatch(/^reading 1: weight_kg: /)
    expect(decoded.deadLetters[0]!.payload.toString()).toBe(payload)
  })

  it.each([
    ['malformed JSON', '{"seq": 1, "weight_kg": 4', 'undecodable', /not valid JSON/],
    ['binary garbage', Buffer.from([0xff, 0x00, 0x13, 0x37]), 'undecodable', /not valid JSON/],
    ['a JSON array', '[1,2]', 'schema', /must be a JSON object/],
    ['a reading of the wrong device kind', '{"seq":1,"air_temp_c":3}', 'schema', /air_temp_c/],
  ])('files %s as a dead letter', (_name, payload, reasonCode, reason) => {
    const decoded = decodeMessage(message(payload), 0, hive, policy)
    expect(decoded.readings).toEqual([])
    expect(decoded.deadLetters).toEqual([expect.objectContaining({ reasonCode, reason: expect.stringMatching(reason) })])
  })

  it('files a message from an unregistered or retired device whole', () => {
    const payload = '{"seq":1,"weight_kg":3}'
    expect(decodeMessage(message(payload), 0, undefined, policy).deadLetters[0]).toMatchObject({
      reasonCode: 'unknown_device',
      reason: 'device hive-1 of partner habeebee is not registered',
    })
    const retired = { ...hive, retiredAt: new Date('2026-01-01T00:00:00Z') }
    expect(decodeMessage(message(payload), 0, retired, policy).deadLetters[0]).toMatchObject({ reasonCode: 'device_retired' })
  })

  it('refuses a device of another partner than the topic says', () => {
    const other = { ...hive, partnerId: 'promiel' }
    expect(decodeMessage(message('{"seq":1,"weight_kg":3}'), 0, other, policy).deadLetters[0]?.reasonCode).toBe('unknown_device')
  })

  it('decodes status messages and refuses bad ones', () => {
    const ok = decodeMessage(message('{"firmware":"2.3.1","uptime_s":60,"battery_v":3.9}', hive, 'status'), 0, hive, policy)
    expect(ok.statuses).toEqual([{ device: hive, timeMs: receivedAt, status: { firmware: '2.3.1', uptime_s: 60, battery_v: 3.9 } }])
    const bad = decodeMessage(message('{"uptime_s":60}', hive, 'status'), 0, hive, policy)
    expect(bad.deadLetters[0]).toMatchObject({ reasonCode: 'schema', reason: expect.stringContaining('firmware') })
  })
})
