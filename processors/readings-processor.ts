import { HttpError } from '@influxdata/influxdb-client'
import type { InfluxConnection } from '../platform/influx/influx-connection.js'
import type { Logger } from '../platform/logger.js'
import type { PipelineMetrics } from '../platform/metrics.js'
import type { ReadingsJob } from '../platform/readings-queue.js'
import type { DeadLetterStore } from '../platform/stores/dead-letter-store.js'
import type { LastSeenStore } from '../platform/stores/last-seen-store.js'
import type { DeviceDirectory } from './device-directory.js'
import { readingPoint, statusPoint } from './influx-points.js'
import { decodeMessage, messageLetterBase, type DecodedMessage, type NormalizedReading } from './message-decoder.js'
import { createKeySequencer, type KeySequencer } from './per-key-sequencer.js'
import type { TimePolicy } from './reading-time.js'
import { splitStuckClockReadings } from './stuck-clock-filter.js'

export interface ReadingsProcessorDeps {
  devices: DeviceDirectory
  influx: Pick<InfluxConnection, 'writePoints'>
  deadLetters: Pick<DeadLetterStore, 'addMany'>
  lastSeen: Pick<LastSeenStore, 'record'>
  metrics: PipelineMetrics
  logger: Logger
  timePolicy: TimePolicy
  /** Runs the detectors over the readings just stored; absent when detection is off. */
  detect?: (readings: readonly NormalizedReading[]) => Promise<void>
}

/**
 * Handles one job: decode and validate every message, write the good readings to InfluxDB in one
 * request and the bad ones to the dead-letter table, then run the detectors over what was stored.
 * Every step is idempotent, so a job that
 * throws (InfluxDB or PostgreSQL unreachable: transient) is simply retried by the queue with backoff.
 */
export function createReadingsProcessor(deps: ReadingsProcessorDeps) {
  const { metrics } = deps
  const detectionOrder = createKeySequencer()

  return async function processReadingsJob(job: ReadingsJob): Promise<{ stored: number; deadLettered: number }> {
    // Reserved before the first await: detection follows the order the worker took the jobs in.
    const turn = detectionOrder.reserve(job.messages.map((m) => m.deviceId))
    try {
      return await storeAndDetect(job, turn)
    } finally {
      turn.release()
    }
  }

  async function storeAndDetect(job: ReadingsJob, turn: ReturnType<KeySequencer['reserve']>): Promise<{ stored: number; deadLettered: number }> {
    const directory = await deps.devices.lookup(job.messages.map((m) => m.deviceId))
    const decoded: DecodedMessage[] = job.messages.map((message, i) =>
      decodeMessage(message, i, directory.get(message.deviceId), deps.timePolicy),
    )
    const deadLetters = decoded.flatMap((d) => d.deadLetters)
    const { kept, stuck } = splitStuckClockReadings(decoded.flatMap((d) => d.readings))
    for (const { reading, firstSeq } of stuck) {
      const message = job.messages[reading.messageIndex]!
      deadLetters.push({
        ...messageLetterBase(message),
        reasonCode: 'stuck_clock',
        reason: `reading ${reading.readingIndex} (seq ${reading.seq}) repeats timestamp ${new Date(reading.timeMs).toISOString()} of seq ${firstSeq}: device clock stuck`,
        readingIndex: reading.readingIndex,
      })
    }
    const statuses = decoded.flatMap((d) => d.statuses)
    const points = [...kept.map(readingPoint), ...statuses.map(statusPoint)]

    const endTimer = metrics.influxWriteSeconds.startTimer()
    try {
      await deps.influx.writePoints(points)
    } catch (error) {
      if (!(error instanceof HttpError) || error.statusCode === 429 || error.statusCode >= 500) throw error
      // InfluxDB understood and refused (4xx): retrying cannot help, so keep the readings as letters.
      deps.logger.error({ err: error.message, points: points.length }, 'InfluxDB refused the batch')
      for (const reading of kept) {
        deadLetters.push({
          ...messageLetterBase(job.messages[reading.messageIndex]!),
          reasonCode: 'storage_rejected',
          reason: `InfluxDB refused the write: ${error.body ?? error.message}`,
          readingIndex: reading.readingIndex,
        })
      }
      kept.length = 0
    } finally {
      endTimer()
    }
    await deps.deadLetters.addMany(deadLetters)
    await deps.lastSeen.record(lastSeenByDevice(job))
    // Counted once written, not once examined: detection may wait for a device's earlier jobs.
    for (const reading of kept) metrics.readingsStored.inc({ kind: reading.device.kind })
    for (const letter of deadLetters) metrics.readingsDeadLettered.inc({ reason: letter.reasonCode })
    const serverTimed = kept.filter((r) => r.serverTime).length
    if (serverTimed > 0) metrics.readingsServerTimed.inc(serverTimed)
    // After storage: a detection failure retries the job, whose writes are idempotent.
    if (deps.detect) await turn.run(() => deps.detect!(kept))
    return { stored: kept.length, deadLettered: deadLetters.length }
  }
}

function lastSeenByDevice(job: ReadingsJob): Map<string, number> {
  const lastSeen = new Map<string, number>()
  for (const m of job.messages) lastSeen.set(m.deviceId, Math.max(lastSeen.get(m.deviceId) ?? 0, m.receivedAt))
  return lastSeen
}

export type ReadingsProcessor = ReturnType<typeof createReadingsProcessor>
