import { Registry } from 'prom-client'
import { describe, expect, it, vi } from 'vitest'
import type { AlertEventHandler } from '../../../platform/notifications/alert-event-bus.js'
import { createLogger } from '../../../platform/logger.js'
import { startMqttOpsBridge, type OpsPublish } from '../../../platform/notifications/mqtt-ops-bridge.js'
import { createNotificationMetrics } from '../../../platform/notifications/notification-metrics.js'
import { alertEvent } from './alert-event-fixture.js'

function fakeSource() {
  const handlers = new Set<AlertEventHandler>()
  return {
    handlers,
    subscribe(handler: AlertEventHandler) {
      handlers.add(handler)
      return () => handlers.delete(handler)
    },
    async emit(event: ReturnType<typeof alertEvent>) {
      await Promise.all([...handlers].map((h) => h(event)))
    },
  }
}

describe('MQTT ops bridge', () => {
  const logger = createLogger('silent', 'test')

  it('publishes each event as JSON on the ops topic, QoS1, not retained', async () => {
    const events = fakeSource()
    const publish = vi.fn<OpsPublish>().mockResolvedValue(undefined)
    const metrics = createNotificationMetrics(new Registry())
    const bridge = startMqttOpsBridge({ events, publish, topic: 'mtc/v1/ops/alerts', logger, metrics })
    const event = alertEvent()
    await events.emit(event)
    expect(publish).toHaveBeenCalledTimes(1)
    const [topic, payload, options] = publish.mock.calls[0]!
    expect(topic).toBe('mtc/v1/ops/alerts')
    expect(JSON.parse(payload.toString('utf8'))).toEqual(event)
    expect(options).toEqual({ qos: 1, retain: false })

    bridge.close()
    expect(events.handlers.size).toBe(0)
  })

  it('counts a failed publish and does not throw to the bus', async () => {
    const events = fakeSource()
    const metrics = createNotificationMetrics(new Registry())
    const publish: OpsPublish = () => Promise.reject(new Error('broker closed'))
    startMqttOpsBridge({ events, publish, topic: 'mtc/v1/ops/alerts', logger, metrics })
    await expect(events.emit(alertEvent())).resolves.toBeUndefined()
    expect((await metrics.handlerFailures.get()).values).toEqual([expect.objectContaining({ labels: { channel: 'mqtt' }, value: 1 })])
  })
})
