import type pg from 'pg'

export type YieldScope = 'hive' | 'site' | 'grove' | 'partner'
export type YieldProduct = 'honey' | 'olive'

export interface YieldEstimate {
  id: string
  scope: YieldScope
  scopeId: string
  partnerId: string
  product: YieldProduct
  season: string
  modelVersion: string
  inputsFrom: Date
  inputsTo: Date
  computedAt: Date
  estimate: Record<string, unknown>
}

export interface DailyProduction {
  day: string
  netGainKg: number
  removedStepsKg: number
  coverage: number
}

export interface MonthlyHiveProduction {
  siteId: string
  siteName: string
  deviceId: string
  deviceName: string | null
  days: number
  netGainKg: number
  removedStepsKg: number
}

const ESTIMATE_COLUMNS = `id::text, scope, scope_id AS "scopeId", partner_id AS "partnerId", product, season, model_version AS "modelVersion",
  inputs_from AS "inputsFrom", inputs_to AS "inputsTo", computed_at AS "computedAt", estimate`

/** Yield results: daily hive production and every estimate computed, with its model and inputs. */
export function createYieldStore(pool: pg.Pool) {
  return {
    /** Replaces a hive's daily rows over the days given (a recomputation supersedes the last one). */
    async replaceDailyProduction(deviceId: string, days: readonly DailyProduction[], modelVersion: string): Promise<void> {
      if (days.length === 0) return
      await pool.query(
        `INSERT INTO hive_daily_production (device_id, day, net_gain_kg, removed_steps_kg, coverage, model_version)
         SELECT $1, d.day, d.net, d.removed, d.coverage, $6
         FROM unnest($2::date[], $3::float8[], $4::float8[], $5::float8[]) AS d(day, net, removed, coverage)
         ON CONFLICT (device_id, day) DO UPDATE SET net_gain_kg = EXCLUDED.net_gain_kg, removed_steps_kg = EXCLUDED.removed_steps_kg,
           coverage = EXCLUDED.coverage, model_version = EXCLUDED.model_version`,
        [deviceId, days.map((d) => d.day), days.map((d) => d.netGainKg), days.map((d) => d.removedStepsKg), days.map((d) => d.coverage), modelVersion],
      )
    },

    async dailyProduction(deviceId: string, fromDay: string, toDay: string): Promise<DailyProduction[]> {
      const { rows } = await pool.query<DailyProduction>(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, net_gain_kg AS "netGainKg", removed_steps_kg AS "removedStepsKg", coverage
         FROM hive_daily_production WHERE device_id = $1 AND day >= $2 AND day <= $3 ORDER BY day`,
        [deviceId, fromDay, toDay],
      )
      return rows
    },

    async addEstimate(e: Omit<YieldEstimate, 'id' | 'computedAt'>): Promise<YieldEstimate> {
      const { rows } = await pool.query<YieldEstimate>(
        `INSERT INTO yield_estimates (scope, scope_id, partner_id, product, season, model_version, inputs_from, inputs_to, estimate)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${ESTIMATE_COLUMNS}`,
        [e.scope, e.scopeId, e.partnerId, e.product, e.season, e.modelVersion, e.inputsFrom, e.inputsTo, e.estimate],
      )
      return rows[0]!
    },

    async latest(scope: YieldScope, scopeId: string, product: YieldProduct): Promise<YieldEstimate | null> {
      const { rows } = await pool.query<YieldEstimate>(
        `SELECT ${ESTIMATE_COLUMNS} FROM yield_estimates WHERE scope = $1 AND scope_id = $2 AND product = $3
         ORDER BY computed_at DESC, id DESC LIMIT 1`,
        [scope, scopeId, product],
      )
      return rows[0] ?? null
    },

    /** The newest estimate of every hive, site, grove and the partner itself. */
    async latestOfPartner(partnerId: string): Promise<YieldEstimate[]> {
      const { rows } = await pool.query<YieldEstimate>(
        `SELECT DISTINCT ON (scope, scope_id, product) ${ESTIMATE_COLUMNS} FROM yield_estimates WHERE partner_id = $1
         ORDER BY scope, scope_id, product, computed_at DESC, id DESC`,
        [partnerId],
      )
      return rows
    },

    /** Each hive's production over [fromDay, toDay], site-local days. */
    async monthlyHiveProduction(partnerId: string, fromDay: string, toDay: string): Promise<MonthlyHiveProduction[]> {
      const { rows } = await pool.query<MonthlyHiveProduction>(
        `SELECT s.id AS "siteId", s.name AS "siteName", d.id AS "deviceId", d.name AS "deviceName",
                count(p.day)::int AS days, coalesce(sum(p.net_gain_kg), 0) AS "netGainKg", coalesce(sum(p.removed_steps_kg), 0) AS "removedStepsKg"
         FROM devices d JOIN sites s ON s.id = d.site_id
         LEFT JOIN hive_daily_production p ON p.device_id = d.id AND p.day >= $2 AND p.day <= $3
         WHERE d.partner_id = $1 AND d.kind = 'hive'
         GROUP BY s.id, s.name, d.id, d.name ORDER BY s.id, d.id`,
        [partnerId, fromDay, toDay],
      )
      return rows
    },
  }
}

export type YieldStore = ReturnType<typeof createYieldStore>
