/**
 * Scores the anomaly detectors on fresh labelled scenarios run through the real pipeline:
 * MQTT (aedes) → durable queue → processors (storage, detectors, alerts in PostgreSQL).
 *
 *   npm run eval:anomalies -- --seed 7 [--hives 24] [--groves 8] [--days 30] [--offline-devices 6]
 *
 * Backfill part: every device's series is published as store-and-forward batches, in time slices
 * across the fleet (so a site's devices are compared at about the same time), and the alerts the
 * detectors open are matched against the ground truth. Offline part: live devices publish once a
 * second and some fall silent; the scheduled sweep (a wall-clock job) has to notice.
 */
import { randomBytes } from 'node:crypto'
import os from 'node:os'
import { parseArgs } from 'node:util'
import mqtt, { type MqttClient } from 'mqtt'
import { deviceTopic } from '../firmware-contracts/index.js'
import { loadConfig } from '../platform/config.js'
import { startEmbeddedStack } from '../platform/embedded-stack.js'
import { createLogger } from '../platform/logger.js'
import { hashSecret, newSecret } from '../platform/secrets.js'
import { createAlertStore } from '../platform/stores/alert-store.js'
import { createRegistryStore } from '../platform/stores/registry-store.js'
import { RULES, type Rule } from '../processors/detectors/detector.js'
import { generateScenarioSet, type LabelledEvent, type ScenarioDevice } from '../simulators/scenarios/index.js'
import { percentile } from '../simulators/percentile.js'
import { deviceMonths, pooledF1, scoreRule, type MatchWindow, type RuleScore, type ScoredAlert } from './detection-score.js'

const { values: args } = parseArgs({
  options: {
    seed: { type: 'string' },
    hives: { type: 'string', default: '24' },
    groves: { type: 'string', default: '8' },
    days: { type: 'string', default: '30' },
    'offline-devices': { type: 'string', default: '6' },
    'slice-hours': { type: 'string', default: '6' },
    /** Lists every missed event and every false alarm, for whoever tunes a detector. */
    verbose: { type: 'boolean', default: false },
  },
})
if (args.seed === undefined || !/^\d+$/.test(args.seed)) {
  console.error('usage: npm run eval:anomalies -- --seed <n> [--hives 24] [--groves 8] [--days 30] [--offline-devices 6]')
  process.exit(2)
}
const seed = Number(args.seed)
const HOUR = 3_600_000
const DAY = 24 * HOUR

/**
 * How far before its labelled start and after its labelled end an alert still answers an event:
 * sudden events must be caught within hours, slow conditions within days.
 */
const WINDOWS: Partial<Record<Rule, MatchWindow>> = {
  'hive.swarm': { leadMs: 0.5 * HOUR, graceMs: 2 * HOUR },
  'hive.theft': { leadMs: 0.5 * HOUR, graceMs: 2 * HOUR },
  'hive.manipulation': { leadMs: 0.5 * HOUR, graceMs: 2 * HOUR },
  'hive.queenless': { leadMs: DAY, graceMs: 3 * DAY },
  'hive.starvation': { leadMs: 3 * DAY, graceMs: 7 * DAY },
  'device.drift': { leadMs: DAY, graceMs: 3 * DAY },
  'grove.drought': { leadMs: DAY, graceMs: 3 * DAY },
  'grove.peacock_spot': { leadMs: 12 * HOUR, graceMs: DAY },
  'grove.fruit_fly': { leadMs: 2 * DAY, graceMs: 3 * DAY },
}
const DEFAULT_WINDOW: MatchWindow = { leadMs: HOUR, graceMs: 12 * HOUR }

const scenario = generateScenarioSet({ seed, hives: Number(args.hives), groves: Number(args.groves), days: Number(args.days) })
const readingCount = scenario.devices.reduce((n, d) => n + d.readings.length, 0)

