import type { Queue } from 'bullmq'
import type { Config } from '../platform/config.js'
import type { AlertEventSource, NotificationMetrics } from '../platform/notifications/index.js'
import { aedesOpsPublish, startMqttOpsBridge } from '../platform/notifications/index.js'
import type { Logger } from '../platform/logger.js'
import type { PipelineMetrics } from '../platform/metrics.js'
import { READINGS_JOB_NAME, type QueuedMessage, type ReadingsJob } from '../platform/readings-queue.js'
import type { ApiKeyStore } from '../platform/stores/api-key-store.js'
import type { RegistryStore } from '../platform/stores/registry-store.js'
import { createIngestBroker } from './broker.js'
import { createDeviceAuthenticator } from './device-authenticator.js'
import { createEnqueueBatcher } from './enqueue-batcher.js'
import { createQueueDepthGuard } from './queue-depth-guard.js'

export interface IngestDeps {
  config: Config
  logger: Logger
  metrics: PipelineMetrics
  registry: Pick<RegistryStore, 'getDeviceCredentials'>
  /** Its Redis connection should fail fast (enableOfflineQueue: false): a refused enqueue is a withheld PUBACK. */
  readingsQueue: Queue<ReadingsJob>
  /** Ops MQTT clients authenticate with an ops API key. */
  apiKeys: Pick<ApiKeyStore, 'findByKey'>
  /** Alert events to republish on the ops topic. */
  alertEvents: AlertEventSource
  notificationMetrics: Pick<NotificationMetrics, 'handlerFailures'>
}

/** Starts the ingest deployable: the broker, its micro-batched enqueue, the queue-depth guard and the ops alert topic. */
export async function startIngest(deps: IngestDeps) {
  const { config, metrics } = deps
  const jobOptions = {
    attempts: config.MTC_WORKER_ATTEMPTS,
    backoff: { type: 'capped-exponential', delay: config.MTC_WORKER_BACKOFF_MS },
  }
  const batcher = createEnqueueBatcher<QueuedMessage>({
    enqueue: async (messages) => {
      await deps.readingsQueue.add(READINGS_JOB_NAME, { messages }, jobOptions)
      metrics.enqueueBatchSize.observe(messages.length)
    },
    maxWaitMs: config.MTC_ENQUEUE_MAX_WAIT_MS,
    maxBatch: config.MTC_ENQUEUE_MAX_BATCH,
    maxPending: config.MTC_ENQUEUE_MAX_PENDING,
    timeoutMs: config.MTC_ENQUEUE_TIMEOUT_MS,
  })
  const depthGuard = createQueueDepthGuard({
    queue: deps.readingsQueue,
    maxWaitingJobs: config.MTC_QUEUE_MAX_WAITING_JOBS,
    pollMs: 250,
    onDepth: (waiting) => {
      metrics.queueWaiting.set(waiting)
      metrics.enqueuePending.set(batcher.pending)
    },
    onError: (error) => deps.logger.warn({ err: error.message }, 'queue depth unavailable'),
  })
  deps.readingsQueue.on('error', (error) => deps.logger.warn({ err: error.message }, 'readings queue connection error'))
  await depthGuard.start()
  const broker = createIngestBroker({
    logger: deps.logger,
    metrics,
    authenticator: createDeviceAuthenticator({ registry: deps.registry, cacheTtlMs: 300_000, cacheMaxEntries: 100_000 }),
    batcher,
    depthGuard,
    maxPayloadBytes: config.MTC_MQTT_MAX_PAYLOAD_BYTES,
    opsTopic: config.MTC_OPS_ALERT_TOPIC,
    isOpsKey: async (key) => (await deps.apiKeys.findByKey(key))?.role === 'ops',
  })
  const opsBridge = startMqttOpsBridge({
    events: deps.alertEvents,
    publish: aedesOpsPublish(broker.broker),
    topic: config.MTC_OPS_ALERT_TOPIC,
    logger: deps.logger,
    metrics: deps.notificationMetrics,
  })
  const port = await broker.listen(config.MTC_MQTT_HOST, config.MTC_MQTT_PORT)

  return {
    port,
    broker: broker.broker,
    depthGuard,
    /** Ordered: stop accepting and disconnect clients, then flush what was gathered to Redis. */
    async close(): Promise<void> {
      opsBridge.close()
      await broker.close()
      await batcher.drain()
      depthGuard.stop()
    },
  }
}

export type Ingest = Awaited<ReturnType<typeof startIngest>>
