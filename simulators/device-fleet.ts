import { setTimeout as sleep } from 'node:timers/promises'
import { connect as connectMqtt, type MqttClient } from 'mqtt'
import { deviceTopic, MAX_BATCH_READINGS, type DeviceKind } from '../firmware-contracts/index.js'
import { createFleetStats, type FleetStats } from './fleet-stats.js'
import { createGroveModel, type SimulatedGroveReading } from './grove-model.js'
import { createHiveModel, type SimulatedHiveReading } from './hive-model.js'

export interface FleetDevice {
  partnerId: string
  deviceId: string
  secret: string
  kind: DeviceKind
  /** Seeds the device's physics: the same seed and times give the same readings. */
  seed: number
}

export type SimulatedReading = SimulatedHiveReading | SimulatedGroveReading

export interface AckInfo {
  deviceId: string
  readings: { ts: string; seq: number }[]
  /** Wall clock (Date.now()) when the PUBLISH was handed to MQTT and when its PUBACK came. */
  publishedAt: number
  ackedAt: number
}

export interface DeviceFleetOptions {
  brokerUrl: string
  devices: FleetDevice[]
  logger?: (line: string) => void
  onPublish?: (deviceId: string, readings: SimulatedReading[]) => void
  onAck?: (info: AckInfo) => void
  /** How long connect() waits for every device's CONNACK. */
  connectTimeoutMs?: number
}

export interface LiveRunOptions {
  readingsPerDevice: number
  /** Wall time between a device's publishes, or publish as soon as an in-flight slot frees up. */
  intervalMs: number | 'as-fast-as-acked'
  maxInFlightPerDevice: number
  /** Simulated time of the first reading; by default chosen so the last one is stamped "now". */
  startTime?: Date
  /** Simulated time between readings, so a quick run can cover days. */
  stepMs: number
}

export interface BackfillOptions {
  /** Readings are stamped from `from` up to, not including, `to`. */
  from: Date
  to: Date
  stepMs: number
  batchSize: number
  maxInFlightPerDevice?: number
}

export interface DeviceFleet {
  /** Cumulative over the fleet's life and live: read it any time to print progress. */
  readonly stats: FleetStats
  connect(): Promise<void>
  /** Waits up to `drainTimeoutMs` for outstanding PUBACKs, then ends every client. */
  close(drainTimeoutMs?: number): Promise<void>
  /** Resolves once every reading of the run is acknowledged, with a copy of the stats. */
  runLive(options: LiveRunOptions): Promise<FleetStats>
  runBackfill(options: BackfillOptions): Promise<FleetStats>
}

const RECONNECT_PERIOD_MS = 500

interface DeviceRuntime {
  device: FleetDevice
  client: MqttClient
  topic: string
  seq: number
  inFlight: number
  /** Woken whenever inFlight drops or the fleet closes; each re-checks what it waits for. */
  waiters: (() => void)[]
  closed: boolean
}

interface ReadingModel {
  readingAt(time: Date, seq: number): SimulatedReading
}

/** Fresh physics per run, so each run is reproducible from the seeds on its own. */
function createModel(device: FleetDevice): ReadingModel {
  switch (device.kind) {
    case 'hive':
      return createHiveModel({ seed: device.seed })
    case 'grove':
      return createGroveModel({ seed: device.seed })
  }
}

async function waitFor(rt: DeviceRuntime, ready: () => boolean): Promise<void> {
  while (!ready()) {
    if (rt.closed) throw new Error(`${rt.device.deviceId}: device fleet closed with ${rt.inFlight} messages unacknowledged`)
    await new Promise<void>((resolve) => rt.waiters.push(resolve))
  }
}

function wake(rt: DeviceRuntime): void {
  for (const resume of rt.waiters.splice(0)) resume()
}

function firstConnect(client: MqttClient, deviceId: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (error?: Error) => {
      clearTimeout(timer)
      client.off('connect', onConnect)
      client.off('error', settle)
      if (error) reject(new Error(`${deviceId}: ${error.message}`))
      else resolve()
    }
    const onConnect = () => settle()
    const timer = setTimeout(() => settle(new Error(`no CONNACK within ${timeoutMs} ms`)), timeoutMs)
    client.on('connect', onConnect)
    client.on('error', settle)
  })
}