const suffix = randomBytes(3).toString('hex')
const config = loadConfig({
  ...process.env,
  MTC_LOG_LEVEL: process.env.MTC_LOG_LEVEL ?? 'warn',
  MTC_POSTGRES_URL: process.env.MTC_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/mtc_eval',
  MTC_INFLUX_DATABASE: `mtc_eval_${suffix}`,
  MTC_QUEUE_NAME: `readings-eval-${suffix}`,
  MTC_NOTIFY_QUEUE_NAME: `notifications-eval-${suffix}`,
  MTC_ALERT_EVENTS_CHANNEL: `alert-events-eval-${suffix}`,
  MTC_QUEUE_PREFIX: 'mtc-eval',
  MTC_MQTT_HOST: '127.0.0.1',
  MTC_MQTT_PORT: '0',
  MTC_API_HOST: '127.0.0.1',
  MTC_API_PORT: '0',
  MTC_OPS_PORT_INGEST: '0',
  MTC_OPS_PORT_PROCESSORS: '0',
  MTC_OFFLINE_AFTER_S: '3',
  MTC_OFFLINE_SWEEP_CRON: '* * * * * *',
  // One job at a time: the figures measure the detectors, not how the workers interleave jobs.
  MTC_WORKER_CONCURRENCY: '1',
})
const stack = await startEmbeddedStack(config, createLogger(config.MTC_LOG_LEVEL, 'eval'))
const registry = createRegistryStore(stack.pool)
const alertStore = createAlertStore(stack.pool)
const partnerId = `eval-${seed}-${suffix}`
await registry.createPartner({ id: partnerId, name: `anomaly evaluation, seed ${seed}` })

const idOf = (scenarioId: string) => `${scenarioId}-${suffix}`.toLowerCase().replace(/[^a-z0-9_-]/g, '-')
const sites = new Map<string, ScenarioDevice>()
for (const d of scenario.devices) if (!sites.has(d.siteId)) sites.set(d.siteId, d)
for (const [siteId, d] of sites) {
  await registry.createSite({
    id: idOf(siteId),
    partnerId,
    name: siteId,
    kind: d.kind === 'hive' ? 'apiary' : 'grove',
    timezone: d.timeZone,
    latitude: d.latitude,
    longitude: d.longitude,
  })
}

async function registerAndConnect(deviceId: string, siteId: string, kind: 'hive' | 'grove'): Promise<MqttClient> {
  const secret = newSecret()
  await registry.createDevice({ id: deviceId, partnerId, siteId, kind, name: null, hardware: 'scenario', secretHash: await hashSecret(secret) })
  return mqtt.connectAsync(`mqtt://127.0.0.1:${stack.mqttPort}`, { username: deviceId, password: secret, clientId: deviceId, reconnectPeriod: 1000 })
}

const clients = new Map<string, MqttClient>()
for (const d of scenario.devices) clients.set(d.deviceId, await registerAndConnect(idOf(d.deviceId), idOf(d.siteId), d.kind))

const started = Date.now()
const sliceMs = Number(args['slice-hours']) * HOUR
const firstMs = Math.min(...scenario.devices.map((d) => Date.parse(d.readings[0]!.ts)))
const lastMs = Math.max(...scenario.devices.map((d) => Date.parse(d.readings.at(-1)!.ts)))
const cursor = new Map(scenario.devices.map((d) => [d.deviceId, 0]))
let published = 0
let reportedTenth = 0
for (let sliceEnd = firstMs + sliceMs; sliceEnd <= lastMs + sliceMs; sliceEnd += sliceMs) {
  await Promise.all(
    scenario.devices.map(async (d) => {
      const from = cursor.get(d.deviceId)!
      let to = from
      while (to < d.readings.length && Date.parse(d.readings[to]!.ts) < sliceEnd) to++
      cursor.set(d.deviceId, to)
      published += to - from
      for (let i = from; i < to; i += 1000) {
        const readings = d.readings.slice(i, Math.min(to, i + 1000))
        await clients.get(d.deviceId)!.publishAsync(deviceTopic(partnerId, idOf(d.deviceId), 'telemetry'), JSON.stringify({ readings }), { qos: 1 })
      }
    }),
  )
  if (Math.floor((10 * published) / readingCount) > reportedTenth) {
    reportedTenth = Math.floor((10 * published) / readingCount)
    console.log(`published ${published} of ${readingCount} readings (${Math.round((100 * published) / readingCount)} %)`)
  }
}
const stored = async () => (await stack.metrics.registry.getSingleMetric('mtc_readings_stored_total')!.get()).values.reduce((n, v) => n + v.value, 0)
const lettered = async () => (await stack.metrics.registry.getSingleMetric('mtc_readings_dead_lettered_total')!.get()).values.reduce((n, v) => n + v.value, 0)
while ((await stored()) + (await lettered()) < readingCount) await new Promise((r) => setTimeout(r, 250))
while ((await stack.readingsQueue.getWaitingCount()) + (await stack.readingsQueue.getActiveCount()) > 0) await new Promise((r) => setTimeout(r, 250))
const backfillSeconds = (Date.now() - started) / 1000
console.log(`${readingCount} readings from ${scenario.devices.length} devices through the pipeline in ${backfillSeconds.toFixed(1)} s (${await lettered()} dead-lettered)`)

