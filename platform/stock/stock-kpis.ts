import type pg from 'pg'

/** Ops dashboard figures over UTC days [from, to), all from the stock ledger. */
export interface StockKpis {
  from: string
  to: string
  partnerId: string | null
  products: number
  /** Share of products with sellable units at the end of the window (0–1); null without products. */
  availability: number | null
  /** Product-days (from each product's first receipt) that ended with nothing sellable (in date), over all product-days. */
  stockOutRate: number | null
  productDays: number
  stockOutDays: number
  shippedUnits: number
  returnedUnits: number
  /** Returned / shipped units in the window; null when nothing shipped. */
  returnsRate: number | null
  /** Order lines (order, product) first shipped in the window, and their order → shipment times. */
  ordersShipped: number
  shippingHoursP50: number | null
  shippingHoursP95: number | null
}

const DAY = /^\d{4}-\d{2}-\d{2}$/
const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null)
const hours = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100)

export function createStockKpis(pool: pg.Pool) {
  return {
    async kpis(window: { from: string; to: string; partnerId?: string | undefined }): Promise<StockKpis> {
      if (!DAY.test(window.from) || !DAY.test(window.to) || window.to <= window.from) throw new RangeError('the window is two UTC days, from before to')
      const params = [`${window.from}T00:00:00Z`, `${window.to}T00:00:00Z`, window.partnerId ?? null]
      const scope = 'SELECT id FROM products WHERE $3::text IS NULL OR partner_id = $3'
      const [, to, partnerId] = params

      const availability = await pool.query<{ products: number; inStock: number }>(
        `SELECT count(*)::int AS products, count(*) FILTER (WHERE available > 0)::int AS "inStock" FROM (
           SELECT s.id, coalesce(sum(m.on_hand_delta - m.reserved_delta) FILTER (WHERE l.best_before IS NULL OR l.best_before >= $1::date), 0) AS available
           FROM (SELECT id FROM products WHERE $2::text IS NULL OR partner_id = $2) s
           LEFT JOIN stock_movements m ON m.product_id = s.id AND m.occurred_at < $1 LEFT JOIN stock_lots l ON l.id = m.lot_id
           GROUP BY s.id) a`,
        [to, partnerId],
      )
      // A product-day counts from the product's first receipt: before it, the product was not on sale.
      const stockOuts = await pool.query<{ productDays: number; stockOutDays: number }>(
        `WITH stocked AS (
           SELECT product_id, min(occurred_at) AS since FROM stock_movements WHERE kind = 'receipt' AND product_id IN (${scope}) GROUP BY product_id),
         day_ends AS (
           SELECT d + interval '1 day' AS day_end FROM generate_series($1::timestamptz, $2::timestamptz - interval '1 day', interval '1 day') d)
         SELECT count(*)::int AS "productDays", count(*) FILTER (WHERE a.available <= 0)::int AS "stockOutDays"
         FROM stocked s CROSS JOIN day_ends e
         CROSS JOIN LATERAL (SELECT coalesce(sum(m.on_hand_delta - m.reserved_delta), 0) AS available
                             FROM stock_movements m JOIN stock_lots l ON l.id = m.lot_id
                             WHERE m.product_id = s.product_id AND m.occurred_at < e.day_end
                               AND (l.best_before IS NULL OR l.best_before >= (e.day_end AT TIME ZONE 'UTC')::date - 1)) a
         WHERE s.since < e.day_end`,
        params,
      )
      const flows = await pool.query<{ shipped: number; returned: number }>(
        `SELECT coalesce(sum(quantity) FILTER (WHERE kind = 'shipment'), 0)::int AS shipped, coalesce(sum(quantity) FILTER (WHERE kind = 'return'), 0)::int AS returned
         FROM stock_movements WHERE occurred_at >= $1 AND occurred_at < $2 AND kind IN ('shipment', 'return') AND product_id IN (${scope})`,
        params,
      )
      const shipping = await pool.query<{ orders: number; p50: number | null; p95: number | null }>(
        `SELECT count(*)::int AS orders, percentile_cont(0.5) WITHIN GROUP (ORDER BY h) AS p50, percentile_cont(0.95) WITHIN GROUP (ORDER BY h) AS p95
         FROM (
           SELECT extract(epoch FROM min(occurred_at) FILTER (WHERE kind = 'shipment') - min(occurred_at) FILTER (WHERE kind = 'order')) / 3600 AS h,
                  min(occurred_at) FILTER (WHERE kind = 'shipment') AS shipped_at
           FROM stock_movements
           WHERE order_ref IN (SELECT order_ref FROM stock_movements WHERE kind = 'shipment' AND occurred_at >= $1 AND occurred_at < $2 AND product_id IN (${scope}))
             AND product_id IN (${scope})
           GROUP BY order_ref, product_id) o
         WHERE h IS NOT NULL AND shipped_at >= $1 AND shipped_at < $2`,
        params,
      )
      const a = availability.rows[0]!
      const s = stockOuts.rows[0]!
      const f = flows.rows[0]!
      const t = shipping.rows[0]!
      return {
        from: window.from,
        to: window.to,
        partnerId: window.partnerId ?? null,
        products: a.products,
        availability: ratio(a.inStock, a.products),
        stockOutRate: ratio(s.stockOutDays, s.productDays),
        productDays: s.productDays,
        stockOutDays: s.stockOutDays,
        shippedUnits: f.shipped,
        returnedUnits: f.returned,
        returnsRate: ratio(f.returned, f.shipped),
        ordersShipped: t.orders,
        shippingHoursP50: hours(t.p50),
        shippingHoursP95: hours(t.p95),
      }
    },
  }
}

export type StockKpiStore = ReturnType<typeof createStockKpis>
