/** The stock ledger's rules, without I/O: what a movement may do to a lot and what a harvest yields. */

export const movementKinds = ['receipt', 'reservation', 'order', 'release', 'shipment', 'return', 'adjustment'] as const
export type MovementKind = (typeof movementKinds)[number]
/** A lot's receipt is its confirmation; every other kind is booked as a movement. */
export type BookedMovementKind = Exclude<MovementKind, 'receipt'>
export const bookedMovementKinds = movementKinds.filter((k): k is BookedMovementKind => k !== 'receipt')

export const productKinds = ['honey', 'olive_oil', 'cosmetic', 'other'] as const
export type ProductKind = (typeof productKinds)[number]

/** Who changed a ledger, why, and in which API request (fastify's request.id); kept on every entry. */
export interface AuditContext {
  actor: string
  reason: string
  requestId: string | null
}

/** A stock operation that cannot be done: the row is missing, or the ledger does not allow it. */
export class StockError extends Error {
  override name = 'StockError'
  constructor(
    message: string,
    readonly kind: 'not_found' | 'conflict',
  ) {
    super(message)
  }
}

export interface LotBalance {
  status: 'pending' | 'confirmed'
  onHand: number
  reserved: number
  available: number
}

/** What one order (or hold) has on one lot. */
export interface OrderLine {
  reserved: number
  shipped: number
  returned: number
}

/**
 * Why a movement may not be booked on this lot, or null when it may. Holds and orders need available
 * units, releases and shipments the order's outstanding reservation, returns what the order shipped,
 * and a negative adjustment may not take units that are reserved.
 */
export function movementProblem(kind: BookedMovementKind, quantity: number, lot: LotBalance, line: OrderLine | null): string | null {
  if (lot.status !== 'confirmed') return 'the lot is pending: confirm it first'
  if (kind !== 'adjustment' && quantity <= 0) return 'quantity must be positive'
  const outstanding = line?.reserved ?? 0
  switch (kind) {
    case 'reservation':
    case 'order':
      return quantity > lot.available ? `only ${lot.available} available in this lot` : null
    case 'release':
    case 'shipment':
      return quantity > outstanding ? `the order has ${outstanding} reserved on this lot` : null
    case 'return': {
      const returnable = (line?.shipped ?? 0) - (line?.returned ?? 0)
      return quantity > returnable ? `the order has ${returnable} shipped and not returned from this lot` : null
    }
    case 'adjustment':
      if (quantity === 0) return 'an adjustment must change the quantity'
      return -quantity > lot.available ? `only ${lot.available} can be written off (the rest is reserved or gone)` : null
  }
}

/**
 * Kilograms of product a harvest should give: extracted honey is the product itself; olive fruit
 * gives its oil fraction (by weight; 12–22 % for most cultivars, IOC figures), set per deployment.
 */
export function harvestYield(kind: 'harvest' | 'olive_harvest', kg: number, oilFraction: number): { productKind: 'honey' | 'olive_oil'; productKg: number } {
  return kind === 'harvest' ? { productKind: 'honey', productKg: kg } : { productKind: 'olive_oil', productKg: kg * oilFraction }
}

/** Whole units a weight fills: a part-filled jar is not a jar. */
export function unitsOf(productKg: number, unitKg: number): number {
  return Math.floor(productKg / unitKg + 1e-9)
}
