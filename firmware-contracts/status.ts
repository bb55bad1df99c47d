import { z } from 'zod'
import { readingTimestamp } from './reading-common.js'

/** `status` payload: device health, published retained on connect and periodically. */
export const statusSchema = z.strictObject({
  ts: readingTimestamp.optional(),
  battery_v: z.number().min(0).max(15).optional(),
  battery_pct: z.number().min(0).max(100).optional(),
  rssi_dbm: z.number().min(-150).max(0).optional(),
  snr_db: z.number().min(-40).max(40).optional(),
  firmware: z.string().min(1).max(64),
  uptime_s: z.number().int().min(0),
  reset_reason: z.string().max(64).optional(),
})

export type DeviceStatus = z.infer<typeof statusSchema>

/** `commands` payload (server → device); the device answers on `ack` with the same id. */
export const commandSchema = z.strictObject({
  id: z.string().min(1).max(64),
  command: z.enum(['set_interval', 'tare', 'reboot', 'resend_since']),
  args: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
})

export const commandAckSchema = z.strictObject({
  id: z.string().min(1).max(64),
  ok: z.boolean(),
  detail: z.string().max(256).optional(),
})

export type DeviceCommand = z.infer<typeof commandSchema>
