/**
 * End-to-end pipeline benchmark: the three deployables as separate processes, a fleet of real
 * MQTT devices in this one, a fixed number of QoS1 readings. Prints throughput (acked,
 * queryable), latencies (publish→ack, publish→queryable), readings lost, RSS per deployable and
 * the conditions.   npm run bench -- [--readings 200000] [--devices 100] [--batch 1] [--in-flight 20]
 *                      [--interval-s 1] [--hives-per-site 100] [--cpu-profile-dir DIR]
 * `--interval-s` is the time between a device's readings: detectors keep windows of time, so 1 s
 * fills them with far more samples than a real scale (one every 5–15 min) ever would.
 */
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { Redis } from 'ioredis'
import { loadConfig } from '../platform/config.js'
import { createInfluxConnection } from '../platform/influx/influx-connection.js'
import { migrate } from '../platform/postgres/migrate.js'
import { createPool, ensureDatabase } from '../platform/postgres/pool.js'
import { createReadingsQueue } from '../platform/readings-queue.js'
import { hashSecret, newSecret } from '../platform/secrets.js'
import { createRegistryStore } from '../platform/stores/registry-store.js'
import { createDeviceFleet, percentile, type FleetDevice } from '../simulators/index.js'
import { startDeployable, stopDeployable, waitHealthy, type Deployable } from './deployables.js'
import { describeMachine } from './machine.js'
import { createQueryableProbe } from './queryable-probe.js'

const { values: args } = parseArgs({
  options: {
    readings: { type: 'string', default: '200000' },
    devices: { type: 'string', default: '100' },
    batch: { type: 'string', default: '1' },
    'in-flight': { type: 'string', default: '20' },
    'probe-every': { type: 'string', default: '500' },
    'interval-s': { type: 'string', default: '1' },
    'hives-per-site': { type: 'string', default: '100' },
    'cpu-profile-dir': { type: 'string' },
  },
})
const totalReadings = Number(args.readings)
const deviceCount = Number(args.devices)
const batch = Number(args.batch)
const inFlight = Number(args['in-flight'])
const perDevice = Math.ceil(totalReadings / deviceCount)
const STEP_MS = Number(args['interval-s']) * 1000
const hivesPerSite = Number(args['hives-per-site'])
const siteCount = Math.ceil(deviceCount / hivesPerSite)

const run = randomBytes(3).toString('hex')
const env = {
  MTC_LOG_LEVEL: 'warn',
  MTC_POSTGRES_URL: process.env.MTC_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/mtc_bench',
  MTC_INFLUX_DATABASE: `mtc_bench_${run}`,
  MTC_QUEUE_NAME: `bench-${run}`,
  MTC_MQTT_HOST: '127.0.0.1',
  MTC_MQTT_PORT: process.env.MTC_MQTT_PORT ?? '18930',
  MTC_API_HOST: '127.0.0.1',
  MTC_API_PORT: process.env.MTC_API_PORT ?? '18980',
  MTC_OPS_PORT_INGEST: '18901',
  MTC_OPS_PORT_PROCESSORS: '18902',
}
const config = loadConfig({ ...process.env, ...env })

await ensureDatabase(config.MTC_POSTGRES_URL)
const pool = createPool({ url: config.MTC_POSTGRES_URL, poolSize: 4 })
await migrate(pool)
const influx = createInfluxConnection({
  url: config.MTC_INFLUX_URL,
  api: config.MTC_INFLUX_API,
  database: config.MTC_INFLUX_DATABASE,
  retentionPolicy: config.MTC_INFLUX_RETENTION_POLICY,
  org: config.MTC_INFLUX_ORG,
  token: config.MTC_INFLUX_TOKEN,
  timeoutMs: 30_000,
})
await influx.ensureDatabase()
const redis = new Redis(config.MTC_REDIS_URL)

