import { deviceTopic, parseDeviceTopic, type DeviceChannel } from '../firmware-contracts/index.js'

export interface DeviceIdentity {
  deviceId: string
  partnerId: string
}

/** Channels a device may publish on; `commands` flows the other way. */
const PUBLISHABLE: ReadonlySet<DeviceChannel> = new Set(['telemetry', 'status', 'ack'])

export type PublishDecision = { allowed: true; channel: DeviceChannel } | { allowed: false; reason: string }

/** A device publishes under its own partner and device id only (DESIGN invariant 4). */
export function authorizeDevicePublish(device: DeviceIdentity, topic: string): PublishDecision {
  const parsed = parseDeviceTopic(topic)
  if (!parsed) return { allowed: false, reason: `not a device topic: ${topic}` }
  if (parsed.partnerId !== device.partnerId || parsed.deviceId !== device.deviceId) {
    return { allowed: false, reason: `device ${device.deviceId} may not publish on ${topic}` }
  }
  if (!PUBLISHABLE.has(parsed.channel)) {
    return { allowed: false, reason: `devices do not publish on the ${parsed.channel} channel` }
  }
  return { allowed: true, channel: parsed.channel }
}

/** A device subscribes to exactly its own commands topic, no wildcards. */
export function authorizeDeviceSubscribe(device: DeviceIdentity, topicFilter: string): boolean {
  return topicFilter === deviceTopic(device.partnerId, device.deviceId, 'commands')
}
