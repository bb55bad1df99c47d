import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

/**
 * The pipeline's counters. The accounting invariant is read off them:
 * readings received = stored + dead-lettered + in flight.
 * Deployables running in one process share one registry (and so one set of metrics).
 */
export function createPipelineMetrics(registry: Registry = new Registry()) {
  collectDefaultMetrics({ register: registry })
  return {
    registry,
    messagesReceived: new Counter({
      name: 'mtc_ingest_messages_received_total',
      help: 'MQTT PUBLISH packets received from devices, by channel',
      labelNames: ['channel'] as const,
      registers: [registry],
    }),
    messagesAcked: new Counter({
      name: 'mtc_ingest_messages_enqueued_total',
      help: 'Messages durably enqueued (QoS1: PUBACK released)',
      registers: [registry],
    }),
    messagesRefused: new Counter({
      name: 'mtc_ingest_messages_refused_total',
      help: 'PUBLISH packets refused by the broker (not acked), by reason',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    enqueueBatchSize: new Histogram({
      name: 'mtc_ingest_enqueue_batch_messages',
      help: 'Messages per enqueued job',
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
      registers: [registry],
    }),
    enqueuePending: new Gauge({
      name: 'mtc_ingest_enqueue_pending_messages',
      help: 'Messages waiting for their batch to reach Redis (bounded by MTC_ENQUEUE_MAX_PENDING)',
      registers: [registry],
    }),
    queueWaiting: new Gauge({
      name: 'mtc_queue_waiting_jobs',
      help: 'Jobs waiting in the readings queue (bounded by MTC_QUEUE_MAX_WAITING_JOBS)',
      registers: [registry],
    }),
    readingsStored: new Counter({
      name: 'mtc_readings_stored_total',
      help: 'Readings written to InfluxDB (a redelivered reading counts again; storage is idempotent)',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    readingsDeadLettered: new Counter({
      name: 'mtc_readings_dead_lettered_total',
      help: 'Readings or messages filed as dead letters, by reason',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    readingsServerTimed: new Counter({
      name: 'mtc_readings_server_timed_total',
      help: 'Readings stored at the server receive time because the device time was missing or insane',
      registers: [registry],
    }),
    influxWriteSeconds: new Histogram({
      name: 'mtc_influx_write_seconds',
      help: 'InfluxDB write latency per job',
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    jobFailures: new Counter({
      name: 'mtc_processor_job_failures_total',
      help: 'Readings jobs that failed and will be retried with backoff',
      registers: [registry],
    }),
    alertChanges: new Counter({
      name: 'mtc_alert_changes_total',
      help: 'Alerts opened, acknowledged and resolved, by rule',
      labelNames: ['rule', 'change'] as const,
      registers: [registry],
    }),
    detectorLateReadings: new Counter({
      name: 'mtc_detector_late_readings_total',
      help: 'Stored readings older than what the detectors of their device had already seen (not re-examined)',
      registers: [registry],
    }),
    detectorStateLookups: new Counter({
      name: 'mtc_detector_state_lookups_total',
      help: "Detection runs by where the device's state came from: this process's memory (hit) or Redis (miss)",
      labelNames: ['result'] as const,
      registers: [registry],
    }),
    offlineSweeps: new Counter({
      name: 'mtc_offline_sweeps_total',
      help: 'Offline sweeps run by this instance (the leader of each tick)',
      registers: [registry],
    }),
  }
}

export type PipelineMetrics = ReturnType<typeof createPipelineMetrics>
