import type pg from 'pg'

export interface GroveProfile {
  siteId: string
  variety: string
  trees: number
  /** Seasons before the grove was on the platform. */
  pastYields: { season: number; kgPerTree: number }[]
}

/** What the olive estimators need to know about a grove's trees. */
export function createGroveProfileStore(pool: pg.Pool) {
  return {
    async put(profile: GroveProfile): Promise<GroveProfile> {
      const { rows } = await pool.query<GroveProfile>(
        `INSERT INTO grove_profiles (site_id, variety, trees, past_yields) VALUES ($1, $2, $3, $4)
         ON CONFLICT (site_id) DO UPDATE SET variety = EXCLUDED.variety, trees = EXCLUDED.trees, past_yields = EXCLUDED.past_yields
         RETURNING site_id AS "siteId", variety, trees, past_yields AS "pastYields"`,
        [profile.siteId, profile.variety, profile.trees, JSON.stringify(profile.pastYields)],
      )
      return rows[0]!
    },

    async get(siteId: string): Promise<GroveProfile | null> {
      const { rows } = await pool.query<GroveProfile>(
        `SELECT site_id AS "siteId", variety, trees, past_yields AS "pastYields" FROM grove_profiles WHERE site_id = $1`,
        [siteId],
      )
      return rows[0] ?? null
    },
  }
}

export type GroveProfileStore = ReturnType<typeof createGroveProfileStore>
