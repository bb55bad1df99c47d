import { describe, expect, it } from 'vitest'
import { addDays, createSiteCalendar, dayNumber } from '../../../platform/time/site-time.js'

const HOUR = 3_600_000

describe('createSiteCalendar', () => {
  const brussels = createSiteCalendar('Europe/Brussels')

  it.each([
    ['2024-03-30T22:59:00Z', '2024-03-30'],
    ['2024-03-30T23:00:00Z', '2024-03-31'],
    ['2024-03-31T21:59:00Z', '2024-03-31'],
    ['2024-03-31T22:00:00Z', '2024-04-01'],
    ['2024-10-26T22:00:00Z', '2024-10-27'],
    ['2024-10-27T22:59:00Z', '2024-10-27'],
    ['2024-10-27T23:00:00Z', '2024-10-28'],
  ])('puts %s in the Brussels day %s', (time, day) => {
    expect(brussels.dayOf(Date.parse(time))).toBe(day)
  })

  it('makes the DST days 23 and 25 hours long', () => {
    const length = (day: string) => (brussels.startOf(addDays(day, 1)) - brussels.startOf(day)) / HOUR
    expect(length('2024-03-31')).toBe(23)
    expect(length('2024-10-27')).toBe(25)
    expect(length('2024-06-15')).toBe(24)
  })

  it('answers the same from its remembered day as afresh, across a DST change', () => {
    for (let t = Date.parse('2024-10-26T00:00:00Z'); t < Date.parse('2024-10-29T00:00:00Z'); t += 7 * 60_000 + 13_000) {
      expect(brussels.dayOf(t)).toBe(createSiteCalendar('Europe/Brussels').dayOf(t))
    }
  })

  it('gives the local hour', () => {
    expect(brussels.localHour(Date.parse('2024-06-01T10:30:00Z'))).toBe(12.5)
    expect(createSiteCalendar('Indian/Antananarivo').localHour(Date.parse('2024-06-01T22:15:00Z'))).toBe(1.25)
  })

  it('refuses an unknown zone, naming it', () => {
    expect(() => createSiteCalendar('Europe/Atlantis')).toThrow(/Europe\/Atlantis/)
  })
})

describe('calendar days', () => {
  it('counts days, and refuses what is not one', () => {
    expect(dayNumber('1970-01-02')).toBe(1)
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01')
    expect(() => dayNumber('2024-02-30')).toThrow(/not a calendar day/)
    expect(() => dayNumber('2024-2-3')).toThrow(/not a calendar day/)
  })
})
