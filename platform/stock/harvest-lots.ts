import type pg from 'pg'
import { LOT_COLUMNS, LOT_FROM, type Lot } from './lot-store.js'
import { localDay } from '../time/site-time.js'
import { harvestYield, unitsOf } from './stock-rules.js'

/** The harvest as the interventions route has just recorded it. */
export interface HarvestIntervention {
  id: string
  partnerId: string
  siteId: string
  kind: 'harvest' | 'olive_harvest'
  occurredAt: Date
  kg: number
}

export type HarvestLotResult =
  | { status: 'created'; lot: Lot }
  /** The harvest already has its lot (the call is idempotent per intervention). */
  | { status: 'exists'; lot: Lot }
  /** The partner has no product receiving this kind of harvest: nothing to stock, nothing done. */
  | { status: 'no_product'; productKind: 'honey' | 'olive_oil' }

export interface HarvestLotOptions {
  /** Kilograms of oil per kilogram of olive fruit. */
  oilFraction: number
}

/** Turns recorded harvests into pending lots of the partner's honey or olive oil. */
export function createHarvestLots(pool: pg.Pool, options: HarvestLotOptions) {
  if (!(options.oilFraction > 0 && options.oilFraction < 1)) throw new RangeError(`oilFraction must be within (0, 1), got ${options.oilFraction}`)

  async function lotOf(interventionId: string): Promise<Lot | null> {
    const { rows } = await pool.query<Lot>(`SELECT ${LOT_COLUMNS} FROM ${LOT_FROM} WHERE l.intervention_id = $1`, [interventionId])
    return rows[0] ?? null
  }

  return {
    /**
     * Opens a pending lot for a harvest, with the reported weight as its estimate (kg of honey, or
     * kg of fruit) and the units it should fill; the harvest day is the site's local day. The unique
     * intervention id makes a repeated call, or two racing ones, open a single lot.
     */
    async createLotFromHarvest(intervention: HarvestIntervention, actor = 'system', requestId: string | null = null): Promise<HarvestLotResult> {
      const { productKind, productKg } = harvestYield(intervention.kind, intervention.kg, options.oilFraction)
      const { rows: targets } = await pool.query<{ productId: string; unitKg: number; timezone: string }>(
        `SELECT p.id AS "productId", p.unit_kg AS "unitKg", s.timezone FROM products p JOIN sites s ON s.id = $1 AND s.partner_id = p.partner_id
         WHERE p.partner_id = $2 AND p.kind = $3 AND p.receives_harvests`,
        [intervention.siteId, intervention.partnerId, productKind],
      )
      const target = targets[0]
      // Products are never removed nor stop receiving harvests: no target now means no lot before either.
      if (!target) return { status: 'no_product', productKind }
      const { rows } = await pool.query<{ id: string }>(
        `INSERT INTO stock_lots (product_id, partner_id, site_id, intervention_id, harvested_on, estimated_kg, estimated_units, created_by, request_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (intervention_id) DO NOTHING
         RETURNING id::text`,
        [
          target.productId,
          intervention.partnerId,
          intervention.siteId,
          intervention.id,
          localDay(intervention.occurredAt.getTime(), target.timezone),
          intervention.kg,
          unitsOf(productKg, target.unitKg),
          actor,
          requestId,
        ],
      )
      return { status: rows[0] ? 'created' : 'exists', lot: (await lotOf(intervention.id))! }
    },
  }
}

export type HarvestLots = ReturnType<typeof createHarvestLots>
