import { describe, expect, it } from 'vitest'
import type { NormalizedReading } from '../../processors/message-decoder.js'
import { splitStuckClockReadings } from '../../processors/stuck-clock-filter.js'
import type { Device } from '../../platform/stores/registry-store.js'

const device = { id: 'hive-1' } as Device
const reading = (seq: number, timeMs: number, sensor = 'main'): NormalizedReading => ({
  device,
  sensor,
  seq,
  timeMs,
  serverTime: false,
  fields: { weight_kg: seq },
  messageIndex: 0,
  readingIndex: seq,
})

describe('splitStuckClockReadings', () => {
  it('keeps the first of a repeated timestamp and returns the others with the first seq', () => {
    const { kept, stuck } = splitStuckClockReadings([reading(1, 1000), reading(2, 1000), reading(3, 2000), reading(4, 1000)])
    expect(kept.map((r) => r.seq)).toEqual([1, 3])
    expect(stuck.map((s) => [s.reading.seq, s.firstSeq])).toEqual([
      [2, 1],
      [4, 1],
    ])
  })

  it('keeps a resend (same timestamp, same seq) and other sensors at the same time', () => {
    const { kept, stuck } = splitStuckClockReadings([reading(1, 1000), reading(1, 1000), reading(2, 1000, 'probe-2')])
    expect(kept).toHaveLength(3)
    expect(stuck).toEqual([])
  })
})
