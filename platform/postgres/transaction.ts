import type pg from 'pg'

/**
 * Runs `work` in one READ COMMITTED transaction on a client of its own, rolled back if it throws.
 * The ledgers rely on row
 * locks (SELECT ... FOR NO KEY UPDATE) taken inside `work`, not on a stricter isolation level: after a
 * lock is granted each later statement reads the newest committed rows, which is what a balance
 * check under that lock needs.
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const result = await work(client)
    await client.query('COMMIT')
    return result
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  } finally {
    client.release()
  }
}
