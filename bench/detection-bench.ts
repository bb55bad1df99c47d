/**
 * Detection benchmark: the detection runner alone, as a readings worker calls it after storing a
 * job, against the real Redis (state, locks) and PostgreSQL (alerts). No MQTT, no InfluxDB, so the
 * figure is what the detectors and their state cost per reading. Jobs hold one reading per device,
 * as in production (a scale reports every 5–15 min). Runs the same series with this process's
 * state cache on and off, alternating, and prints each side's median.
 *   npm run bench:detection -- [--hives 200] [--hives-per-site 20] [--readings-per-hive 150] [--interval-s 300] [--rounds 3]
 */
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { Redis } from 'ioredis'
import { Registry } from 'prom-client'
import { loadConfig } from '../platform/config.js'
import { createLogger } from '../platform/logger.js'
import { createPipelineMetrics } from '../platform/metrics.js'
import { migrate } from '../platform/postgres/migrate.js'
import { createPool, ensureDatabase } from '../platform/postgres/pool.js'
import { createAlertStore } from '../platform/stores/alert-store.js'
import { createDetectorStateStore } from '../platform/stores/detector-state-store.js'
import { createRegistryStore, type Device } from '../platform/stores/registry-store.js'
import { createDetectionRunner } from '../processors/detection-runner.js'
import { createSiteDetectors } from '../processors/detectors/index.js'
import { decodeMessage, type NormalizedReading } from '../processors/message-decoder.js'
import { deviceTopic } from '../firmware-contracts/index.js'
import { createHiveModel, percentile } from '../simulators/index.js'
import { describeMachine } from './machine.js'

const { values: args } = parseArgs({
  options: {
    hives: { type: 'string', default: '200' },
    'hives-per-site': { type: 'string', default: '20' },
    'readings-per-hive': { type: 'string', default: '150' },
    'interval-s': { type: 'string', default: '300' },
    rounds: { type: 'string', default: '3' },
  },
})
const hiveCount = Number(args.hives)
const hivesPerSite = Number(args['hives-per-site'])
const readingsPerHive = Number(args['readings-per-hive'])
const intervalMs = Number(args['interval-s']) * 1000
const rounds = Number(args.rounds)

