import type { Aedes } from 'aedes'
import type { Logger } from '../logger.js'
import type { AlertEventSource } from './alert-event-bus.js'
import { encodeAlertEvent } from './alert-event-codec.js'
import type { NotificationMetrics } from './notification-metrics.js'

export interface OpsPublishOptions {
  qos: 1
  retain: false
}

/** The shape of mqtt.js `client.publishAsync`; `aedesOpsPublish` adapts the embedded broker to it. */
export type OpsPublish = (topic: string, payload: Buffer, options: OpsPublishOptions) => Promise<unknown>

/**
 * QoS1 so a connected ops client gets every event at least once (MQTT 3.1.1 §4.3.2); not retained,
 * since a retained message would replay one stale alert to every new subscriber as if it were
 * news (§3.3.1.3).
 */
const PUBLISH_OPTIONS: OpsPublishOptions = { qos: 1, retain: false }

/** Publishes through the embedded broker itself: no client connection, no authorizePublish hook. */
export function aedesOpsPublish(broker: Pick<Aedes, 'publish'>): OpsPublish {
  return (topic, payload, options) =>
    new Promise<void>((resolve, reject) => {
      broker.publish({ cmd: 'publish', topic, payload, qos: options.qos, retain: options.retain, dup: false }, (error) =>
        error ? reject(error) : resolve(),
      )
    })
}

export interface MqttOpsBridgeOptions {
  events: AlertEventSource
  publish: OpsPublish
  /** MTC_OPS_ALERT_TOPIC */
  topic: string
  logger: Logger
  metrics: Pick<NotificationMetrics, 'handlerFailures'>
}

/**
 * Every alert event, as JSON, on the ops topic. Who may subscribe there is the broker's policy:
 * devices are confined to their commands topic; an ops credential is what lets a client in here.
 * A failed publish is logged and counted, never retried: ops clients that need every event use the
 * API or a webhook, which keep a record.
 */
export function startMqttOpsBridge(options: MqttOpsBridgeOptions) {
  const { publish, topic, logger, metrics } = options
  const unsubscribe = options.events.subscribe(async (event) => {
    try {
      await publish(topic, Buffer.from(encodeAlertEvent(event)), PUBLISH_OPTIONS)
    } catch (error) {
      metrics.handlerFailures.inc({ channel: 'mqtt' })
      logger.warn({ err: (error as Error).message, topic, alertId: event.alert.id }, 'alert event not published on MQTT')
    }
  })
  return { close: unsubscribe }
}
