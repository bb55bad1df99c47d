/**
 * The main job: broker, workers and API in one process, with simulated hives and olive-grove
 * stations publishing over MQTT (a few days of history as store-and-forward batches, then live),
 * one glitchy device whose bad messages end as dead letters, and a progress line per interval.
 */
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import mqtt from 'mqtt'
import { deviceTopic } from '../firmware-contracts/index.js'
import { loadConfig } from '../platform/config.js'
import { startEmbeddedStack } from '../platform/embedded-stack.js'
import { createLogger } from '../platform/logger.js'
import { createDeviceFleet } from '../simulators/index.js'
import { provisionDemoDevices } from './demo-provisioning.js'

const { values: args } = parseArgs({
  options: {
    hives: { type: 'string', default: '9' },
    groves: { type: 'string', default: '3' },
    'interval-ms': { type: 'string', default: '1000' },
    'backfill-days': { type: 'string', default: '3' },
    'duration-s': { type: 'string', default: '0' },
    help: { type: 'boolean', default: false },
  },
})
if (args.help) {
  console.log(`usage: scripts/demo.sh [--hives 9] [--groves 3] [--interval-ms 1000] [--backfill-days 3] [--duration-s 0 (until Ctrl-C)]
Environment: MTC_* variables (see README "Configuration"); MTC_BOOTSTRAP_OPS_KEY fixes the ops API key.`)
  process.exit(0)
}
const intervalMs = Number(args['interval-ms'])
const durationS = Number(args['duration-s'])

const opsKey = process.env.MTC_BOOTSTRAP_OPS_KEY ?? randomBytes(24).toString('base64url')
const config = loadConfig({ MTC_LOG_LEVEL: 'warn', ...process.env, MTC_BOOTSTRAP_OPS_KEY: opsKey })
const logger = createLogger(config.MTC_LOG_LEVEL, 'demo')
const stack = await startEmbeddedStack(config, logger)
const apiUrl = `http://127.0.0.1:${stack.apiPort}`
const runId = Date.now().toString(36)
const devices = await provisionDemoDevices(apiUrl, opsKey, { hives: Number(args.hives), groves: Number(args.groves) }, runId)
const brokerUrl = `mqtt://127.0.0.1:${stack.mqttPort}`

console.log(`mtc-telemetry demo — MQTT ${brokerUrl}, API ${apiUrl} (docs ${apiUrl}/docs)
ops API key: ${opsKey}
${devices.length} devices: ${devices.map((d) => d.deviceId).join(', ')}
try: curl -H "Authorization: Bearer ${opsKey}" "${apiUrl}/v1/devices/${devices[0]!.deviceId}/series?from=${new Date(Date.now() - 86_400_000).toISOString()}&window=1h"
`)

const fleet = createDeviceFleet({ brokerUrl, devices, logger: (line) => logger.debug(line) })
await fleet.connect()

const counter = async (name: string) =>
  (await stack.metrics.registry.getSingleMetric(name)?.get())?.values.reduce((sum, v) => sum + v.value, 0) ?? 0
let last = { at: Date.now(), sent: 0, acked: 0, stored: 0, dead: 0 }
async function progress(): Promise<void> {
  const now = {
    at: Date.now(),
    sent: fleet.stats.sent,
    acked: fleet.stats.acked,
    stored: await counter('mtc_readings_stored_total'),
    dead: await counter('mtc_readings_dead_lettered_total'),
  }
  const rate = (k: 'sent' | 'acked' | 'stored' | 'dead') => ((now[k] - last[k]) / ((now.at - last.at) / 1000)).toFixed(1)
  const waiting = await stack.readingsQueue.getWaitingCount().catch(() => NaN)
  console.log(
    `sent ${now.sent} (${rate('sent')}/s)  acked ${now.acked} (${rate('acked')}/s)  stored ${now.stored} (${rate('stored')}/s)  ` +
      `dead-lettered ${now.dead} (${rate('dead')}/s)  queue waiting ${waiting}`,
  )
  last = now
}
const ticker = setInterval(() => void progress(), 2000)

// A device with buggy firmware: a buffer overrun in a number, a truncated payload, a clock far ahead.
const glitchy = devices.find((d) => d.kind === 'hive')!
const glitchClient = await mqtt.connectAsync(brokerUrl, { username: glitchy.deviceId, password: glitchy.secret, clientId: `${glitchy.deviceId}-fw-bug` })
const glitches = [
  () => JSON.stringify({ ts: new Date().toISOString(), seq: 900_000, weight_kg: '41.2\u0000\u00ff\u00fe' }),
  () => '{"ts":"2026-05-12T08:00:00Z","seq":900001,"weight_',
  () => JSON.stringify({ ts: new Date(Date.now() + 86_400_000).toISOString(), seq: 900_002, weight_kg: 40 }),
]
let glitchIndex = 0
const glitchTimer = setInterval(() => {
  const payload = glitches[glitchIndex++ % glitches.length]!()
  glitchClient.publish(deviceTopic(glitchy.partnerId, glitchy.deviceId, 'telemetry'), payload, { qos: 1 })
}, 5000)

let stopping = false
async function stop(code: number): Promise<void> {
  if (stopping) return
  stopping = true
  clearInterval(glitchTimer)
  await fleet.close(5000).catch(() => undefined)
  await glitchClient.endAsync().catch(() => undefined)
  await new Promise((r) => setTimeout(r, 1500)) // let the last jobs land before the final line
  await progress()
  clearInterval(ticker)
  await stack.close()
  process.exit(code)
}
process.once('SIGINT', () => void stop(0))
process.once('SIGTERM', () => void stop(0))

const backfillDays = Number(args['backfill-days'])
if (backfillDays > 0) {
  console.log(`backfilling ${backfillDays} days of 15-minute readings per device as store-and-forward batches...`)
  await fleet.runBackfill({ from: new Date(Date.now() - backfillDays * 86_400_000), to: new Date(), stepMs: 15 * 60_000, batchSize: 96 })
}
console.log(`live: one reading per device every ${intervalMs} ms${durationS > 0 ? ` for ${durationS} s` : ' (Ctrl-C to stop)'}`)
const live = fleet.runLive({
  readingsPerDevice: durationS > 0 ? Math.max(1, Math.floor((durationS * 1000) / intervalMs)) : Number.MAX_SAFE_INTEGER,
  intervalMs,
  maxInFlightPerDevice: 16,
  startTime: new Date(),
  stepMs: intervalMs,
})
await live.catch((error: Error) => logger.warn({ err: error.message }, 'live run ended'))
await stop(0)
