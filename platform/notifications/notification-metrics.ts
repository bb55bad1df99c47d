import { Counter, Gauge, type Registry } from 'prom-client'

/**
 * Counters of the notification channels. Every failure here is counted rather than thrown: a
 * channel that is down must never slow ingestion or detection, so the metrics are how it shows.
 * Call once per registry (prom-client refuses a second metric of the same name) and share the result
 * between deployables running in one process.
 */
export function createNotificationMetrics(registry: Registry) {
  return {
    busPublishFailures: new Counter({
      name: 'mtc_alert_events_publish_failures_total',
      help: 'Alert events that could not be published on the Redis bus (logged and dropped)',
      registers: [registry],
    }),
    busBadMessages: new Counter({
      name: 'mtc_alert_events_bad_messages_total',
      help: 'Messages on the alert-event channel that were not a valid alert event (logged and skipped)',
      registers: [registry],
    }),
    handlerFailures: new Counter({
      name: 'mtc_alert_event_handler_failures_total',
      help: 'Alert events a channel failed to take (webhook fan-out enqueue, MQTT ops publish), by channel',
      labelNames: ['channel'] as const,
      registers: [registry],
    }),
    webhookDeliveries: new Counter({
      name: 'mtc_webhook_deliveries_total',
      help: 'Webhook deliveries that reached a final state, by outcome (delivered, failed)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    webhookAttemptFailures: new Counter({
      name: 'mtc_webhook_attempt_failures_total',
      help: 'Webhook POST attempts that failed, by kind (http status class, timeout, network)',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    streamClients: new Gauge({
      name: 'mtc_alert_stream_clients',
      help: 'Open live-stream (SSE) connections',
      registers: [registry],
    }),
    streamClientsDropped: new Counter({
      name: 'mtc_alert_stream_clients_dropped_total',
      help: 'Live-stream clients disconnected because they read slower than events arrived',
      registers: [registry],
    }),
  }
}

export type NotificationMetrics = ReturnType<typeof createNotificationMetrics>
