import type pg from 'pg'
import type { HoneyEstimate, OliveEstimate } from '../yield/estimates.js'
import { createProductStore } from './product-store.js'
import { assessCover, daysBefore, honeyStillToComeKg, oilStillToComeKg, oliveHarvestWindow, project, type Projection, type StockFinding } from './stock-cover.js'
import { unitsOf } from './stock-rules.js'

export interface StockProjectionOptions {
  /** Kilograms of oil per kilogram of olive fruit (the same figure harvests are stocked with). */
  oilFraction: number
  /** Demand is the average of the orders of this many days before now. */
  demandWindowDays: number
  /** Projected availability looks this many days ahead. */
  horizonDays: number
  /** Cover threshold of products that set none of their own. */
  minCoverDays: number
}

interface ProductRow {
  id: string
  partnerId: string
  kind: string
  unitKg: number | null
  receivesHarvests: boolean
  minCoverDays: number | null
}

interface PartnerEstimate {
  partnerId: string
  product: 'honey' | 'olive'
  season: string
  estimate: HoneyEstimate | OliveEstimate
}

/**
 * Projected availability per product (stock + pending lots + production still forecast − demand)
 * and the stock cover check that feeds the alert system. Reads the ledger, the latest partner-level
 * yield estimates and the recorded olive harvests.
 */
export function createStockProjection(pool: pg.Pool, options: StockProjectionOptions) {
  const products = createProductStore(pool)

  /** Units each product that receives harvests should still get from its partner's production. */
  async function forecastUnits(rows: readonly ProductRow[], now: Date): Promise<Map<string, number>> {
    const receiving = rows.filter((p) => p.receivesHarvests && p.unitKg !== null)
    const units = new Map<string, number>()
    if (receiving.length === 0) return units
    const { rows: estimates } = await pool.query<PartnerEstimate>(
      `SELECT DISTINCT ON (partner_id, product) partner_id AS "partnerId", product, season, estimate FROM yield_estimates
       WHERE scope = 'partner' AND partner_id = ANY($1) ORDER BY partner_id, product, computed_at DESC, id DESC`,
      [[...new Set(receiving.map((p) => p.partnerId))]],
    )
    const olive = estimates.filter((e) => e.product === 'olive' && oliveHarvestWindow(e.season))
    const { rows: harvested } = await pool.query<{ partnerId: string; kg: number }>(
      `SELECT w.partner_id AS "partnerId", coalesce(sum(i.kg), 0)::float8 AS kg
       FROM unnest($1::text[], $2::date[], $3::date[]) AS w(partner_id, from_day, until_day)
       LEFT JOIN sites s ON s.partner_id = w.partner_id
       LEFT JOIN interventions i ON i.site_id = s.id AND i.kind = 'olive_harvest'
         AND (i.occurred_at AT TIME ZONE s.timezone)::date >= w.from_day AND (i.occurred_at AT TIME ZONE s.timezone)::date < w.until_day
       GROUP BY w.partner_id`,
      [olive.map((e) => e.partnerId), olive.map((e) => oliveHarvestWindow(e.season)!.from), olive.map((e) => oliveHarvestWindow(e.season)!.until)],
    )
    for (const p of receiving) {
      const product = p.kind === 'honey' ? 'honey' : 'olive'
      const e = estimates.find((x) => x.partnerId === p.partnerId && x.product === product)
      if (!e) continue
      const kg =
        e.product === 'honey'
          ? honeyStillToComeKg(e.estimate as HoneyEstimate, now)
          : oilStillToComeKg(e.estimate as OliveEstimate, e.season, (harvested.find((h) => h.partnerId === p.partnerId)?.kg ?? 0) * options.oilFraction, now)
      units.set(p.id, unitsOf(kg, p.unitKg!))
    }
    return units
  }

  async function projections(now: Date, partnerId?: string): Promise<(Projection & { minCoverDays: number })[]> {
    const { rows } = await pool.query<ProductRow>(
      `SELECT id, partner_id AS "partnerId", kind, unit_kg AS "unitKg", receives_harvests AS "receivesHarvests", min_cover_days AS "minCoverDays"
       FROM products WHERE $1::text IS NULL OR partner_id = $1 ORDER BY partner_id, id`,
      [partnerId ?? null],
    )
    const { rows: demand } = await pool.query<{ productId: string; units: number }>(
      `SELECT product_id AS "productId", sum(quantity)::int AS units FROM stock_movements
       WHERE kind = 'order' AND occurred_at >= $1 AND occurred_at < $2 AND ($3::text IS NULL OR product_id IN (SELECT id FROM products WHERE partner_id = $3))
       GROUP BY product_id`,
      [daysBefore(now, options.demandWindowDays), now, partnerId ?? null],
    )
    const balances = new Map((await products.balances({ partnerId, asOf: now })).map((b) => [b.productId, b]))
    const ordered = new Map(demand.map((d) => [d.productId, d.units]))
    const forecast = await forecastUnits(rows, now)
    return rows.map((p) => {
      const balance = balances.get(p.id)
      const projection = project(
        {
          productId: p.id,
          partnerId: p.partnerId,
          available: balance?.available ?? 0,
          pendingUnits: balance?.pendingUnits ?? 0,
          forecastUnits: forecast.get(p.id) ?? 0,
          dailyDemand: (ordered.get(p.id) ?? 0) / options.demandWindowDays,
        },
        options.horizonDays,
      )
      return { ...projection, minCoverDays: p.minCoverDays ?? options.minCoverDays }
    })
  }

  return {
    projectedAvailability: projections,

    /**
     * Products whose cover is under their threshold on `now`. A product missing from the answer is
     * covered, so an open stock alert of it can be resolved.
     */
    async checkStockCover(now: Date): Promise<StockFinding[]> {
      return (await projections(now)).flatMap((p) => assessCover(p, p.minCoverDays) ?? [])
    },
  }
}

export type StockProjection = ReturnType<typeof createStockProjection>