// Offline, live: the sweep judges silence by wall clock.
const offlineDevices = Number(args['offline-devices'])
const offlineSite = `offline-${suffix}`
await registry.createSite({ id: offlineSite, partnerId, name: 'offline test', kind: 'apiary', timezone: 'UTC', latitude: null, longitude: null })
const offlineTruth: { deviceId: string; silentFromMs: number }[] = []
const live = await Promise.all(
  Array.from({ length: offlineDevices }, async (_, i) => ({ id: `offline-${i}-${suffix}`, client: await registerAndConnect(`offline-${i}-${suffix}`, offlineSite, 'hive') })),
)
const liveStart = Date.now()
for (let tick = 0; tick < 12; tick++) {
  await Promise.all(
    live.map(async ({ id, client }, i) => {
      // Even devices go silent after 3 s, the others keep talking.
      if (i % 2 === 0 && tick >= 3) return
      await client.publishAsync(deviceTopic(partnerId, id, 'telemetry'), JSON.stringify({ seq: tick, weight_kg: 40 + tick * 0.01 }), { qos: 1 })
      if (i % 2 === 0 && tick === 2) offlineTruth.push({ deviceId: id, silentFromMs: Date.now() })
    }),
  )
  await new Promise((r) => setTimeout(r, 1000 - ((Date.now() - liveStart) % 1000)))
}

// Every alert of this partner comes from a device's detectors: the scenario has no stock.
const alertsOpened = (await alertStore.list({ partnerId, limit: 100_000 })).map((a) => ({ ...a, deviceId: a.deviceId!, siteId: a.siteId! }))
const toScored = (a: (typeof alertsOpened)[number]): ScoredAlert => ({
  deviceId: a.deviceId,
  rule: a.rule,
  severity: a.severity,
  openedAtMs: Date.parse(a.openedAt),
})
const scenarioIdOf = new Map(scenario.devices.map((d) => [idOf(d.deviceId), d.deviceId]))
const scenarioAlerts = alertsOpened.filter((a) => a.siteId !== offlineSite).map((a) => ({ ...toScored(a), deviceId: scenarioIdOf.get(a.deviceId)! }))
const truth: LabelledEvent[] = scenario.truth.filter((e) => e.rule !== 'device.offline')

const spanOf = (d: ScenarioDevice) => ({ fromMs: Date.parse(d.readings[0]!.ts), toMs: Date.parse(d.readings.at(-1)!.ts) })
const monthsOf = (kind?: 'hive' | 'grove') => deviceMonths(scenario.devices.filter((d) => !kind || d.kind === kind).map(spanOf))
const scores: RuleScore[] = RULES.filter((r) => r !== 'device.offline').map((rule) =>
  scoreRule(rule, truth, scenarioAlerts, WINDOWS[rule] ?? DEFAULT_WINDOW, monthsOf(rule.startsWith('hive.') ? 'hive' : rule.startsWith('grove.') ? 'grove' : undefined)),
)

// Offline: an alert per silent device, none for the talking ones; delay from the last reading.
const offlineAlerts = alertsOpened.filter((a) => a.siteId === offlineSite && a.rule === 'device.offline')
const offlineDelays = offlineTruth.flatMap((t) => {
  const alert = offlineAlerts.find((a) => a.deviceId === t.deviceId)
  return alert ? [Date.parse(alert.openedAt) - t.silentFromMs] : []
})
const offlineFalse = offlineAlerts.filter((a) => !offlineTruth.some((t) => t.deviceId === a.deviceId)).length

