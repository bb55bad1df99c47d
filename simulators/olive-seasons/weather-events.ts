import type { SeededRandom } from '../seeded-random.js'
import type { OliveRegion } from './olive-regions.js'
import { DAY_MS, HOUR_MS, hourIndex, solarHourOf, type StationRecord } from './station-record.js'

export type InjectedKind = 'bloom-frost' | 'bloom-heat' | 'winter-frost' | 'autumn-frost'

/** A weather event written into a station record: what made this season unusual. */
export interface InjectedEvent {
  kind: InjectedKind
  /** Hour of the coldest (or hottest) air. */
  peakMs: number
  /** The air temperature at the peak, before a grove's own offset. */
  peakC: number
}

/**
 * Chances a season gets each event: the grove model's weather alone rarely reaches 0 °C in bloom or
 * 40 °C, yet those are the seasons a yield estimate must catch. Rates are rough for inland
 * Andalusia: a bloom frost one year in four, a bloom heat wave one in five, a −7 °C winter one in 25.
 */
const EVENT_CHANCE: Record<InjectedKind, number> = { 'bloom-frost': 0.25, 'bloom-heat': 0.2, 'winter-frost': 0.04, 'autumn-frost': 0.1 }
const PEAK_RANGE_C: Record<InjectedKind, [number, number]> = {
  'bloom-frost': [-3.5, -0.5],
  'bloom-heat': [40, 44],
  'winter-frost': [-10, -7.5],
  'autumn-frost': [-5, -2],
}

type MonthDay = [month: number, day: number]

/** When each event can fall, as (month, day) of the flowering year; the south's winter is mid-year. */
function eventWindow(kind: InjectedKind, region: OliveRegion, south: boolean): { from: MonthDay; to: MonthDay; nextYear?: boolean } {
  switch (kind) {
    case 'bloom-frost':
      return region.bloomWindow
    case 'bloom-heat':
      return { from: region.bloomWindow.from, to: [region.bloomWindow.to[0] + 1, 10] }
    case 'winter-frost':
      return south ? { from: [6, 15], to: [7, 31] } : { from: [1, 5], to: [2, 10] }
    case 'autumn-frost':
      return south ? { from: [5, 15], to: [6, 15], nextYear: true } : { from: [11, 15], to: [12, 15] }
  }
}

/**
 * Writes each event into the record's air temperature around its peak: a radiative frost cools the
 * night for hours to a minimum just after sunrise and thaws within two hours; a heat wave lifts the
 * afternoon of one day to its peak, nights less. Returns what it wrote.
 */
export function injectSeasonEvents(record: StationRecord, region: OliveRegion, floweringYear: number, random: SeededRandom): InjectedEvent[] {
  const south = region.latitude < 0
  const events: InjectedEvent[] = []
  for (const kind of Object.keys(EVENT_CHANCE) as InjectedKind[]) {
    if (!random.chance(EVENT_CHANCE[kind])) continue
    const window = eventWindow(kind, region, south)
    const year = floweringYear + (window.nextYear ? 1 : 0)
    const fromMs = Date.UTC(year, window.from[0] - 1, window.from[1])
    const toMs = Date.UTC(year, window.to[0] - 1, window.to[1])
    const dayMs = fromMs + Math.floor(random.uniform() * ((toMs - fromMs) / DAY_MS + 1)) * DAY_MS
    const [lo, hi] = PEAK_RANGE_C[kind]
    const peakC = lo + random.uniform() * (hi - lo)
    const peak = kind === 'bloom-heat' ? hottestHour(record, dayMs) : dawnHour(record, dayMs)
    if (peak < 0 || peak >= record.hours) continue
    if (kind === 'bloom-heat') lift(record, peak, peakC)
    else cool(record, peak, peakC)
    events.push({ kind, peakMs: record.startMs + peak * HOUR_MS, peakC })
  }
  return events
}

/** The sample near 06:30 solar time on the UTC day starting at `dayMs`: about sunrise in spring. */
function dawnHour(record: StationRecord, dayMs: number): number {
  const first = hourIndex(record, dayMs)
  for (let i = first; i < first + 24; i++) if (Math.abs(solarHourOf(record, i) - 6.5) <= 0.5) return i
  return first
}

function hottestHour(record: StationRecord, dayMs: number): number {
  const first = hourIndex(record, dayMs)
  let best = first
  for (let i = first; i < Math.min(first + 24, record.hours); i++) if (record.airC[i]! > record.airC[best]!) best = i
  return best
}

/** Cools 6 h before the peak to 2 h after, down to `peakC` at the peak. */
function cool(record: StationRecord, peak: number, peakC: number): void {
  const drop = record.airC[peak]! - peakC
  if (drop <= 0) return
  for (let k = -6; k <= 2; k++) {
    const i = peak + k
    if (i < 0 || i >= record.hours) continue
    const share = k <= 0 ? 1 - (k / -6) ** 2 : 1 - k / 3
    record.airC[i] = record.airC[i]! - drop * share
  }
}

/** Lifts the day around the peak, fully at the peak, fading to nothing 16 h either side. */
function lift(record: StationRecord, peak: number, peakC: number): void {
  const rise = peakC - record.airC[peak]!
  if (rise <= 0) return
  for (let k = -15; k <= 15; k++) {
    const i = peak + k
    if (i >= 0 && i < record.hours) record.airC[i] = record.airC[i]! + rise * (1 - (k / 16) ** 2)
  }
}
