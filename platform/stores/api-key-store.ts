import type pg from 'pg'
import { hashApiKey } from '../secrets.js'

export type ApiRole = 'ops' | 'partner' | 'supporter'

export interface ApiPrincipal {
  keyId: string
  role: ApiRole
  /** Set for partner keys: the only partner whose data the key may read. */
  partnerId: string | null
  name: string
  /** Set for supporter keys: the only points account the key may read and spend from. */
  supporterAccountId?: string | null
}

/** API keys, stored as SHA-256 hashes; the plain key is shown once, at creation. */
export function createApiKeyStore(pool: pg.Pool) {
  return {
    async create(key: string, principal: Omit<ApiPrincipal, 'keyId'>): Promise<ApiPrincipal> {
      const result = await pool.query<{ id: string }>(
        'INSERT INTO api_keys (key_hash, role, partner_id, name, supporter_account_id) VALUES ($1, $2, $3, $4, $5) RETURNING id::text',
        [hashApiKey(key), principal.role, principal.partnerId, principal.name, principal.supporterAccountId ?? null],
      )
      return { keyId: result.rows[0]!.id, ...principal }
    },

    /** Idempotent: the bootstrap ops key is registered at every start. */
    async ensure(key: string, principal: Omit<ApiPrincipal, 'keyId'>): Promise<void> {
      await pool.query(
        `INSERT INTO api_keys (key_hash, role, partner_id, name) VALUES ($1, $2, $3, $4)
         ON CONFLICT (key_hash) DO NOTHING`,
        [hashApiKey(key), principal.role, principal.partnerId, principal.name],
      )
    },

    async findByKey(key: string): Promise<ApiPrincipal | null> {
      const result = await pool.query<ApiPrincipal>(
        `SELECT id::text AS "keyId", role, partner_id AS "partnerId", name, supporter_account_id AS "supporterAccountId" FROM api_keys
         WHERE key_hash = $1 AND revoked_at IS NULL`,
        [hashApiKey(key)],
      )
      return result.rows[0] ?? null
    },
  }
}

export type ApiKeyStore = ReturnType<typeof createApiKeyStore>
