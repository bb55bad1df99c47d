import { createServer, type AddressInfo, type Server } from 'node:net'
import { Aedes } from 'aedes'
import { Redis } from 'ioredis'
import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt'
import { Registry } from 'prom-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../../../platform/logger.js'
import {
  alertEventChannel,
  createAlertEventPublisher,
  createAlertEventSubscriber,
  type AlertEventSubscriber,
} from '../../../platform/notifications/alert-event-bus.js'
import { aedesOpsPublish, startMqttOpsBridge } from '../../../platform/notifications/mqtt-ops-bridge.js'
import { createNotificationMetrics } from '../../../platform/notifications/notification-metrics.js'
import { redisOptions } from '../../../platform/services.js'
import { testConfig, uniqueId } from '../../support/test-config.js'
import { alertEvent } from './alert-event-fixture.js'
import { waitFor } from './webhook-receiver.js'

const config = testConfig({ MTC_ALERT_EVENTS_CHANNEL: uniqueId('alert-events') })
const logger = createLogger('silent', 'test')

/**
 * As the ingest deployable wires it: bus subscriber → bridge → the embedded aedes broker, read by
 * an MQTT client (here the broker has no auth hooks: who may subscribe is ingest's policy).
 */
describe('MQTT ops bridge through a real broker', () => {
  let broker: Aedes
  let server: Server
  let client: MqttClient
  let publisherRedis: Redis
  let subscriberRedis: Redis
  let subscriber: AlertEventSubscriber
  let bridge: { close(): void }
  let url: string

  beforeAll(async () => {
    broker = new Aedes()
    await broker.listen()
    server = createServer(broker.handle)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`
    const metrics = createNotificationMetrics(new Registry())
    publisherRedis = new Redis(redisOptions(config, 'producer'))
    // The producer role has no offline queue: a command sent before the connection is up fails.
    if (publisherRedis.status !== 'ready') await new Promise((resolve) => publisherRedis.once('ready', resolve))
    subscriberRedis = new Redis(redisOptions(config, 'worker'))
    subscriber = createAlertEventSubscriber({ redis: subscriberRedis, channel: alertEventChannel(config), logger, metrics })
    bridge = startMqttOpsBridge({ events: subscriber, publish: aedesOpsPublish(broker), topic: config.MTC_OPS_ALERT_TOPIC, logger, metrics })
    await subscriber.start()
    client = await mqtt.connectAsync(url, { clientId: uniqueId('ops'), reconnectPeriod: 0 })
  })
  afterAll(async () => {
    bridge?.close()
    await client?.endAsync()
    await subscriber?.close()
    subscriberRedis?.disconnect()
    await publisherRedis?.quit()
    await new Promise<void>((resolve) => broker.close(() => resolve()))
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  it('publishes each bus event on the ops topic as JSON, QoS1, not retained', async () => {
    const packets: IPublishPacket[] = []
    client.on('message', (_topic, _payload, packet) => packets.push(packet))
    await client.subscribeAsync(config.MTC_OPS_ALERT_TOPIC, { qos: 1 })

    const publisher = createAlertEventPublisher({ redis: publisherRedis, channel: alertEventChannel(config), logger, metrics: createNotificationMetrics(new Registry()) })
    const event = alertEvent()
    publisher.publish(event)
    await waitFor(() => packets.length === 1)
    expect(packets[0]!.topic).toBe('mtc/v1/ops/alerts')
    expect(packets[0]!.qos).toBe(1)
    expect(packets[0]!.retain).toBe(false)
    expect(JSON.parse(packets[0]!.payload.toString())).toEqual(event)

    // Not retained: a client subscribing afterwards gets nothing stale.
    const late = await mqtt.connectAsync(url, { clientId: uniqueId('late'), reconnectPeriod: 0 })
    const lateMessages: string[] = []
    late.on('message', (topic) => lateMessages.push(topic))
    await late.subscribeAsync(config.MTC_OPS_ALERT_TOPIC, { qos: 1 })
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(lateMessages).toEqual([])
    await late.endAsync()
  })
})
