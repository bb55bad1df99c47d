import { describe, expect, it } from 'vitest'
import { authorizeDevicePublish, authorizeDeviceSubscribe } from '../../ingest/topic-acl.js'

const device = { partnerId: 'habeebee', deviceId: 'hive-1' }

describe('authorizeDevicePublish', () => {
  it.each(['telemetry', 'status', 'ack'])('lets a device publish on its own %s topic', (channel) => {
    expect(authorizeDevicePublish(device, `mtc/v1/habeebee/hive-1/${channel}`)).toEqual({ allowed: true, channel })
  })

  it.each([
    ['another device', 'mtc/v1/habeebee/hive-2/telemetry'],
    ['another partner', 'mtc/v1/promiel/hive-1/telemetry'],
    ['its commands topic', 'mtc/v1/habeebee/hive-1/commands'],
    ['a foreign topic', 'farm/hive-1/telemetry'],
    ['$SYS', '$SYS/broker/clients'],
  ])('refuses %s', (_name, topic) => {
    expect(authorizeDevicePublish(device, topic)).toMatchObject({ allowed: false })
  })
})

describe('authorizeDeviceSubscribe', () => {
  it('allows exactly the own commands topic', () => {
    expect(authorizeDeviceSubscribe(device, 'mtc/v1/habeebee/hive-1/commands')).toBe(true)
    for (const filter of ['mtc/v1/habeebee/+/commands', 'mtc/v1/#', '#', 'mtc/v1/habeebee/hive-2/commands', 'mtc/v1/habeebee/hive-1/telemetry']) {
      expect(authorizeDeviceSubscribe(device, filter)).toBe(false)
    }
  })
})
