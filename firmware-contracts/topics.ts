/**
 * MQTT topic scheme, version 1: `mtc/v1/{partnerId}/{deviceId}/{channel}`.
 * Devices publish `telemetry` and `status` (retained) and subscribe to `commands`; they publish
 * command results on `ack`. The version segment lets a v2 contract live beside v1.
 */
export const TOPIC_ROOT = 'mtc/v1'

export const deviceChannels = ['telemetry', 'status', 'commands', 'ack'] as const
export type DeviceChannel = (typeof deviceChannels)[number]

/** Ids are topic levels, so they exclude `/`, `+`, `#` and anything a shell or URL would mangle. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/
export const ID_PATTERN_SOURCE = ID_PATTERN.source

export interface DeviceTopic {
  partnerId: string
  deviceId: string
  channel: DeviceChannel
}

export function deviceTopic(partnerId: string, deviceId: string, channel: DeviceChannel): string {
  return `${TOPIC_ROOT}/${partnerId}/${deviceId}/${channel}`
}

/** Returns null for anything that is not exactly a v1 device topic. */
export function parseDeviceTopic(topic: string): DeviceTopic | null {
  const parts = topic.split('/')
  if (parts.length !== 5 || `${parts[0]}/${parts[1]}` !== TOPIC_ROOT) return null
  const [, , partnerId, deviceId, channel] = parts as [string, string, string, string, string]
  if (!ID_PATTERN.test(partnerId) || !ID_PATTERN.test(deviceId)) return null
  if (!(deviceChannels as readonly string[]).includes(channel)) return null
  return { partnerId, deviceId, channel: channel as DeviceChannel }
}
