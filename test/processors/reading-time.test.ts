import { describe, expect, it } from 'vitest'
import { resolveReadingTime, storedTimeUs } from '../../processors/reading-time.js'

const policy = { earliestDeviceTimeMs: Date.parse('2020-01-01T00:00:00Z'), maxFutureSkewMs: 300_000 }
const received = Date.parse('2026-05-12T10:00:00Z')

describe('resolveReadingTime', () => {
  it('keeps a sane device time, ISO with offset or Unix seconds', () => {
    expect(resolveReadingTime('2026-05-12T11:30:00+02:00', received, policy)).toEqual({
      ok: true,
      timeMs: Date.parse('2026-05-12T09:30:00Z'),
      serverTime: false,
    })
    expect(resolveReadingTime(1778574600.25, received, policy)).toEqual({ ok: true, timeMs: 1778574600250, serverTime: false })
  })

  it('accepts days-old store-and-forward data at its own time', () => {
    const old = '2026-04-01T00:00:00Z'
    expect(resolveReadingTime(old, received, policy)).toMatchObject({ timeMs: Date.parse(old), serverTime: false })
  })

  it('falls back to the receive time, flagged, when the clock is missing or reset', () => {
    expect(resolveReadingTime(undefined, received, policy)).toEqual({ ok: true, timeMs: received, serverTime: true })
    expect(resolveReadingTime(0, received, policy)).toEqual({ ok: true, timeMs: received, serverTime: true })
    expect(resolveReadingTime('1970-01-01T00:00:42Z', received, policy)).toMatchObject({ serverTime: true })
  })

  it('accepts up to the skew ahead, refuses beyond it with a reason', () => {
    expect(resolveReadingTime(new Date(received + 300_000).toISOString(), received, policy)).toMatchObject({ ok: true })
    const ahead = resolveReadingTime(new Date(received + 301_000).toISOString(), received, policy)
    expect(ahead).toEqual({ ok: false, reason: expect.stringContaining('301 s ahead of the server clock (allowed: 300 s)') })
  })
})

describe('storedTimeUs', () => {
  it('keeps server-timed readings of one message distinct by their position, device times exact', () => {
    const at = (serverTime: boolean, readingIndex: number) => storedTimeUs({ timeMs: received, serverTime, readingIndex })
    expect(new Set([at(true, 0), at(true, 1), at(true, 999)]).size).toBe(3)
    expect(at(true, 999)).toBeLessThan((received + 1) * 1000)
    expect(at(false, 7)).toBe(received * 1000)
  })
})