const config = loadConfig({ ...process.env, MTC_LOG_LEVEL: 'warn', MTC_POSTGRES_URL: process.env.MTC_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/mtc_bench' })
await ensureDatabase(config.MTC_POSTGRES_URL)
const pool = createPool({ url: config.MTC_POSTGRES_URL, poolSize: 4 })
await migrate(pool)
const redis = new Redis(config.MTC_REDIS_URL)
const registry = createRegistryStore(pool)
const logger = createLogger('warn', 'detection-bench')

const run = randomBytes(3).toString('hex')
const partnerId = `detect-bench-${run}`
await registry.createPartner({ id: partnerId, name: 'detection benchmark' })
const sites = Math.ceil(hiveCount / hivesPerSite)
for (let s = 0; s < sites; s++) {
  await registry.createSite({ id: `${partnerId}-apiary-${s}`, partnerId, name: 'bench', kind: 'apiary', timezone: 'Europe/Brussels', latitude: 50.8, longitude: 4.4 })
}
const devices: Device[] = []
for (let i = 0; i < hiveCount; i++) {
  devices.push(await registry.createDevice({ id: `${partnerId}-hive-${i}`, partnerId, siteId: `${partnerId}-apiary-${Math.floor(i / hivesPerSite)}`, kind: 'hive', name: null, hardware: 'bench', secretHash: 'x' }))
}

/** Job k holds every hive's k-th reading, decoded as the readings worker decodes it. */
function jobsOfSeries(startMs: number): NormalizedReading[][] {
  const policy = { earliestDeviceTimeMs: 0, maxFutureSkewMs: Number.MAX_SAFE_INTEGER }
  const models = devices.map((_, i) => createHiveModel({ seed: i + 1 }))
  return Array.from({ length: readingsPerHive }, (_, k) =>
    devices.flatMap((device, i) => {
      const reading = models[i]!.readingAt(new Date(startMs + k * intervalMs), k)
      const payload = Buffer.from(JSON.stringify(reading)).toString('base64')
      const message = { id: `${device.id}-${k}`, topic: deviceTopic(partnerId, device.id, 'telemetry'), partnerId, deviceId: device.id, receivedAt: startMs + k * intervalMs, payload }
      const decoded = decodeMessage(message, 0, device, policy)
      if (decoded.readings.length === 0) throw new Error(`simulated reading refused: ${decoded.deadLetters[0]?.reason}`)
      return decoded.readings
    }),
  )
}

/** One pass of the series through a fresh runner; the state keys are its own, so each pass starts cold. */
async function measure(cacheSize: number, pass: number): Promise<{ usPerReading: number; jobP50Ms: number; hitRate: number }> {
  let hits = 0
  let lookups = 0
  const runDetection = createDetectionRunner({
    detectorsFor: createSiteDetectors({ registry, ttlMs: 60_000 }),
    states: createDetectorStateStore(redis, `${config.MTC_QUEUE_PREFIX}:bench-${run}-${pass}`, {
      lockTtlMs: 30_000,
      lockWaitMs: 15_000,
      cacheSize,
      onCacheLookup: (hit) => {
        lookups++
        if (hit) hits++
      },
    }),
    alerts: createAlertStore(pool),
    publish: () => undefined,
    metrics: createPipelineMetrics(new Registry()),
    logger,
    siteReferenceToleranceMs: config.MTC_SITE_REFERENCE_TOLERANCE_S * 1000,
  })
  const jobs = jobsOfSeries(Date.parse('2026-05-01T00:00:00Z') + pass * readingsPerHive * intervalMs)
  const cpuBefore = process.cpuUsage()
  const jobMs: number[] = []
  for (const job of jobs) {
    const started = performance.now()
    await runDetection(job)
    jobMs.push(performance.now() - started)
  }
  const cpu = process.cpuUsage(cpuBefore)
  const readings = jobs.reduce((sum, job) => sum + job.length, 0)
  return { usPerReading: (cpu.user + cpu.system) / readings, jobP50Ms: percentile(jobMs, 50), hitRate: lookups ? hits / lookups : 0 }
}

const sides = [
  { name: 'state cached in memory', cacheSize: hiveCount, runs: [] as Awaited<ReturnType<typeof measure>>[] },
  { name: 'state read from Redis every run', cacheSize: 0, runs: [] as Awaited<ReturnType<typeof measure>>[] },
]
let pass = 0
for (let round = 0; round < rounds; round++) {
  for (const side of sides) side.runs.push(await measure(side.cacheSize, pass++))
}

const median = (values: number[]) => percentile(values, 50)
console.log(`
== detection benchmark ==
${await describeMachine(config.MTC_INFLUX_URL, redis)}
conditions: ${hiveCount} hives in ${sites} site(s) of ≤${hivesPerSite}, ${readingsPerHive} readings each ${intervalMs / 1000} s apart, one reading per hive per job
            (${readingsPerHive} jobs of ${hiveCount} readings), every hive detector on, state in Redis, alerts in PostgreSQL; ${rounds} rounds, sides alternating
${sides
  .map((s) => {
    const us = median(s.runs.map((r) => r.usPerReading))
    return `${s.name.padEnd(32)} CPU ${us.toFixed(0)} µs/reading (≈ ${Math.round(1e6 / us).toLocaleString('en')} readings/s on one core), job p50 ${median(s.runs.map((r) => r.jobP50Ms)).toFixed(1)} ms, cache hits ${(median(s.runs.map((r) => r.hitRate)) * 100).toFixed(0)} %`
  })
  .join('\n')}
`)

await redis.quit()
await pool.end()
