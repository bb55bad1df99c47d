import { checkTelemetry, describeIssues, statusSchema, type DeviceStatus } from '../firmware-contracts/index.js'
import { readingFieldValues } from '../platform/influx/measurements.js'
import type { QueuedMessage } from '../platform/readings-queue.js'
import type { DeadLetter, DeadLetterReason } from '../platform/stores/dead-letter-store.js'
import type { Device } from '../platform/stores/registry-store.js'
import { resolveReadingTime, type TimePolicy } from './reading-time.js'

/** A validated, normalized reading ready for storage. */
export interface NormalizedReading {
  device: Device
  sensor: string
  timeMs: number
  serverTime: boolean
  seq: number
  fields: Record<string, number>
  /** Where it came from, to file it as a dead letter if storage refuses it. */
  messageIndex: number
  readingIndex: number
}

export interface NormalizedStatus {
  device: Device
  timeMs: number
  status: DeviceStatus
}

export interface DecodedMessage {
  readings: NormalizedReading[]
  statuses: NormalizedStatus[]
  deadLetters: DeadLetter[]
}

/** The part of a dead letter that identifies the message it came from. */
export function messageLetterBase(message: QueuedMessage): Omit<DeadLetter, 'reasonCode' | 'reason' | 'readingIndex'> {
  return {
    messageId: message.id,
    receivedAt: new Date(message.receivedAt),
    topic: message.topic,
    partnerId: message.partnerId,
    deviceId: message.deviceId,
    payload: Buffer.from(message.payload, 'base64'),
  }
}

/**
 * Turns one queued MQTT message into readings and dead letters. Pure: the device comes from the
 * registry lookup done by the caller, so every rule here is unit-tested without services.
 * Nothing thrown here; every way a message can be wrong ends as a dead letter with a reason.
 */
export function decodeMessage(
  message: QueuedMessage,
  messageIndex: number,
  device: Device | undefined,
  policy: TimePolicy,
): DecodedMessage {
  const result: DecodedMessage = { readings: [], statuses: [], deadLetters: [] }
  const base = messageLetterBase(message)
  const letter = (reasonCode: DeadLetterReason, reason: string, readingIndex: number | null = null): void => {
    result.deadLetters.push({ ...base, reasonCode, reason, readingIndex })
  }

  if (!device || device.partnerId !== message.partnerId) {
    letter('unknown_device', `device ${message.deviceId} of partner ${message.partnerId} is not registered`)
    return result
  }
  if (device.retiredAt) {
    letter('device_retired', `device ${device.id} was retired on ${device.retiredAt.toISOString()}`)
    return result
  }

  if (message.oversizeBytes !== undefined) {
    letter('payload_too_large', `payload of ${message.oversizeBytes} bytes is over the broker's limit; its first ${base.payload.length} bytes are kept here`)
    return result
  }

  let payload: unknown
  try {
    payload = JSON.parse(base.payload.toString('utf8'))
  } catch (error) {
    letter('undecodable', `payload is not valid JSON (${(error as Error).message})`)
    return result
  }

  const channel = message.topic.slice(message.topic.lastIndexOf('/') + 1)
  if (channel === 'status') {
    const status = statusSchema.safeParse(payload)
    if (!status.success) {
      letter('schema', `status: ${describeIssues(status.error)}`)
      return result
    }
    const time = resolveReadingTime(status.data.ts, message.receivedAt, policy)
    result.statuses.push({ device, timeMs: time.ok ? time.timeMs : message.receivedAt, status: status.data })
    return result
  }
  if (channel !== 'telemetry') {
    letter('unsupported_channel', `messages on the ${channel} channel are not stored`)
    return result
  }

  const telemetry = checkTelemetry(device.kind, payload)
  if ('error' in telemetry) {
    letter('schema', telemetry.error)
    return result
  }
  for (const check of telemetry.checks) {
    if (!check.ok) {
      letter('schema', check.error, check.index)
      continue
    }
    const { reading, index } = check
    const time = resolveReadingTime(reading.ts, message.receivedAt, policy)
    if (!time.ok) {
      letter('future_timestamp', telemetry.checks.length > 1 ? `reading ${index}: ${time.reason}` : time.reason, index)
      continue
    }
    result.readings.push({
      device,
      sensor: reading.sensor ?? 'main',
      timeMs: time.timeMs,
      serverTime: time.serverTime,
      seq: reading.seq,
      fields: readingFieldValues(device.kind, reading),
      messageIndex,
      readingIndex: index,
    })
  }
  return result
}
