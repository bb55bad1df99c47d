import type pg from 'pg'
import type { DeviceKind } from '../../firmware-contracts/index.js'

export type SiteKind = 'apiary' | 'grove'

export interface Partner {
  id: string
  name: string
  country: string | null
  createdAt: Date
}

export interface Site {
  id: string
  partnerId: string
  name: string
  kind: SiteKind
  timezone: string
  latitude: number | null
  longitude: number | null
  createdAt: Date
}

export interface Device {
  id: string
  partnerId: string
  siteId: string
  kind: DeviceKind
  name: string | null
  hardware: string | null
  createdAt: Date
  retiredAt: Date | null
}

export interface DeviceFilter {
  partnerId?: string
  siteId?: string
}

/** Thrown when an insert names a row that already exists or one that does not. */
export class RegistryConflictError extends Error {
  override name = 'RegistryConflictError'
}

const partnerColumns = 'id, name, country, created_at AS "createdAt"'
const siteColumns =
  'id, partner_id AS "partnerId", name, kind, timezone, latitude, longitude, created_at AS "createdAt"'
const deviceColumns =
  'id, partner_id AS "partnerId", site_id AS "siteId", kind, name, hardware, created_at AS "createdAt", retired_at AS "retiredAt"'

function conflictsToError(error: unknown): never {
  const code = (error as { code?: string }).code
  const detail = (error as { detail?: string }).detail ?? ''
  if (code === '23505') throw new RegistryConflictError(`already exists: ${detail}`)
  if (code === '23503') throw new RegistryConflictError(`refers to a missing row: ${detail}`)
  throw error
}

/** Partners, sites and devices in PostgreSQL. */
export function createRegistryStore(pool: pg.Pool) {
  return {
    async createPartner(p: { id: string; name: string; country?: string | null }): Promise<Partner> {
      const result = await pool
        .query<Partner>(`INSERT INTO partners (id, name, country) VALUES ($1, $2, $3) RETURNING ${partnerColumns}`, [
          p.id,
          p.name,
          p.country ?? null,
        ])
        .catch(conflictsToError)
      return result.rows[0]!
    },

    async listPartners(ids?: string[]): Promise<Partner[]> {
      const result = await pool.query<Partner>(
        `SELECT ${partnerColumns} FROM partners WHERE $1::text[] IS NULL OR id = ANY($1) ORDER BY id`,
        [ids ?? null],
      )
      return result.rows
    },

    async createSite(s: Omit<Site, 'createdAt'>): Promise<Site> {
      const result = await pool
        .query<Site>(
          `INSERT INTO sites (id, partner_id, name, kind, timezone, latitude, longitude)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${siteColumns}`,
          [s.id, s.partnerId, s.name, s.kind, s.timezone, s.latitude, s.longitude],
        )
        .catch(conflictsToError)
      return result.rows[0]!
    },

    async getSite(id: string): Promise<Site | null> {
      const result = await pool.query<Site>(`SELECT ${siteColumns} FROM sites WHERE id = $1`, [id])
      return result.rows[0] ?? null
    },

    async listSites(partnerId?: string): Promise<Site[]> {
      const result = await pool.query<Site>(
        `SELECT ${siteColumns} FROM sites WHERE $1::text IS NULL OR partner_id = $1 ORDER BY id`,
        [partnerId ?? null],
      )
      return result.rows
    },

    async createDevice(d: Omit<Device, 'createdAt' | 'retiredAt'> & { secretHash: string }): Promise<Device> {
      const result = await pool
        .query<Device>(
          `INSERT INTO devices (id, partner_id, site_id, kind, name, hardware, secret_hash)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${deviceColumns}`,
          [d.id, d.partnerId, d.siteId, d.kind, d.name, d.hardware, d.secretHash],
        )
        .catch(conflictsToError)
      return result.rows[0]!
    },

    async getDevice(id: string): Promise<Device | null> {
      const result = await pool.query<Device>(`SELECT ${deviceColumns} FROM devices WHERE id = $1`, [id])
      return result.rows[0] ?? null
    },

    /** The device with its secret hash, for the broker's authentication only. */
    async getDeviceCredentials(id: string): Promise<(Device & { secretHash: string }) | null> {
      const result = await pool.query<Device & { secretHash: string }>(
        `SELECT ${deviceColumns}, secret_hash AS "secretHash" FROM devices WHERE id = $1`,
        [id],
      )
      return result.rows[0] ?? null
    },

    async getDevices(ids: string[]): Promise<Device[]> {
      const result = await pool.query<Device>(`SELECT ${deviceColumns} FROM devices WHERE id = ANY($1)`, [ids])
      return result.rows
    },

    async listDevices(filter: DeviceFilter = {}): Promise<Device[]> {
      const result = await pool.query<Device>(
        `SELECT ${deviceColumns} FROM devices
         WHERE ($1::text IS NULL OR partner_id = $1) AND ($2::text IS NULL OR site_id = $2)
         ORDER BY id`,
        [filter.partnerId ?? null, filter.siteId ?? null],
      )
      return result.rows
    },
  }
}

export type RegistryStore = ReturnType<typeof createRegistryStore>