const pct = (x: number) => (Number.isNaN(x) ? '   –' : x.toFixed(2).padStart(4))
const minutes = (ms: number) => (Number.isNaN(ms) ? '     –' : `${(ms / 60_000).toFixed(1)}`.padStart(6))
console.log(`
== anomaly evaluation, seed ${seed} ==
machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, node ${process.version}
scenarios: ${args.hives} hives (5-min samples), ${args.groves} grove stations (15-min), ${args.days} days per season group;
           ${truth.length} labelled events (${truth.filter((e) => !e.alarm).length} beekeeper manipulations, expected as info events)
           hive-months ${monthsOf('hive').toFixed(1)}, grove-months ${monthsOf('grove').toFixed(1)}

| rule | events | detected | recall | alerts | precision | F1 | median delay (min) | false alarms / device-month |
|---|---:|---:|---:|---:|---:|---:|---:|---:|`)
for (const s of scores) {
  console.log(`| ${s.rule} | ${s.events} | ${s.detected} | ${pct(s.recall)} | ${s.alerts} | ${pct(s.precision)} | ${pct(s.f1)} | ${minutes(s.medianDelayMs)} | ${s.falseAlarmsPerDeviceMonth.toFixed(2)} |`)
}
console.log(`| device.offline (live, window ${config.MTC_OFFLINE_AFTER_S} s, sweep 1 s) | ${offlineTruth.length} | ${offlineDelays.length} | ${pct(offlineDelays.length / offlineTruth.length)} | ${offlineAlerts.length} | ${pct((offlineAlerts.length - offlineFalse) / offlineAlerts.length)} | – | ${(percentile(offlineDelays, 50) / 1000).toFixed(1)} s | – |`)

if (args.verbose) {
  for (const s of scores) {
    const window = WINDOWS[s.rule] ?? DEFAULT_WINDOW
    const ruleAlerts = scenarioAlerts.filter((a) => a.rule === s.rule)
    const answers = (e: LabelledEvent, a: ScoredAlert) => a.deviceId === e.deviceId && a.openedAtMs >= e.startMs - window.leadMs && a.openedAtMs <= e.endMs + window.graceMs
    for (const e of truth.filter((t) => t.rule === s.rule && !ruleAlerts.some((a) => answers(t, a)))) {
      console.log(`missed  ${s.rule} ${e.kind} on ${e.deviceId} ${new Date(e.startMs).toISOString()} .. ${new Date(e.endMs).toISOString()} ${JSON.stringify(e.details)}`)
    }
    for (const a of ruleAlerts.filter((alert) => !truth.some((t) => t.rule === s.rule && answers(t, alert)))) {
      const near = truth.filter((t) => t.deviceId === a.deviceId && Math.abs(t.startMs - a.openedAtMs) < DAY).map((t) => t.kind)
      console.log(`false   ${s.rule} on ${a.deviceId} ${new Date(a.openedAtMs).toISOString()} (events within a day: ${near.join(', ') || 'none'})`)
    }
  }
}

const faults = pooledF1(scores.filter((s) => s.rule.startsWith('device.')))
const byRule = new Map(scores.map((s) => [s.rule, s]))
const swarm = byRule.get('hive.swarm')!
const theft = byRule.get('hive.theft')!
console.log(`
sensor faults pooled (stuck, drift, spike, out of range, battery): precision ${pct(faults.precision)}, recall ${pct(faults.recall)}, F1 ${pct(faults.f1)}
targets: swarm recall ${pct(swarm.recall)} (≥ 0.95), theft recall ${pct(theft.recall)} (≥ 0.95), false alarms per hive-month ${(swarm.falseAlarmsPerDeviceMonth + theft.falseAlarmsPerDeviceMonth).toFixed(2)} (≤ 1),
         median delay swarm ${minutes(swarm.medianDelayMs)} min / theft ${minutes(theft.medianDelayMs)} min (≤ 15), sensor-fault F1 ${pct(faults.f1)} (≥ 0.9)`)

await Promise.all([...clients.values(), ...live.map((l) => l.client)].map((c) => c.endAsync()))
await stack.readingsQueue.obliterate({ force: true })
await stack.close()
await stack.influx.dropDatabase()
