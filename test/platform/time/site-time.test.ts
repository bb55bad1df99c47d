import { describe, expect, it } from 'vitest'
import { localDay, localDayStart, localToUtc } from '../../../platform/time/site-time.js'

describe('site time', () => {
  it('reads a typed wall-clock time in the site zone, either side of a DST change', () => {
    expect(localToUtc('2026-03-28T09:30', 'Europe/Brussels').toISOString()).toBe('2026-03-28T08:30:00.000Z')
    expect(localToUtc('2026-03-29T09:30', 'Europe/Brussels').toISOString()).toBe('2026-03-29T07:30:00.000Z')
    expect(localToUtc('2026-06-01T09:30:15', 'Indian/Antananarivo').toISOString()).toBe('2026-06-01T06:30:15.000Z')
    expect(localToUtc('2024-01-15T10:30', 'Europe/Brussels').toISOString()).toBe('2024-01-15T09:30:00.000Z')
  })

  it('takes a time skipped by spring-forward after the jump, and a repeated autumn time at its first occurrence', () => {
    expect(localToUtc('2026-03-29T02:30', 'Europe/Brussels').toISOString()).toBe('2026-03-29T01:30:00.000Z')
    expect(localToUtc('2026-10-25T02:30', 'Europe/Brussels').toISOString()).toBe('2026-10-25T00:30:00.000Z')
  })

  it('names the local day, whose start moves with DST', () => {
    expect(localDay(Date.parse('2026-06-01T22:30:00Z'), 'Europe/Brussels')).toBe('2026-06-02')
    expect(localDay(Date.parse('2026-06-01T22:30:00Z'), 'America/New_York')).toBe('2026-06-01')
    expect(localDayStart('2026-10-25', 'Europe/Brussels').toISOString()).toBe('2026-10-24T22:00:00.000Z')
    expect(localDayStart('2026-10-26', 'Europe/Brussels').toISOString()).toBe('2026-10-25T23:00:00.000Z')
  })

  it('refuses what is not a local time', () => {
    expect(() => localToUtc('2026-06-01T09:30Z', 'Europe/Brussels')).toThrow(/not a local time/)
  })
})