console.log(`provisioning ${deviceCount} devices (scrypt hashes)...`)
const registry = createRegistryStore(pool)
const partnerId = `bench-${run}`
await registry.createPartner({ id: partnerId, name: 'benchmark' })
for (let site = 0; site < siteCount; site++) {
  await registry.createSite({ id: `${partnerId}-apiary-${site}`, partnerId, name: 'bench', kind: 'apiary', timezone: 'Europe/Brussels', latitude: null, longitude: null })
}
const devices: FleetDevice[] = await Promise.all(
  Array.from({ length: deviceCount }, async (_, i) => {
    const secret = newSecret()
    const deviceId = `${partnerId}-hive-${i}`
    await registry.createDevice({ id: deviceId, partnerId, siteId: `${partnerId}-apiary-${Math.floor(i / hivesPerSite)}`, kind: 'hive', name: null, hardware: 'bench', secretHash: await hashSecret(secret) })
    return { partnerId, deviceId, secret, kind: 'hive' as const, seed: i + 1 }
  }),
)

const deployables: Deployable[] = [
  startDeployable('ingest', 'ingest/server.ts', env, args['cpu-profile-dir']),
  startDeployable('processors', 'processors/server.ts', env, args['cpu-profile-dir']),
  startDeployable('api', 'api/server.ts', env, args['cpu-profile-dir']),
]
await Promise.all([
  waitHealthy(`http://127.0.0.1:${env.MTC_OPS_PORT_INGEST}/health`),
  waitHealthy(`http://127.0.0.1:${env.MTC_OPS_PORT_PROCESSORS}/health`),
  waitHealthy(`http://127.0.0.1:${env.MTC_API_PORT}/health`),
])

const probe = createQueryableProbe(influx)
const probeEvery = Number(args['probe-every'])
let acks = 0
const fleet = createDeviceFleet({
  brokerUrl: `mqtt://127.0.0.1:${env.MTC_MQTT_PORT}`,
  devices,
  onAck: (info) => {
    if (acks++ % probeEvery === 0) {
      probe.add({ measurement: 'hive', deviceId: info.deviceId, timeMs: Date.parse(info.readings.at(-1)!.ts), publishedAt: info.publishedAt })
    }
  },
})
await fleet.connect()

async function storedCount(): Promise<number> {
  const series = await influx.query('SELECT count("seq") FROM "hive"')
  return Number(series[0]?.values[0]?.[1] ?? 0)
}

console.log(`publishing ${perDevice * deviceCount} readings from ${deviceCount} devices, ${batch} per PUBLISH, ≤${inFlight} in flight per device...`)
const cpuAtStart = new Map(deployables.map((d) => [d.name, d.cpuSeconds()]))
const generatorCpuAtStart = (process.cpuUsage().user + process.cpuUsage().system) / 1e6
const started = Date.now()
const firstTs = new Date(started - perDevice * STEP_MS)
const stats =
  batch === 1
    ? await fleet.runLive({ readingsPerDevice: perDevice, intervalMs: 'as-fast-as-acked', maxInFlightPerDevice: inFlight, startTime: firstTs, stepMs: STEP_MS })
    : await fleet.runBackfill({ from: firstTs, to: new Date(firstTs.getTime() + perDevice * STEP_MS), stepMs: STEP_MS, batchSize: batch, maxInFlightPerDevice: inFlight })
const ackedAt = Date.now()

let stored = await storedCount()
const settleDeadline = Date.now() + 120_000
while (stored < stats.acked && Date.now() < settleDeadline) {
  await new Promise((r) => setTimeout(r, 100))
  stored = await storedCount()
}
const queryableAt = Date.now()
const waitProbes = Date.now() + 5000
while (probe.pending > 0 && Date.now() < waitProbes) await new Promise((r) => setTimeout(r, 50))
await probe.stop()

