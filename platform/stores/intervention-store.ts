import type pg from 'pg'

export const interventionKinds = ['inspection', 'harvest', 'super_added', 'super_removed', 'feeding', 'treatment', 'olive_harvest'] as const
export type InterventionKind = (typeof interventionKinds)[number]

export interface Intervention {
  id: string
  partnerId: string
  siteId: string
  deviceId: string | null
  kind: InterventionKind
  occurredAt: Date
  kg: number | null
  notes: string | null
  recordedBy: string
  recordedAt: Date
}

export interface InterventionFilter {
  partnerId?: string | undefined
  siteId?: string | undefined
  deviceId?: string | undefined
  kinds?: readonly InterventionKind[] | undefined
  from?: Date | undefined
  to?: Date | undefined
  limit: number
}

const COLUMNS = `id::text, partner_id AS "partnerId", site_id AS "siteId", device_id AS "deviceId", kind, occurred_at AS "occurredAt",
  kg, notes, recorded_by AS "recordedBy", recorded_at AS "recordedAt"`

/** Interventions people record (inspections, harvests, supers...): the truth estimators prefer. */
export function createInterventionStore(pool: pg.Pool) {
  return {
    async add(i: Omit<Intervention, 'id' | 'recordedAt'>): Promise<Intervention> {
      const { rows } = await pool.query<Intervention>(
        `INSERT INTO interventions (partner_id, site_id, device_id, kind, occurred_at, kg, notes, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
        [i.partnerId, i.siteId, i.deviceId, i.kind, i.occurredAt, i.kg, i.notes, i.recordedBy],
      )
      return rows[0]!
    },

    /** In time order. */
    async list(filter: InterventionFilter): Promise<Intervention[]> {
      const { rows } = await pool.query<Intervention>(
        `SELECT ${COLUMNS} FROM interventions
         WHERE ($1::text IS NULL OR partner_id = $1) AND ($2::text IS NULL OR site_id = $2)
           AND ($3::text IS NULL OR device_id = $3) AND ($4::text[] IS NULL OR kind = ANY($4))
           AND ($5::timestamptz IS NULL OR occurred_at >= $5) AND ($6::timestamptz IS NULL OR occurred_at < $6)
         ORDER BY occurred_at, id LIMIT $7`,
        [filter.partnerId ?? null, filter.siteId ?? null, filter.deviceId ?? null, filter.kinds ?? null, filter.from ?? null, filter.to ?? null, filter.limit],
      )
      return rows
    },
  }
}

export type InterventionStore = ReturnType<typeof createInterventionStore>
