import type { DeviceProfile } from './clean-series.js'
import { applyStarvation } from './colony-events.js'
import type { DeviceSeries } from './device-series.js'
import { applyDripIrrigation } from './drip-irrigation.js'
import { DEVICE_EVENT_RECIPES, SITE_EVENT_RECIPES } from './event-catalogue.js'
import { drawManipulations, type DealtKind } from './event-deck.js'
import { Occupancy, placeDeviceEvent, placeSiteEvent } from './event-placement.js'
import type { DrawnDeviceEvent, DrawnSiteEvent } from './event-recipe.js'
import { scanGroveConditions } from './grove-conditions.js'
import type { LabelledEvent } from './labelled-event.js'
import type { ScenarioSeason } from './scenario-seasons.js'
import { randomFor, STREAM, type ScenarioSettings } from './scenario-settings.js'

/** One device of a site, clean series built, with the event kinds it was dealt. */
export interface SiteMember {
  series: DeviceSeries
  /** Numbers the device's random streams. */
  ordinal: number
  profile: DeviceProfile
  dealt: DealtKind[]
}

interface Placed<E> {
  event: E
  anchor: number
}

/** An event to place: the site's weather goes on every device, others on one. */
type Candidate = (
  | { device?: undefined; event: DrawnSiteEvent }
  | { device: number; event: DrawnDeviceEvent }
) & {
  /** The season's own events (its weather, its featured kinds) before faults and visits. */
  featured: boolean
}

/**
 * Events that end a series claim its end first; then the season's own events; then the longest,
 * as they are the hardest to fit between others.
 */
function placementOrder(a: Candidate, b: Candidate): number {
  const endsSeries = (c: Candidate) => Number('occupiesToEnd' in c.event && c.event.occupiesToEnd === true)
  const length = (c: Candidate) => c.event.leadMs + c.event.spanMs
  return endsSeries(b) - endsSeries(a) || Number(b.featured) - Number(a.featured) || length(b) - length(a)
}

const byAnchor = <E>(a: Placed<E>, b: Placed<E>) => a.anchor - b.anchor

/**
 * Runs a site's scenario on its clean series: places the site's weather and each device's events,
 * then applies them in this order: drip irrigation (with any outages), weather, the grove
 * condition scan (the truth is about the weather, not what a faulty sensor makes of it), then
 * colony events, visits and sensor faults in time order. Returns the truth.
 */
export function runSiteEvents(
  settings: ScenarioSettings,
  season: ScenarioSeason,
  /** Numbers the site's random streams. */
  siteOrdinal: number,
  members: SiteMember[],
): LabelledEvent[] {
  const months = settings.days / 30
  const series = members.map((m) => m.series)
  const siteRandom = randomFor(settings, STREAM.siteWeather, siteOrdinal)
  const episodes = settings.weatherEpisodesPerSiteMonth > 0 ? Math.max(1, Math.round(settings.weatherEpisodesPerSiteMonth * months)) : 0
  const candidates: Candidate[] = season.siteWeather.flatMap((kind) =>
    Array.from({ length: episodes }, () => ({ event: SITE_EVENT_RECIPES[kind](siteRandom), featured: true })),
  )
  const starving = members.map((m) => m.profile.kind === 'hive' && m.profile.light && settings.anomaliesPerDeviceMonth > 0)
  const randoms = members.map((m) => randomFor(settings, STREAM.events, m.ordinal))
  members.forEach((m, d) => {
    if (starving[d]) return
    const visits = season.manipulations ? drawManipulations(randoms[d]!, settings.manipulationsPerHiveMonth * months) : []
    for (const kind of [...m.dealt, ...visits]) {
      const featured = (season.featured as readonly string[]).includes(kind)
      candidates.push({ device: d, event: DEVICE_EVENT_RECIPES[kind](randoms[d]!), featured })
    }
  })

  const occupancies = members.map(() => new Occupancy())
  const siteOccupancy = new Occupancy()
  const weather: Placed<DrawnSiteEvent>[] = []
  const own: Placed<DrawnDeviceEvent>[][] = members.map(() => [])
  for (const candidate of candidates.sort(placementOrder)) {
    if (candidate.device === undefined) {
      const anchor = placeSiteEvent(siteRandom, series, candidate.event, occupancies)
      if (anchor !== undefined) weather.push({ event: candidate.event, anchor })
    } else {
      const d = candidate.device
      const anchor = placeDeviceEvent(randoms[d]!, series[d]!, candidate.event, occupancies[d]!, siteOccupancy)
      if (anchor !== undefined) own[d]!.push({ event: candidate.event, anchor })
    }
  }

  members.forEach(({ series: s, profile, ordinal }, d) => {
    if (profile.kind !== 'grove') return
    const outages = own[d]!.flatMap(({ event, anchor }) =>
      event.irrigationOutageMs ? [{ fromMs: s.timesMs[anchor]!, toMs: s.timesMs[anchor]! + event.irrigationOutageMs }] : [],
    )
    for (const { fromMs, toMs } of outages) s.injected.push({ kind: 'drought', startMs: fromMs, endMs: toMs })
    applyDripIrrigation(s, profile.irrigation, randomFor(settings, STREAM.irrigationNoise, ordinal), outages)
  })
  for (const { event, anchor } of weather.sort(byAnchor)) event.apply(series, anchor)

  return members.flatMap(({ series: s, profile }, d) => {
    const truth = s.kind === 'grove' ? scanGroveConditions(s) : []
    if (starving[d] && profile.kind === 'hive') {
      const starvation = applyStarvation(s, randoms[d]!, profile.emptyHiveKg)
      if (starvation) truth.push(starvation)
    }
    for (const { event, anchor } of own[d]!.sort(byAnchor)) {
      const labelled = event.apply(s, anchor)
      if (labelled) truth.push(labelled)
    }
    return truth.sort((a, b) => a.startMs - b.startMs)
  })
}
