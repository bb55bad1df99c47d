/**
 * Notifications of alert events, on every channel, off the ingestion path. Detectors and the API
 * publish AlertEvents on a Redis bus (fire and forget); each deployable subscribes once and feeds
 * its channels: webhooks (processors: fan-out and signed, retried delivery on a BullMQ queue), the
 * MQTT ops topic (ingest), the live stream (api: server-sent events).
 */
export {
  alertEventChannel,
  createAlertEventPublisher,
  createAlertEventSubscriber,
  type AlertEventHandler,
  type AlertEventPublisher,
  type AlertEventSource,
  type AlertEventSubscriber,
} from './alert-event-bus.js'
export { alertEventId, decodeAlertEvent, encodeAlertEvent } from './alert-event-codec.js'
export { aedesOpsPublish, startMqttOpsBridge, type OpsPublish } from './mqtt-ops-bridge.js'
export { createNotificationMetrics, type NotificationMetrics } from './notification-metrics.js'
export { startNotificationWorker, type NotificationWorker } from './notification-worker.js'
export { createFanOutEnqueuer, createNotificationsQueue, type NotificationJob } from './notifications-queue.js'
export { createSseStream, SSE_HEADERS, type SseStream } from './sse-stream.js'
export {
  EVENT_ID_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  signWebhookPayload,
  verifyWebhookSignature,
} from './webhook-signature.js'
export { createWebhookStore, type Webhook, type WebhookDelivery, type WebhookStore } from './webhook-store.js'
export { createPointsNotices, pointsExpiryEventId, type PointsExpiryNotice, type PointsNotices } from './points-notices.js'