const rss = deployables.map((d) => ({ name: d.name, ...d.rss(), cpu: d.cpuSeconds() - cpuAtStart.get(d.name)! }))
const generatorCpu = (process.cpuUsage().user + process.cpuUsage().system) / 1e6 - generatorCpuAtStart
const queue = createReadingsQueue({ name: config.MTC_QUEUE_NAME, prefix: config.MTC_QUEUE_PREFIX, connection: { host: '127.0.0.1', port: Number(new URL(config.MTC_REDIS_URL).port || 6379) } })
const deadLetters = await pool.query<{ n: string }>('SELECT count(*) AS n FROM dead_letters WHERE partner_id = $1', [partnerId])
const machine = await describeMachine(config.MTC_INFLUX_URL, redis)
const ingestMetrics = await fetch(`http://127.0.0.1:${env.MTC_OPS_PORT_INGEST}/metrics`).then((r) => r.text())
const metricValue = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(ingestMetrics)?.[1] ?? NaN)
const jobs = metricValue('mtc_ingest_enqueue_batch_messages_count')
const messagesPerJob = metricValue('mtc_ingest_enqueue_batch_messages_sum') / jobs

const ms = (v: number) => `${v.toFixed(1)} ms`
const perSecond = (n: number, since: number, until: number) => `${Math.round(n / ((until - since) / 1000)).toLocaleString('en')} readings/s`
console.log(`
== pipeline benchmark ==
${machine}
conditions: ${stats.sent} QoS1 readings, ${deviceCount} devices, ${batch} reading(s) per PUBLISH (${stats.messagesSent} PUBLISHes), ≤${inFlight} in flight per device;
            deployables as 3 processes + this load generator on the same machine; worker concurrency ${config.MTC_WORKER_CONCURRENCY},
            enqueue micro-batch ≤${config.MTC_ENQUEUE_MAX_WAIT_MS} ms / ≤${config.MTC_ENQUEUE_MAX_BATCH} messages;
            readings ${STEP_MS / 1000} s apart per device, ${siteCount} site(s) of ≤${hivesPerSite} hives, detectors ${config.MTC_DETECTION_ENABLED ? 'on' : 'off'}
acked:       ${perSecond(stats.acked, started, ackedAt)}  (${stats.acked} in ${((ackedAt - started) / 1000).toFixed(1)} s)
queryable:   ${perSecond(stored, started, queryableAt)}  (all ${stored} stored ${((queryableAt - started) / 1000).toFixed(1)} s after the first publish)
publish→ack:        p50 ${ms(percentile(stats.latenciesMs, 50))}  p99 ${ms(percentile(stats.latenciesMs, 99))}  (${stats.latenciesMs.length} samples)
publish→queryable:  p50 ${ms(percentile(probe.latenciesMs, 50))}  p99 ${ms(percentile(probe.latenciesMs, 99))}  (${probe.latenciesMs.length} sampled readings, 25 ms poll)
enqueue: ${jobs} jobs, ${messagesPerJob.toFixed(1)} PUBLISHes per job on average
lost (acked − stored): ${stats.acked - stored}   dead-lettered: ${deadLetters.rows[0]!.n}   client errors: ${stats.errors}
RSS (current / peak MiB): ${rss.map((r) => `${r.name} ${r.currentMiB.toFixed(0)} / ${r.peakMiB.toFixed(0)}`).join(', ')}, load generator ${(process.memoryUsage.rss() / 2 ** 20).toFixed(0)}
CPU seconds during the run: ${rss.map((r) => `${r.name} ${r.cpu.toFixed(1)}`).join(', ')}, load generator ${generatorCpu.toFixed(1)} (wall ${((queryableAt - started) / 1000).toFixed(1)} s × 2 cores)
`)
if (args['cpu-profile-dir']) console.log(`CPU profiles in ${args['cpu-profile-dir']}: ${deployables.map((d) => `${d.name} pid ${d.child.pid}`).join(', ')}`)

await fleet.close(5000)
await Promise.all(deployables.map(stopDeployable))
await queue.obliterate({ force: true }).catch(() => undefined)
await queue.close()
await influx.dropDatabase()
await redis.quit()
await pool.end()
process.exit(stats.acked - stored === 0 ? 0 : 1)
