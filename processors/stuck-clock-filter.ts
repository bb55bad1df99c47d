import type { NormalizedReading } from './message-decoder.js'
import { storedTimeUs } from './reading-time.js'

/**
 * A sensor cannot take two different samples at the same instant: a timestamp reused with
 * another sample counter means the device clock stuck (seen in real scale downloads). The first
 * keeps the point; the others are returned so they can be kept as dead letters instead of
 * silently overwriting it. The same timestamp with the same counter is a resend: kept, as storage
 * is idempotent.
 */
export function splitStuckClockReadings(readings: readonly NormalizedReading[]): {
  kept: NormalizedReading[]
  stuck: { reading: NormalizedReading; firstSeq: number }[]
} {
  const seqAt = new Map<string, number>()
  const kept: NormalizedReading[] = []
  const stuck: { reading: NormalizedReading; firstSeq: number }[] = []
  for (const reading of readings) {
    const key = `${reading.device.id}\u0000${reading.sensor}\u0000${storedTimeUs(reading)}`
    const firstSeq = seqAt.get(key)
    if (firstSeq === undefined) {
      seqAt.set(key, reading.seq)
      kept.push(reading)
    } else if (firstSeq === reading.seq) {
      kept.push(reading)
    } else {
      stuck.push({ reading, firstSeq })
    }
  }
  return { kept, stuck }
}
