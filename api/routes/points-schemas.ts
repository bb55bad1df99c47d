import { z } from 'zod'
import { conversionRefusals } from '../../platform/points/index.js'
import { dateTime, errorResponse, id } from '../schemas.js'
import { movement, numericId, reason } from './stock-schemas.js'

/** Request and response shapes of the points routes (OpenAPI comes from these). */
export const accountId = z.string().min(1).max(200).regex(/^[\w.@-]+$/).meta({ description: "The supporter's id on the Make the CHANGE platform" })

export const account = z.object({ id: z.string(), displayName: z.string().nullable(), createdBy: z.string(), createdAt: dateTime })
export const balance = z.object({
  balance: z.number().int().meta({ description: 'Sum of the ledger' }),
  spendable: z.number().int().meta({ description: 'Points in credits not past their expiry date' }),
  awaitingExpiry: z.number().int().meta({ description: 'Points past their date, not yet written off by the daily expiry' }),
  credits: z.array(z.object({ id: z.string(), expiresAt: dateTime, available: z.number().int() })).meta({ description: 'Open credits, soonest to expire first: the order they are spent in' }),
})
export const entry = z.object({
  id: z.string(),
  accountId: z.string(),
  kind: z.enum(['credit', 'debit', 'expiry']),
  points: z.number().int(),
  expiresAt: dateTime.nullable(),
  ruleId: z.string().nullable(),
  subjectId: z.string().nullable().meta({ description: 'The hive or grove whose production earned the credit' }),
  milestoneKg: z.number().nullable(),
  season: z.string().nullable(),
  conversionId: z.string().nullable(),
  expiredCreditId: z.string().nullable(),
  allocations: z.array(z.object({ creditId: z.string(), points: z.number().int() })).meta({ description: 'The credits a debit or expiry consumed' }),
  actor: z.string(),
  reason: z.string(),
  requestId: z.string().nullable(),
  occurredAt: dateTime,
  recordedAt: dateTime,
})
export const backing = z.object({
  id: z.string(),
  accountId: z.string(),
  partnerId: z.string(),
  scope: z.enum(['hive', 'grove']),
  subjectId: z.string(),
  startedAt: dateTime,
  endedAt: dateTime.nullable(),
})
export const rule = z.object({
  id,
  scope: z.enum(['hive', 'grove']),
  milestonesKg: z.array(z.number()),
  points: z.number().int(),
  expiryMonths: z.number().int(),
  active: z.boolean(),
  description: z.string().nullable(),
  createdBy: z.string(),
  createdAt: dateTime,
})
export const catalogueItem = z.object({
  productId: z.string(),
  partnerId: z.string(),
  name: z.string(),
  unit: z.string(),
  kind: z.string(),
  pointPrice: z.number().int().meta({ description: 'Points per unit' }),
  active: z.boolean(),
  available: z.number().int(),
  updatedBy: z.string(),
  updatedAt: dateTime,
})
export const conversion = z.object({
  id: z.string(),
  accountId: z.string(),
  productId: z.string(),
  quantity: z.number().int(),
  pointPrice: z.number().int(),
  points: z.number().int(),
  actor: z.string(),
  requestId: z.string().nullable(),
  idempotencyKey: z.string().nullable(),
  occurredAt: dateTime,
  replayed: z.boolean().meta({ description: 'True when a retry with the same Idempotency-Key got the first conversion back' }),
  orderRef: z.string().meta({ description: 'Ship it with POST /stock/orders/{orderRef}/ship' }),
  movements: z.array(movement),
  debitEntryId: z.string(),
  consumedCredits: z.array(z.object({ creditId: z.string(), points: z.number().int() })),
})
export const refusal = errorResponse.extend({
  reason: z.enum(conversionRefusals),
  details: z.record(z.string(), z.union([z.number(), z.string()])),
})

export const accountParams = z.object({ accountId })
export const createAccountBody = z.object({ id: accountId, displayName: z.string().min(1).max(200).optional() })
export const keyBody = z.object({ name: z.string().min(1).max(200).meta({ description: 'Who or what holds the key' }) })
export const backingBody = z.object({
  deviceId: id.optional().meta({ description: 'The hive backed' }),
  siteId: id.optional().meta({ description: 'The grove backed' }),
  startedAt: dateTime.optional().meta({ description: 'Now when omitted' }),
})
export const backingParams = z.object({ backingId: numericId })
export const endBackingBody = z.object({ endedAt: dateTime.optional() })
export const creditBody = z.object({
  points: z.number().int().min(1).max(1_000_000),
  expiresAt: dateTime.optional().meta({ description: 'The configured validity (24 months by default) when omitted' }),
  reason,
})
export const conversionBody = z.object({ productId: id, quantity: z.number().int().min(1).max(1000) })
export const conversionHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(255)
    .optional()
    .meta({ description: 'Any unique string (a UUID) per intended conversion: a retry with the same key returns the first conversion instead of making another' }),
})
export const catalogueParams = z.object({ productId: id })
export const catalogueBody = z.object({ pointPrice: z.number().int().min(1).max(10_000_000), active: z.boolean().default(true) })
export const catalogueQuery = z.object({ includeInactive: z.boolean().default(false).meta({ description: 'Ops only' }) })
export const ruleBody = z.object({
  id,
  scope: z.enum(['hive', 'grove']),
  milestonesKg: z.array(z.number().positive().max(1_000_000)).min(1).max(100).meta({ description: 'Season-to-date kg: honey of a hive, olive fruit harvested of a grove' }),
  points: z.number().int().min(1).max(1_000_000).meta({ description: 'Per milestone crossed' }),
  expiryMonths: z.number().int().min(1).max(120).default(24),
  description: z.string().max(2000).optional(),
})
export const ruleParams = z.object({ ruleId: id })
export const ruleActiveBody = z.object({ active: z.boolean() })
export const partnerParams = z.object({ partnerId: id })
export const attribution = z.object({ subjectId: z.string(), season: z.string(), ruleId: z.string(), supporters: z.number().int(), points: z.number().int() })
