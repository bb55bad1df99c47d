import { Queue, type ConnectionOptions } from 'bullmq'

/**
 * The durable hand-off between the broker and the processors: one job holds every MQTT message
 * the broker gathered in one micro-batch, exactly as received. Validation happens downstream, so
 * the broker's ack path does no parsing and a bad payload still reaches the dead-letter store.
 */
export interface QueuedMessage {
  /** Unique per PUBLISH as received; a device's resend is a new message with the same readings. */
  id: string
  topic: string
  partnerId: string
  deviceId: string
  /** Server receive time, epoch ms. */
  receivedAt: number
  /** Raw payload, base64 (payloads may be binary). */
  payload: string
  /** Set when the payload was over the broker's limit: its size; `payload` then holds only its head. */
  oversizeBytes?: number
}

/** How much of an oversized payload is kept for the dead letter: enough for a person to see what it was. */
export const OVERSIZE_HEAD_BYTES = 4096

export interface ReadingsJob {
  messages: QueuedMessage[]
}

export const READINGS_JOB_NAME = 'messages'

export interface ReadingsQueueOptions {
  name: string
  prefix: string
  connection: ConnectionOptions
}

export function createReadingsQueue(options: ReadingsQueueOptions): Queue<ReadingsJob> {
  return new Queue<ReadingsJob>(options.name, {
    connection: options.connection,
    prefix: options.prefix,
    defaultJobOptions: { removeOnComplete: true, removeOnFail: false },
  })
}
