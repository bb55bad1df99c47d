import { z } from 'zod'
import { bookedMovementKinds, movementKinds, productKinds } from '../../platform/stock/index.js'
import { dateTime, id } from '../schemas.js'

/** Request and response shapes of the stock routes (OpenAPI comes from these). */
export const DEFAULT_LIMIT = 100
export const MAX_LIMIT = 1000

/** Ajv's `date` format: a calendar day that exists (2026-02-30 does not). */
export const day = z.iso.date().meta({ description: 'YYYY-MM-DD' })
export const numericId = z.string().regex(/^\d{1,18}$/)
export const reason = z.string().min(1).max(2000).meta({ description: 'Why: kept in the audit trail' })
export const orderRef = z.string().min(1).max(200).regex(/^[\w.:@/-]+$/).meta({ description: 'The order, hold or conversion the movement belongs to' })
export const units = z.number().int()

export const product = z.object({
  id,
  partnerId: id,
  name: z.string(),
  kind: z.enum(productKinds),
  unit: z.string().meta({ examples: ['jar 250 g', 'bottle 500 ml'] }),
  unitKg: z.number().nullable().meta({ description: 'Kilograms of product per unit: turns harvests and forecasts into units' }),
  receivesHarvests: z.boolean().meta({ description: "The partner's honey (or oil) product that recorded harvests become" }),
  minCoverDays: z.number().int().nullable(),
  createdBy: z.string(),
  createdAt: dateTime,
})
export const balance = z.object({
  onHand: units,
  reserved: units,
  available: units.meta({ description: 'Sellable now: confirmed lots within their best-before date, less reservations' }),
  expiredUnits: units,
  pendingLots: units,
  pendingUnits: units.meta({ description: 'Expected from pending lots' }),
})
export const productWithBalance = product.extend({ balance })

export const lot = z.object({
  id: z.string(),
  productId: id,
  partnerId: id,
  siteId: z.string().nullable(),
  interventionId: z.string().nullable().meta({ description: 'The recorded harvest it came from' }),
  harvestedOn: z.string(),
  bestBefore: z.string().nullable(),
  status: z.enum(['pending', 'confirmed']),
  estimatedKg: z.number().nullable(),
  estimatedUnits: z.number().int().nullable(),
  createdBy: z.string(),
  requestId: z.string().nullable().meta({ description: 'The request that opened it' }),
  createdAt: dateTime,
  confirmedBy: z.string().nullable(),
  confirmedAt: dateTime.nullable(),
  onHand: units,
  reserved: units,
  available: units,
})

export const movement = z.object({
  id: z.string(),
  productId: z.string(),
  lotId: z.string(),
  kind: z.enum(movementKinds),
  quantity: units,
  onHandDelta: units,
  reservedDelta: units,
  orderRef: z.string().nullable(),
  conversionId: z.string().nullable(),
  actor: z.string().meta({ description: 'The API key name' }),
  reason: z.string(),
  requestId: z.string().nullable(),
  occurredAt: dateTime,
  recordedAt: dateTime,
})

export const createProductBody = z.object({
  id,
  partnerId: id,
  name: z.string().min(1).max(200),
  kind: z.enum(productKinds),
  unit: z.string().min(1).max(100),
  unitKg: z.number().positive().max(1000).optional(),
  receivesHarvests: z.boolean().default(false),
  minCoverDays: z.number().int().min(1).max(3650).optional(),
})
export const productParams = z.object({ productId: id })
export const productsQuery = z.object({ partnerId: id.optional() })
export const lotParams = z.object({ lotId: numericId })
export const orderParams = z.object({ orderRef })
export const createLotBody = z.object({
  productId: id,
  siteId: id.optional(),
  harvestedOn: day.meta({ description: 'Production day of the batch' }),
  bestBefore: day.optional(),
  estimatedUnits: z.number().int().min(0).max(10_000_000).optional(),
  reason,
})
export const lotsQuery = z.object({
  productId: id.optional(),
  status: z.enum(['pending', 'confirmed']).optional(),
  limit: z.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT),
  before: numericId.optional().meta({ description: 'Keyset cursor: nextBefore of the previous page' }),
})
export const confirmBody = z.object({
  quantity: z.number().int().min(1).max(10_000_000).meta({ description: "Units actually bottled, in the product's unit" }),
  bestBefore: day.optional(),
  occurredAt: dateTime.optional(),
  reason,
})
export const movementBody = z.object({
  kind: z.enum(bookedMovementKinds).meta({ description: 'A receipt is booked by confirming the lot' }),
  quantity: z.number().int().min(-10_000_000).max(10_000_000).meta({ description: 'Positive; signed for adjustments' }),
  orderRef: orderRef.optional().meta({ description: 'Required for all kinds but adjustments' }),
  occurredAt: dateTime.optional(),
  reason,
})
export const orderBody = z.object({
  orderRef,
  quantity: z.number().int().min(1).max(10_000_000),
  kind: z.enum(['order', 'reservation']).default('order').meta({ description: 'order: a sale (counts as demand); reservation: a hold' }),
  occurredAt: dateTime.optional(),
  reason,
})
export const closeOrderBody = z.object({ occurredAt: dateTime.optional(), reason })
export const kpisQuery = z.object({ from: day, to: day.meta({ description: 'Exclusive' }), partnerId: id.optional() })

export const projection = z.object({
  productId: z.string(),
  partnerId: z.string(),
  available: units,
  pendingUnits: units,
  forecastUnits: units.meta({ description: 'Still to come from the latest partner yield forecast' }),
  dailyDemand: z.number(),
  horizonDays: z.number(),
  projectedUnits: z.number().meta({ description: 'available + pending + forecast − demand over the horizon' }),
  coverDays: z.number().nullable(),
  projectedCoverDays: z.number().nullable(),
  minCoverDays: z.number(),
})
export const finding = z.object({
  productId: z.string(),
  partnerId: z.string(),
  kind: z.enum(['stock_out_risk', 'replenish']),
  coverDays: z.number(),
  evidence: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
})
export const kpis = z.object({
  from: z.string(),
  to: z.string(),
  partnerId: z.string().nullable(),
  products: units,
  availability: z.number().nullable().meta({ description: 'Share of products with sellable units at the end of the window' }),
  stockOutRate: z.number().nullable().meta({ description: 'Product-days that ended with nothing sellable' }),
  productDays: units,
  stockOutDays: units,
  shippedUnits: units,
  returnedUnits: units,
  returnsRate: z.number().nullable(),
  ordersShipped: units,
  shippingHoursP50: z.number().nullable(),
  shippingHoursP95: z.number().nullable(),
})
