import pg from 'pg'

export interface PostgresOptions {
  url: string
  poolSize: number
}

/** Creates the database named in `url` when it is missing (a fresh machine has only `postgres`). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url)
  const name = decodeURIComponent(target.pathname.slice(1))
  const admin = new URL(url)
  admin.pathname = '/postgres'
  const client = new pg.Client({ connectionString: admin.toString() })
  await client.connect()
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (exists.rowCount === 0) {
      await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error // created meanwhile by a sibling process
      })
    }
  } finally {
    await client.end()
  }
}

export function createPool(options: PostgresOptions): pg.Pool {
  return new pg.Pool({ connectionString: options.url, max: options.poolSize })
}