export function createDeviceFleet(options: DeviceFleetOptions): DeviceFleet {
  const log = options.logger ?? (() => {})
  const recorder = createFleetStats()
  let runtimes: DeviceRuntime[] = []

  const requireConnected = () => {
    if (runtimes.length !== options.devices.length || options.devices.length === 0) {
      throw new Error('device fleet: call connect() before running')
    }
    return runtimes
  }

  const nextSeq = (rt: DeviceRuntime) => {
    const seq = rt.seq
    rt.seq = (rt.seq + 1) >>> 0 // the contract's seq is a wrapping uint32
    return seq
  }

  // mqtt.js keeps an unacknowledged QoS1 PUBLISH in its outgoing store across disconnects and resends
  // it after reconnecting [MQTT-4.4.0-1], calling back only on the PUBACK; so it stays in flight here.
  // A publish issued while mqtt.js is still replaying that store is only queued in memory, and fails
  // with "Connection closed" if the link drops again: firmware keeps such readings and sends them
  // later, so the fleet does too. Only closing the fleet gives a message up.
  const publish = (rt: DeviceRuntime, readings: SimulatedReading[], payload: string) => {
    const publishedAt = Date.now()
    const started = performance.now()
    rt.inFlight += 1
    recorder.published(readings.length)
    options.onPublish?.(rt.device.deviceId, readings)
    const attempt = () =>
      rt.client.publish(rt.topic, payload, { qos: 1 }, (error) => {
        if (error && !rt.closed && !rt.client.disconnecting) {
          recorder.republished()
          log(`${rt.device.deviceId}: publish failed (${error.message}), sending again`)
          setTimeout(attempt, RECONNECT_PERIOD_MS)
          return
        }
        rt.inFlight -= 1
        if (error) {
          recorder.failed()
          log(`${rt.device.deviceId}: publish given up: ${error.message}`)
        } else {
          recorder.acked(readings.length, performance.now() - started)
          options.onAck?.({
            deviceId: rt.device.deviceId,
            readings: readings.map((r) => ({ ts: r.ts, seq: r.seq })),
            publishedAt,
            ackedAt: Date.now(),
          })
        }
        wake(rt)
      })
    attempt()
  }

  const snapshot = (): FleetStats => ({ ...recorder.stats, latenciesMs: [...recorder.stats.latenciesMs] })

  return {
    stats: recorder.stats,

    async connect() {
      if (runtimes.length > 0) throw new Error('device fleet: already connected')
      runtimes = options.devices.map((device) => {
        const client = connectMqtt(options.brokerUrl, {
          clientId: device.deviceId,
          username: device.deviceId,
          password: device.secret,
          protocolVersion: 4,
          clean: true,
          reconnectPeriod: RECONNECT_PERIOD_MS,
          // A broker shedding load may refuse a CONNECT; field devices keep retrying, so do these.
          reconnectOnConnackError: true,
        })
        client.on('error', (error) => {
          recorder.failed()
          log(`${device.deviceId}: ${error.message}`)
        })
        client.on('offline', () => log(`${device.deviceId}: offline, reconnecting`))
        const topic = deviceTopic(device.partnerId, device.deviceId, 'telemetry')
        return { device, client, topic, seq: 0, inFlight: 0, waiters: [], closed: false }
      })
      const timeoutMs = options.connectTimeoutMs ?? 10_000
      try {
        await Promise.all(runtimes.map((rt) => firstConnect(rt.client, rt.device.deviceId, timeoutMs)))
      } catch (error) {
        await this.close(0)
        throw error
      }
      log(`${runtimes.length} devices connected to ${options.brokerUrl}`)
    },

    async close(drainTimeoutMs = 5_000) {
      const closing = runtimes
      runtimes = []
      // Waits that end because of the close below reject; that is expected here.
      const drained = Promise.all(closing.map((rt) => waitFor(rt, () => rt.inFlight === 0))).catch(() => undefined)
      let timer: NodeJS.Timeout | undefined
      await Promise.race([drained, new Promise((resolve) => (timer = setTimeout(resolve, drainTimeoutMs)))])
      clearTimeout(timer)
      const unacked = closing.reduce((sum, rt) => sum + rt.inFlight, 0)
      if (unacked > 0) log(`closing with ${unacked} messages still unacknowledged`)
      await Promise.all(closing.map((rt) => rt.client.endAsync(true)))
      // mqtt.js never calls back for what it still held, so runs waiting on those acks are released here.
      for (const rt of closing) {
        rt.closed = true
        wake(rt)
      }
    },

    async runLive({ readingsPerDevice, intervalMs, maxInFlightPerDevice, startTime, stepMs }) {
      const devices = requireConnected()
      const firstTs = startTime?.getTime() ?? Date.now() - Math.max(0, readingsPerDevice - 1) * stepMs
      const wallStart = performance.now()
      await Promise.all(
        devices.map(async (rt, index) => {
          const model = createModel(rt.device)
          // Spread devices over the interval: real fleets do not all publish on the same tick.
          const offsetMs = intervalMs === 'as-fast-as-acked' ? 0 : (index / devices.length) * intervalMs
          for (let i = 0; i < readingsPerDevice; i++) {
            if (intervalMs !== 'as-fast-as-acked') {
              const dueIn = wallStart + offsetMs + i * intervalMs - performance.now()
              if (dueIn > 0) await sleep(dueIn)
            }
            await waitFor(rt, () => rt.inFlight < maxInFlightPerDevice)
            const reading = model.readingAt(new Date(firstTs + i * stepMs), nextSeq(rt))
            publish(rt, [reading], JSON.stringify(reading))
          }
          await waitFor(rt, () => rt.inFlight === 0)
        }),
      )
      return snapshot()
    },

    async runBackfill({ from, to, stepMs, batchSize, maxInFlightPerDevice = 4 }) {
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_READINGS) {
        throw new RangeError(`runBackfill: batchSize must be 1..${MAX_BATCH_READINGS}, got ${batchSize}`)
      }
      if (!(stepMs > 0)) throw new RangeError(`runBackfill: stepMs must be positive, got ${stepMs}`)
      const devices = requireConnected()
      await Promise.all(
        devices.map(async (rt) => {
          const model = createModel(rt.device)
          const send = async (readings: SimulatedReading[]) => {
            await waitFor(rt, () => rt.inFlight < maxInFlightPerDevice)
            publish(rt, readings, JSON.stringify({ readings }))
          }
          let batch: SimulatedReading[] = []
          for (let t = from.getTime(); t < to.getTime(); t += stepMs) {
            batch.push(model.readingAt(new Date(t), nextSeq(rt)))
            if (batch.length === batchSize) {
              await send(batch)
              batch = []
            }
          }
          if (batch.length > 0) await send(batch)
          await waitFor(rt, () => rt.inFlight === 0)
        }),
      )
      return snapshot()
    },
  }
}
