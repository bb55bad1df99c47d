/**
 * Conversion benchmark: concurrent clients converting points into products against PostgreSQL, each
 * conversion one transaction (product lock, account lock, FEFO lots, oldest-expiring credits).
 * Prints conversions/s, latency percentiles, refusals, the invariants checked afterwards, and the
 * conditions.   npx tsx bench/conversion-bench.ts [--clients 16] [--conversions 2000] [--products 8] [--accounts 400]
 * --products 1 measures the worst case: every conversion queues on the same product lock.
 */
import { randomBytes } from 'node:crypto'
import { cpus, loadavg, totalmem } from 'node:os'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { createPointsServices } from '../platform/points/index.js'
import { migrate } from '../platform/postgres/migrate.js'
import { createPool, ensureDatabase } from '../platform/postgres/pool.js'
import { createStockServices } from '../platform/stock/index.js'
import { createRegistryStore } from '../platform/stores/registry-store.js'
import { percentile } from '../simulators/percentile.js'

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '16' },
    conversions: { type: 'string', default: '2000' },
    products: { type: 'string', default: '8' },
    accounts: { type: 'string', default: '400' },
  },
})
const clients = Number(args.clients)
const total = Number(args.conversions)
const productCount = Number(args.products)
const accountCount = Number(args.accounts)
for (const [name, value] of Object.entries({ clients, conversions: total, products: productCount, accounts: accountCount })) {
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`)
}
const PRICE = 10
const LOTS_PER_PRODUCT = 3
const CREDITS_PER_ACCOUNT = 3

const url = process.env.MTC_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/mtc_bench'
await ensureDatabase(url)
const pool = createPool({ url, poolSize: clients })
await migrate(pool)
const stock = createStockServices(pool)
const points = createPointsServices(pool)
const run = randomBytes(3).toString('hex')
const audit = { actor: 'bench', reason: 'benchmark set-up', requestId: null }

console.log(`setting up ${productCount} products × ${LOTS_PER_PRODUCT} lots and ${accountCount} accounts × ${CREDITS_PER_ACCOUNT} credits (run ${run})...`)
const registry = createRegistryStore(pool)
const partnerId = `bench-${run}`
await registry.createPartner({ id: partnerId, name: 'conversion benchmark' })
const productIds: string[] = []
// Stock for every conversion to be served: refusals would measure the cheap path.
const perLot = Math.ceil(total / productCount / LOTS_PER_PRODUCT) + 1
for (let p = 0; p < productCount; p++) {
  const product = await stock.products.create({
    id: `${partnerId}-jar-${p}`,
    partnerId,
    name: `Bench honey ${p}`,
    kind: 'honey',
    unit: 'jar 250 g',
    unitKg: 0.25,
    receivesHarvests: false,
    minCoverDays: null,
    createdBy: 'bench',
  })
  for (let l = 0; l < LOTS_PER_PRODUCT; l++) {
    const lot = await stock.lots.create({ productId: product.id, harvestedOn: '2026-06-01', bestBefore: `${2028 + l}-06-01` }, audit)
    await stock.lots.confirm(lot.id, { quantity: perLot }, audit)
  }
  await points.catalogue.put({ productId: product.id, pointPrice: PRICE, active: true, updatedBy: 'bench' })
  productIds.push(product.id)
}
const accountIds: string[] = []
const perCredit = Math.ceil((total * PRICE) / accountCount / CREDITS_PER_ACCOUNT) * 4
for (let a = 0; a < accountCount; a++) {
  const account = await points.accounts.create({ id: `${partnerId}-supporter-${a}`, displayName: null, createdBy: 'bench' })
  for (let c = 0; c < CREDITS_PER_ACCOUNT; c++) {
    await points.ledger.credit({ accountId: account.id, points: perCredit, expiresAt: new Date(Date.now() + (200 + 100 * c) * 86_400_000) }, audit)
  }
  accountIds.push(account.id)
}

const latencies: number[] = []
const refusals = new Map<string, number>()
let next = 0
async function client(): Promise<void> {
  for (let i = next++; i < total; i = next++) {
    const started = performance.now()
    try {
      await points.conversions.convert({
        accountId: accountIds[Math.floor(Math.random() * accountIds.length)]!,
        productId: productIds[i % productIds.length]!,
        quantity: 1,
        actor: 'bench',
        requestId: `bench-${run}-${i}`,
      })
      latencies.push(performance.now() - started)
    } catch (error) {
      const reason = (error as { reason?: string }).reason ?? (error as Error).message
      refusals.set(reason, (refusals.get(reason) ?? 0) + 1)
    }
  }
}

console.log(`converting: ${total} conversions of 1 unit from ${clients} concurrent clients...`)
const startedAt = performance.now()
await Promise.all(Array.from({ length: clients }, () => client()))
const elapsedS = (performance.now() - startedAt) / 1000

// The invariants, from the raw ledgers: nothing oversold, nothing overdrawn, sums equal balances.
const { rows: checks } = await pool.query<{ reserved: number; oversoldLots: number; debited: number; overdrawnCredits: number; conversions: number }>(
  `SELECT (SELECT coalesce(sum(quantity), 0)::int FROM stock_movements WHERE kind = 'order' AND product_id = ANY($1)) AS reserved,
          (SELECT count(*)::int FROM stock_lot_balances WHERE product_id = ANY($1) AND (available < 0 OR reserved < 0)) AS "oversoldLots",
          (SELECT coalesce(-sum(points), 0)::int FROM points_entries WHERE kind = 'debit' AND account_id = ANY($2)) AS debited,
          (SELECT count(*)::int FROM (SELECT c.id FROM points_entries c JOIN points_allocations a ON a.credit_id = c.id
                                      WHERE c.account_id = ANY($2) GROUP BY c.id, c.points HAVING sum(a.points) > c.points) o) AS "overdrawnCredits",
          (SELECT count(*)::int FROM conversions WHERE account_id = ANY($2)) AS conversions`,
  [productIds, accountIds],
)
const check = checks[0]!
const { rows: settings } = await pool.query<Record<string, string>>(
  `SELECT current_setting('server_version') AS version, current_setting('synchronous_commit') AS "synchronousCommit", current_setting('fsync') AS fsync,
          current_setting('shared_buffers') AS "sharedBuffers", current_setting('max_connections') AS "maxConnections"`,
)
const pg = settings[0]!
const ms = (x: number) => `${x.toFixed(1)} ms`

console.log(`
served:        ${latencies.length} of ${total} in ${elapsedS.toFixed(2)} s = ${(latencies.length / elapsedS).toFixed(0)} conversions/s
latency:       p50 ${ms(percentile(latencies, 50))}, p95 ${ms(percentile(latencies, 95))}, p99 ${ms(percentile(latencies, 99))}, max ${ms(Math.max(...latencies))}
refused:       ${refusals.size === 0 ? 'none' : [...refusals].map(([reason, n]) => `${reason} × ${n}`).join(', ')}
invariants:    ${check.conversions} conversions, ${check.reserved} units reserved, ${check.debited} points debited (expected ${latencies.length}, ${latencies.length}, ${latencies.length * PRICE}); lots oversold ${check.oversoldLots}, credits overdrawn ${check.overdrawnCredits}
conditions:    ${clients} clients on a pool of ${clients} connections; products ${productCount} (${LOTS_PER_PRODUCT} lots each), accounts ${accountCount} (${CREDITS_PER_ACCOUNT} credits each); READ COMMITTED + row locks (product, then account)
machine:       ${cpus().length} × ${cpus()[0]?.model.trim() ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, load ${loadavg()[0]!.toFixed(2)}; node ${process.version}; client and server on this machine
postgres:      ${pg.version} at ${new URL(url).host}, synchronous_commit ${pg.synchronousCommit}, fsync ${pg.fsync}, shared_buffers ${pg.sharedBuffers}, max_connections ${pg.maxConnections}`)

await pool.end()
const ok = check.conversions === latencies.length && check.reserved === latencies.length && check.debited === latencies.length * PRICE && check.oversoldLots === 0 && check.overdrawnCredits === 0
if (!ok) {
  console.error('INVARIANT BROKEN: see the line above')
  process.exitCode = 1
}
