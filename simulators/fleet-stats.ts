import { createSeededRandom } from './seeded-random.js'

/** Live counters of a device fleet; callers may read them at any time to print progress. */
export interface FleetStats {
  /** Readings handed to MQTT. */
  sent: number
  /** Readings whose PUBLISH the broker acknowledged. */
  acked: number
  messagesSent: number
  messagesAcked: number
  /** Publishes that failed for good (fleet closed first) and client errors (refused CONNECT, sockets). */
  errors: number
  /** Publishes mqtt.js dropped on a lost connection and the fleet sent again. */
  republished: number
  /** First PUBLISH → PUBACK times in ms, resends included: every sample up to the reservoir's size, a uniform sample after. */
  latenciesMs: number[]
}

export interface FleetStatsRecorder {
  readonly stats: FleetStats
  published(readings: number): void
  acked(readings: number, latencyMs: number): void
  failed(): void
  republished(): void
}

/** Enough for stable p99 estimates; a reservoir keeps memory flat on long load tests. */
const DEFAULT_RESERVOIR = 100_000

export function createFleetStats(reservoirSize = DEFAULT_RESERVOIR): FleetStatsRecorder {
  const stats: FleetStats = { sent: 0, acked: 0, messagesSent: 0, messagesAcked: 0, errors: 0, republished: 0, latenciesMs: [] }
  // Vitter's algorithm R keeps each sample with equal probability; seeded so reports are repeatable.
  const random = createSeededRandom(0x5eed)
  return {
    stats,
    published(readings) {
      stats.sent += readings
      stats.messagesSent += 1
    },
    acked(readings, latencyMs) {
      stats.acked += readings
      stats.messagesAcked += 1
      if (stats.latenciesMs.length < reservoirSize) {
        stats.latenciesMs.push(latencyMs)
        return
      }
      const slot = random.int(0, stats.messagesAcked - 1)
      if (slot < reservoirSize) stats.latenciesMs[slot] = latencyMs
    },
    failed() {
      stats.errors += 1
    },
    republished() {
      stats.republished += 1
    },
  }
}
