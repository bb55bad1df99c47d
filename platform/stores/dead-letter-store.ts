import { isUtf8 } from 'node:buffer'
import type pg from 'pg'

/** Why a message or reading was refused; counted per code in metrics. */
export const deadLetterReasons = [
  'undecodable',
  'schema',
  'unknown_device',
  'device_retired',
  'future_timestamp',
  'stuck_clock',
  'unsupported_channel',
  'storage_rejected',
  'payload_too_large',
] as const
export type DeadLetterReason = (typeof deadLetterReasons)[number]

export interface DeadLetter {
  messageId: string
  receivedAt: Date
  topic: string
  partnerId: string | null
  deviceId: string | null
  reasonCode: DeadLetterReason
  reason: string
  payload: Buffer
  /** Index of the reading within a batch; null when the whole message is refused. */
  readingIndex: number | null
}

export interface StoredDeadLetter extends Omit<DeadLetter, 'payload'> {
  id: string
  /** The raw payload as text when it is UTF-8, else base64 (firmware garbage is kept byte for byte). */
  payload: string
  payloadEncoding: 'utf8' | 'base64'
}

export interface DeadLetterFilter {
  partnerId?: string
  deviceId?: string
  reasonCode?: DeadLetterReason
  from?: Date
  to?: Date
  limit: number
  /** Keyset pagination: letters with an id below this one. */
  before?: string
}

/** Dead letters in PostgreSQL: the raw payload and a reason a person can act on. */
export function createDeadLetterStore(pool: pg.Pool) {
  return {
    /** Re-filing the same (message, reading) is a no-op, so a retried job cannot duplicate letters. */
    async addMany(letters: readonly DeadLetter[]): Promise<void> {
      if (letters.length === 0) return
      await pool.query(
        `INSERT INTO dead_letters
           (message_id, received_at, topic, partner_id, device_id, reason_code, reason, payload, reading_index)
         SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[],
                              $7::text[], $8::bytea[], $9::int[])
         ON CONFLICT (message_id, reading_index) DO NOTHING`,
        [
          letters.map((l) => l.messageId),
          letters.map((l) => l.receivedAt),
          letters.map((l) => l.topic),
          letters.map((l) => l.partnerId),
          letters.map((l) => l.deviceId),
          letters.map((l) => l.reasonCode),
          letters.map((l) => l.reason),
          letters.map((l) => l.payload),
          letters.map((l) => l.readingIndex),
        ],
      )
    },

    async list(filter: DeadLetterFilter): Promise<StoredDeadLetter[]> {
      const result = await pool.query<Omit<StoredDeadLetter, 'payloadEncoding' | 'payload'> & { payload: Buffer }>(
        `SELECT id::text, message_id AS "messageId", received_at AS "receivedAt", topic, partner_id AS "partnerId",
                device_id AS "deviceId", reason_code AS "reasonCode", reason, reading_index AS "readingIndex",
                payload
         FROM dead_letters
         WHERE ($1::text IS NULL OR partner_id = $1) AND ($2::text IS NULL OR device_id = $2)
           AND ($3::text IS NULL OR reason_code = $3) AND ($4::timestamptz IS NULL OR received_at >= $4)
           AND ($5::timestamptz IS NULL OR received_at < $5) AND ($6::bigint IS NULL OR id < $6)
         ORDER BY id DESC LIMIT $7`,
        [
          filter.partnerId ?? null,
          filter.deviceId ?? null,
          filter.reasonCode ?? null,
          filter.from ?? null,
          filter.to ?? null,
          filter.before ?? null,
          filter.limit,
        ],
      )
      return result.rows.map((row) => {
        const utf8 = isUtf8(row.payload)
        return {
          ...row,
          payload: row.payload.toString(utf8 ? 'utf8' : 'base64'),
          payloadEncoding: utf8 ? 'utf8' : 'base64',
        }
      })
    },
  }
}

export type DeadLetterStore = ReturnType<typeof createDeadLetterStore>
