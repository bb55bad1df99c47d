/**
 * How long a partner's monthly production report takes for 500 hives and a year of data, from raw
 * readings: a year of hourly hive-scale readings per hive is written to InfluxDB, the yield
 * recomputation reads and estimates every hive, then the report is built (JSON and CSV) for each
 * month. Prints each phase's time and the conditions.
 *
 *   npm run bench:report -- [--hives 500] [--days 365] [--step-min 60]
 */
import { randomBytes } from 'node:crypto'
import { cpus, loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { Point } from '@influxdata/influxdb-client'
import { buildProductionReport, productionReportCsv } from '../api/production-report.js'
import { loadConfig } from '../platform/config.js'
import { createLogger } from '../platform/logger.js'
import { openInflux, openPostgres } from '../platform/services.js'
import { hashSecret } from '../platform/secrets.js'
import { createAlertStore } from '../platform/stores/alert-store.js'
import { createGroveProfileStore } from '../platform/stores/grove-profile-store.js'
import { createInterventionStore } from '../platform/stores/intervention-store.js'
import { createRegistryStore } from '../platform/stores/registry-store.js'
import { createYieldStore } from '../platform/stores/yield-store.js'
import { honeyModel, oliveModel } from '../processors/yield/models.js'
import { createYieldRecomputation } from '../processors/yield-recomputation.js'
import { createHiveModel } from '../simulators/index.js'

const { values: args } = parseArgs({
  options: {
    hives: { type: 'string', default: '500' },
    days: { type: 'string', default: '365' },
    'step-min': { type: 'string', default: '60' },
  },
})
const hiveCount = Number(args.hives)
const days = Number(args.days)
const stepMs = Number(args['step-min']) * 60_000

const suffix = randomBytes(3).toString('hex')
const config = loadConfig({
  ...process.env,
  MTC_LOG_LEVEL: 'warn',
  MTC_POSTGRES_URL: process.env.MTC_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/mtc_bench',
  MTC_INFLUX_DATABASE: `mtc_bench_${suffix}`,
})
const logger = createLogger(config.MTC_LOG_LEVEL, 'report-bench')
const pool = await openPostgres(config)
const influx = await openInflux(config, logger)
const registry = createRegistryStore(pool)
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1)

const partnerId = `bench-${suffix}`
const partner = await registry.createPartner({ id: partnerId, name: 'report benchmark', country: 'BE' })
const sites = Math.ceil(hiveCount / 25)
for (let s = 0; s < sites; s++) {
  await registry.createSite({ id: `${partnerId}-s${s}`, partnerId, name: `Apiary ${s}`, kind: 'apiary', timezone: 'Europe/Brussels', latitude: 50.85, longitude: 4.35 })
}
// One scrypt hash for all: the benchmark never logs a device in.
const secretHash = await hashSecret(randomBytes(16).toString('hex'))
for (let h = 0; h < hiveCount; h++) {
  await registry.createDevice({ id: `${partnerId}-h${h}`, partnerId, siteId: `${partnerId}-s${h % sites}`, kind: 'hive', name: `Hive ${h}`, hardware: null, secretHash })
}

const endMs = Date.parse('2026-11-01T00:00:00Z')
const startMs = endMs - days * 86_400_000
let started = performance.now()
let points = 0
for (let h = 0; h < hiveCount; h++) {
  const model = createHiveModel({ seed: 5000 + h })
  const batch: Point[] = []
  let seq = 0
  for (let t = startMs; t < endMs; t += stepMs) {
    const reading = model.readingAt(new Date(t), seq++)
    batch.push(
      new Point('hive')
        .tag('partner', partnerId)
        .tag('site', `${partnerId}-s${h % sites}`)
        .tag('device', `${partnerId}-h${h}`)
        .tag('sensor', 'main')
        .floatField('weight_kg', reading.weight_kg!)
        .timestamp(new Date(t)),
    )
  }
  for (let i = 0; i < batch.length; i += 5000) await influx.writePoints(batch.slice(i, i + 5000))
  points += batch.length
}
const writeSeconds = seconds(started)

started = performance.now()
const recompute = createYieldRecomputation({
  registry,
  influx,
  interventions: createInterventionStore(pool),
  alerts: createAlertStore(pool),
  groveProfiles: createGroveProfileStore(pool),
  yields: createYieldStore(pool),
  honey: honeyModel(),
  olive: oliveModel(),
  logger,
  now: () => endMs,
})
await recompute({ partnerId, reason: 'on-demand' })
const recomputeSeconds = seconds(started)

const reportTimes: number[] = []
const deps = { yields: createYieldStore(pool), interventions: createInterventionStore(pool), registry }
let csvBytes = 0
for (let m = 0; m < 12; m++) {
  const month = new Date(Date.UTC(2025, 10 + m, 1)).toISOString().slice(0, 7)
  const t = performance.now()
  const report = await buildProductionReport(deps, partner, month)
  csvBytes += productionReportCsv(report).length
  reportTimes.push(performance.now() - t)
}
reportTimes.sort((a, b) => a - b)

console.log(`
== monthly production report benchmark ==
machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, load ${loadavg()[0]!.toFixed(2)}, node ${process.version}, PostgreSQL + InfluxDB on the same machine
data: ${hiveCount} hives in ${sites} apiaries, ${days} days at ${args['step-min']} min (${points} weight points)
write readings to InfluxDB:            ${writeSeconds} s (setup, not part of a report)
yield recomputation (all ${hiveCount} hives): ${recomputeSeconds} s (reads every reading of the year, daily production + estimates)
report, one month, JSON + CSV:          median ${reportTimes[6]!.toFixed(0)} ms, max ${reportTimes[11]!.toFixed(0)} ms over 12 months (${csvBytes} CSV bytes in all)
worst case from raw data (recompute + report): ${(Number(recomputeSeconds) + reportTimes[11]! / 1000).toFixed(1)} s; target well under 300 s`)

await influx.dropDatabase()
await pool.end()
