/**
 * The stock ledger: products, lots (a harvest opens one pending; its confirmation is the receipt),
 * append-only movements with balances derived from them, FEFO orders, projected availability,
 * stock cover findings for the alert system, and ops KPIs.
 */
import type pg from 'pg'
import { createHarvestLots, type HarvestLots } from './harvest-lots.js'
import { createLotStore, type LotStore } from './lot-store.js'
import { createMovementStore, type MovementStore } from './movement-store.js'
import { createProductStore, type ProductStore } from './product-store.js'
import { createStockKpis, type StockKpiStore } from './stock-kpis.js'
import { createStockProjection, type StockProjection, type StockProjectionOptions } from './stock-projection.js'

export { takeInOrder, type Source, type Take } from './take-in-order.js'
export * from './stock-rules.js'
export * from './stock-cover.js'
export { createProductStore, type NewProduct, type Product, type ProductBalance, type ProductStore } from './product-store.js'
export { createLotStore, type Lot, type LotFilter, type LotStatus, type LotStore, type NewLot } from './lot-store.js'
export { bookAllocation, createMovementStore, lockProducts, MOVEMENT_COLUMNS, sellableLots, type Allocation, type MovementFilter, type MovementStore, type NewMovement, type StockMovement } from './movement-store.js'
export { createHarvestLots, type HarvestIntervention, type HarvestLotOptions, type HarvestLotResult, type HarvestLots } from './harvest-lots.js'
export { createStockProjection, type StockProjection, type StockProjectionOptions } from './stock-projection.js'
export { createStockKpis, type StockKpis, type StockKpiStore } from './stock-kpis.js'

export interface StockServices {
  products: ProductStore
  lots: LotStore
  movements: MovementStore
  harvests: HarvestLots
  projection: StockProjection
  kpis: StockKpiStore
}

/**
 * Defaults: oil is about a sixth of the fruit's weight (IOC: 12–22 % by cultivar and ripeness);
 * demand is the last 30 days' orders; three weeks of cover is the alarm line, a quarter the horizon.
 */
export const STOCK_DEFAULTS: StockProjectionOptions = { oilFraction: 0.16, demandWindowDays: 30, horizonDays: 90, minCoverDays: 21 }

export function createStockServices(pool: pg.Pool, options: Partial<StockProjectionOptions> = {}): StockServices {
  const settings = { ...STOCK_DEFAULTS, ...options }
  return {
    products: createProductStore(pool),
    lots: createLotStore(pool),
    movements: createMovementStore(pool),
    harvests: createHarvestLots(pool, { oilFraction: settings.oilFraction }),
    projection: createStockProjection(pool, settings),
    kpis: createStockKpis(pool),
  }
}
