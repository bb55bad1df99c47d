import { describe, expect, it } from 'vitest'
import { createLocalDayOf, localDayFromNumber } from '../../../../processors/detectors/grove/local-day.js'
import { DAY, MINUTE } from './grove-series.js'

const dayNumber = (isoDate: string) => Date.parse(`${isoDate}T00:00:00Z`) / DAY

describe('createLocalDayOf', () => {
  it('uses the UTC day when no time zone is given', () => {
    const localDayOf = createLocalDayOf()
    expect(localDayOf(Date.parse('2024-03-31T23:59:59Z'))).toEqual({ day: dayNumber('2024-03-31'), year: 2024, month: 3, dayOfMonth: 31 })
    expect(localDayOf(Date.parse('2024-04-01T00:00:00Z')).month).toBe(4)
  })

  it.each([
    ['2024-03-30T22:59:00Z', '2024-03-30'], // 23:59 CET
    ['2024-03-30T23:00:00Z', '2024-03-31'], // midnight CET
    ['2024-03-31T21:59:00Z', '2024-03-31'], // 23:59 CEST, the short day
    ['2024-03-31T22:00:00Z', '2024-04-01'],
    ['2024-10-26T21:59:00Z', '2024-10-26'],
    ['2024-10-26T22:00:00Z', '2024-10-27'], // the long day starts at midnight CEST
    ['2024-10-27T22:59:00Z', '2024-10-27'], // 23:59 CET
    ['2024-10-27T23:00:00Z', '2024-10-28'],
  ])('gives the Brussels day of %s across DST changes', (time, localDate) => {
    expect(createLocalDayOf('Europe/Brussels')(Date.parse(time)).day).toBe(dayNumber(localDate))
  })

  it('answers from its remembered day exactly as a fresh lookup would', () => {
    const remembering = createLocalDayOf('Europe/Brussels')
    const t0 = Date.parse('2024-10-25T00:00:00Z')
    for (let t = t0; t < t0 + 4 * DAY; t += 7 * MINUTE + 13_000) {
      expect(remembering(t)).toEqual(createLocalDayOf('Europe/Brussels')(t))
    }
  })

  it('follows a zone without DST (Antananarivo, UTC+3)', () => {
    const localDayOf = createLocalDayOf('Indian/Antananarivo')
    expect(localDayOf(Date.parse('2024-06-30T20:59:00Z')).day).toBe(dayNumber('2024-06-30'))
    expect(localDayOf(Date.parse('2024-06-30T21:00:00Z'))).toEqual(localDayFromNumber(dayNumber('2024-07-01')))
  })

  it('refuses an unknown zone when created, naming it', () => {
    expect(() => createLocalDayOf('Europe/Atlantis')).toThrow(/Europe\/Atlantis/)
  })
})
