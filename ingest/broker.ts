import { randomUUID } from 'node:crypto'
import { createServer, type AddressInfo, type Server } from 'node:net'
import { Aedes, type AuthenticateError, type Client, type PublishPacket } from 'aedes'
import type { Logger } from '../platform/logger.js'
import type { PipelineMetrics } from '../platform/metrics.js'
import { OVERSIZE_HEAD_BYTES, type QueuedMessage } from '../platform/readings-queue.js'
import type { Device } from '../platform/stores/registry-store.js'
import type { DeviceAuthenticator } from './device-authenticator.js'
import type { EnqueueBatcher } from './enqueue-batcher.js'
import type { QueueDepthGuard } from './queue-depth-guard.js'
import { authorizeDevicePublish, authorizeDeviceSubscribe } from './topic-acl.js'

export interface IngestBrokerOptions {
  logger: Logger
  metrics: PipelineMetrics
  authenticator: DeviceAuthenticator
  batcher: EnqueueBatcher<QueuedMessage>
  depthGuard: Pick<QueueDepthGuard, 'overBound'>
  maxPayloadBytes: number
  /** Ops dashboards follow alerts on this topic; they log in as `ops:<name>` with an ops API key. */
  opsTopic: string
  isOpsKey: (key: string) => Promise<boolean>
}

/** Device ids cannot contain ':', so this username prefix can never name a device. */
const OPS_USERNAME_PREFIX = 'ops:'

/** CONNACK return codes, MQTT 3.1.1 table 3.1. */
const BAD_USERNAME_OR_PASSWORD = 4
const NOT_AUTHORIZED = 5

function authError(message: string, returnCode: number): AuthenticateError {
  return Object.assign(new Error(message), { returnCode }) as AuthenticateError
}

/**
 * The embedded MQTT broker. Policy lives in the aedes hooks: `authenticate` checks per-device
 * credentials, `authorizeSubscribe` confines a device to its commands topic, and `authorizePublish`
 * confines it to its own topics and durably enqueues the message before aedes writes the PUBACK
 * (aedes acks QoS1 only after this hook calls back). A refused QoS1 PUBLISH closes the connection
 * without a PUBACK [MQTT-3.3.5-2]; the client resends it after reconnecting [MQTT-4.4.0-1].
 */
