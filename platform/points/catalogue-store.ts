import type pg from 'pg'
import { PointsError } from './points-rules.js'

export interface CatalogueItem {
  productId: string
  partnerId: string
  name: string
  unit: string
  kind: string
  /** Points per unit. */
  pointPrice: number
  active: boolean
  /** Sellable units now (confirmed lots within their best-before date). */
  available: number
  updatedBy: string
  updatedAt: Date
}

/** Products supporters may take for points, and their price. */
export function createCatalogueStore(pool: pg.Pool) {
  async function list(filter: { activeOnly: boolean; productId?: string; at: Date }): Promise<CatalogueItem[]> {
    const { rows } = await pool.query<CatalogueItem>(
      `SELECT c.product_id AS "productId", p.partner_id AS "partnerId", p.name, p.unit, p.kind, c.point_price AS "pointPrice", c.active,
              coalesce((SELECT sum(b.available) FROM stock_lot_balances b
                        WHERE b.product_id = c.product_id AND b.status = 'confirmed' AND (b.best_before IS NULL OR b.best_before >= $3::date)), 0)::int AS available,
              c.updated_by AS "updatedBy", c.updated_at AS "updatedAt"
       FROM points_catalogue c JOIN products p ON p.id = c.product_id
       WHERE (NOT $1 OR c.active) AND ($2::text IS NULL OR c.product_id = $2) ORDER BY p.partner_id, c.product_id`,
      [filter.activeOnly, filter.productId ?? null, filter.at.toISOString().slice(0, 10)],
    )
    return rows
  }

  return {
    list,

    /** Sets a product's price and whether it is offered; a conversion reads the price under its product lock. */
    async put(item: { productId: string; pointPrice: number; active: boolean; updatedBy: string }): Promise<CatalogueItem> {
      await pool
        .query(
          `INSERT INTO points_catalogue (product_id, point_price, active, updated_by) VALUES ($1, $2, $3, $4)
           ON CONFLICT (product_id) DO UPDATE SET point_price = EXCLUDED.point_price, active = EXCLUDED.active,
             updated_by = EXCLUDED.updated_by, updated_at = now()`,
          [item.productId, item.pointPrice, item.active, item.updatedBy],
        )
        .catch((error: { code?: string }) => {
          if (error.code === '23503') throw new PointsError(`product "${item.productId}" not found`, 'not_found')
          throw error
        })
      return (await list({ activeOnly: false, productId: item.productId, at: new Date() }))[0]!
    },
  }
}

export type CatalogueStore = ReturnType<typeof createCatalogueStore>