export function createIngestBroker(options: IngestBrokerOptions) {
  const { logger, metrics } = options
  const devices = new WeakMap<Client, Device>()
  const opsClients = new WeakSet<Client>()
  const broker = new Aedes({ drainTimeout: 30_000, heartbeatInterval: 60_000 })

  broker.authenticate = (client, username, password, done) => {
    if (!username || !password) {
      done(authError('username (device id) and password are required', BAD_USERNAME_OR_PASSWORD), false)
      return
    }
    if (username.startsWith(OPS_USERNAME_PREFIX)) {
      options.isOpsKey(password.toString('utf8')).then(
        (ok) => {
          if (ok) opsClients.add(client)
          else logger.warn({ clientId: client.id, username }, 'ops authentication refused')
          done(ok ? null : authError('authentication refused: not an ops key', BAD_USERNAME_OR_PASSWORD), ok)
        },
        (error: Error) => {
          logger.error({ err: error, username }, 'ops authentication failed')
          done(authError('key store unavailable', 3), false)
        },
      )
      return
    }
    options.authenticator.authenticate(username, password).then(
      (result) => {
        if (result.ok) {
          devices.set(client, result.device)
          done(null, true)
          return
        }
        logger.warn({ clientId: client.id, username, reason: result.reason }, 'device authentication refused')
        done(authError(`authentication refused: ${result.reason}`, result.reason === 'retired' ? NOT_AUTHORIZED : BAD_USERNAME_OR_PASSWORD), false)
      },
      (error: Error) => {
        logger.error({ err: error, username }, 'device authentication failed')
        done(authError('registry unavailable', 3), false)
      },
    )
  }

  broker.authorizeSubscribe = (client, subscription, done) => {
    if (opsClients.has(client) && subscription.topic === options.opsTopic) {
      done(null, subscription)
      return
    }
    const device = devices.get(client)
    if (device && authorizeDeviceSubscribe({ deviceId: device.id, partnerId: device.partnerId }, subscription.topic)) {
      done(null, subscription)
      return
    }
    logger.warn({ deviceId: device?.id, topic: subscription.topic }, 'subscription refused')
    done(null, null) // SUBACK failure code 0x80 for this filter [MQTT-3.9.3]
  }

  broker.authorizePublish = (client, packet, done) => {
    const device = client ? devices.get(client) : undefined
    if (!device) {
      done(new Error('publish from an unauthenticated client'))
      return
    }
    const decision = authorizeDevicePublish({ deviceId: device.id, partnerId: device.partnerId }, packet.topic)
    if (!decision.allowed) {
      metrics.messagesRefused.inc({ reason: 'acl' })
      logger.warn({ deviceId: device.id, topic: packet.topic }, decision.reason)
      done(new Error(decision.reason))
      return
    }
    metrics.messagesReceived.inc({ channel: decision.channel })
    if (decision.channel === 'ack') {
      done(null) // command acks are routed to their subscribers, not stored
      return
    }
    if (options.depthGuard.overBound) {
      refuse(packet, 'queue_full', 'readings queue over its bound', done)
      return
    }
    const payload = Buffer.from(packet.payload)
    // A resend of an oversized payload would be refused forever, so it is acked and only its head
    // travels on, to be filed as a dead letter: the device stops retrying and nothing goes unseen.
    const oversize = payload.length > options.maxPayloadBytes
    if (oversize) metrics.messagesRefused.inc({ reason: 'payload_too_large' })
    const message: QueuedMessage = {
      id: randomUUID(),
      topic: packet.topic,
      partnerId: device.partnerId,
      deviceId: device.id,
      receivedAt: Date.now(),
      payload: (oversize ? payload.subarray(0, OVERSIZE_HEAD_BYTES) : payload).toString('base64'),
      ...(oversize && { oversizeBytes: payload.length }),
    }
    options.batcher.add(message).then(
      () => {
        metrics.messagesAcked.inc()
        done(null)
      },
      (error: Error) => refuse(packet, 'enqueue_failed', error.message, done),
    )
  }

  function refuse(packet: PublishPacket, reason: string, detail: string, done: (error?: Error | null) => void): void {
    metrics.messagesRefused.inc({ reason })
    logger.warn({ topic: packet.topic, qos: packet.qos, reason, detail }, 'publish refused, not acked')
    // QoS0 is best effort: drop it and keep the connection. QoS1 must not be acked: closing the
    // connection is the only refusal MQTT 3.1.1 has, and the client will resend.
    done(packet.qos === 0 ? null : new Error(`${reason}: ${detail}`))
  }

  broker.on('clientError', (client, error) => {
    logger.debug({ clientId: client.id, err: error.message }, 'client error')
  })

  let server: Server | null = null

  return {
    broker,

    async listen(host: string, port: number): Promise<number> {
      await broker.listen()
      // PUBACKs are 4-byte writes: with Nagle on, each waits for the client's delayed ACK.
      server = createServer({ noDelay: true }, broker.handle)
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject)
        server!.listen(port, host, () => resolve())
      })
      const address = server.address() as AddressInfo
      logger.info({ host, port: address.port }, 'MQTT broker listening')
      return address.port
    },

    /** Stops accepting connections, then closes the clients; the caller drains the batcher after. */
    async close(): Promise<void> {
      const closed = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
      await new Promise<void>((resolve) => broker.close(() => resolve()))
      await closed
    },
  }
}

export type IngestBroker = ReturnType<typeof createIngestBroker>
