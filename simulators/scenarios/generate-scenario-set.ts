import type { DeviceKind } from '../../firmware-contracts/index.js'
import type { SimulatedGroveReading } from '../grove-model.js'
import type { SimulatedHiveReading } from '../hive-model.js'
import { cleanGroveSeries, cleanHiveSeries, drawGroveProfile, drawHiveProfile, type DeviceProfile } from './clean-series.js'
import { dealEventKinds, type DealtKind } from './event-deck.js'
import { DAY_MS, MINUTE_MS } from './event-recipe.js'
import type { LabelledEvent } from './labelled-event.js'
import { DEVICES_PER_SITE, SCENARIO_SEASONS, splitByShare, type ScenarioSeason, type ScenarioSeasonId } from './scenario-seasons.js'
import { randomFor, settleOptions, STREAM, type ScenarioSetOptions, type ScenarioSettings } from './scenario-settings.js'
import { runSiteEvents } from './site-events.js'

interface ScenarioDeviceBase {
  deviceId: string
  siteIndex: number
  siteId: string
  season: ScenarioSeasonId
  timeZone: string
  latitude: number
  longitude: number
  intervalMin: number
}

/** A device's readings in time order; a silent gap simply has no readings. */
export type ScenarioDevice =
  | (ScenarioDeviceBase & {
      kind: 'hive'
      /** The scale with no honey on it (registered at installation); starvation is judged against it. */
      emptyHiveKg: number
      readings: SimulatedHiveReading[]
    })
  | (ScenarioDeviceBase & { kind: 'grove'; readings: SimulatedGroveReading[] })

export interface ScenarioSet {
  devices: ScenarioDevice[]
  /** Per device, in time order. */
  truth: LabelledEvent[]
}

/** Random streams of groves (and their sites) start here, so adding hives leaves every grove as it was. */
const GROVE_ORDINAL_OFFSET = 50_000

interface GroupPlan {
  season: ScenarioSeason
  /** Numbers the group within the set, for its dealing stream. */
  groupIndex: number
  /** Per device: the device's number from 0 within its kind. */
  numbers: number[]
  /** The group's first site: its index in the set, and its number from 0 within its kind. */
  firstSite: { index: number; number: number }
}

/** Numbers a device's (or a site's) random streams, apart for hives and groves. */
function ordinalOf(kind: DeviceKind, number: number): number {
  return kind === 'hive' ? number : GROVE_ORDINAL_OFFSET + number
}

/**
 * Which of the group's hives went into winter light: the share rounded, at least one when there
 * are two or more, so a winter group always has starvation to find and healthy hives beside it.
 */
function pickLightHives(settings: ScenarioSettings, plan: GroupPlan): Set<number> {
  const share = plan.season.hive?.light?.share ?? 0
  const count = plan.numbers.length
  const wanted = share > 0 && count >= 2 ? Math.max(1, Math.round(share * count)) : 0
  const random = randomFor(settings, STREAM.lightHives, plan.groupIndex)
  const picked = new Set<number>()
  while (picked.size < wanted) picked.add(random.int(0, count - 1))
  return picked
}

/** Profiles, dealt events and sites for one season group; returns its devices and truth. */
function buildGroup(settings: ScenarioSettings, plan: GroupPlan): ScenarioSet {
  const { season, numbers } = plan
  const kind = season.kind
  const intervalMin = kind === 'hive' ? settings.hiveIntervalMin : settings.groveIntervalMin
  const startMs = Date.UTC(settings.year, season.start.month - 1, season.start.day)
  const samples = Math.floor((settings.days * DAY_MS) / (intervalMin * MINUTE_MS))
  const timesMs = Array.from({ length: samples }, (_, k) => startMs + k * intervalMin * MINUTE_MS)

  const light = pickLightHives(settings, plan)
  const profiles: DeviceProfile[] = numbers.map((n, d) => {
    const random = randomFor(settings, STREAM.profile, ordinalOf(kind, n))
    return season.hive ? drawHiveProfile(random, season.hive, light.has(d)) : drawGroveProfile(random)
  })
  // Light hives are dealt nothing else: their winter is their event.
  const dealable = profiles.flatMap((p, d) => (p.kind === 'hive' && p.light ? [] : [d]))
  const hands = dealEventKinds(
    randomFor(settings, STREAM.deal, plan.groupIndex),
    dealable.length,
    season.featured,
    settings.anomaliesPerDeviceMonth * (settings.days / 30),
    settings.quietDeviceShare,
  )
  const dealt: DealtKind[][] = profiles.map(() => [])
  dealable.forEach((d, k) => (dealt[d] = hands[k]!))

  const set: ScenarioSet = { devices: [], truth: [] }
  const siteSizes = splitByShare(numbers.length, Array<number>(Math.ceil(numbers.length / DEVICES_PER_SITE[kind])).fill(1))
  let first = 0
  siteSizes.forEach((size, k) => {
    const siteIndex = plan.firstSite.index + k
    const siteOrdinal = ordinalOf(kind, plan.firstSite.number + k)
    const modelSeed = randomFor(settings, STREAM.siteModel, siteOrdinal).int(1, 0x7fff_ffff)
    const members = numbers.slice(first, first + size).map((n, m) => {
      const d = first + m
      const profile = profiles[d]!
      const deviceId = `${kind}-${String(n + 1).padStart(2, '0')}`
      const noise = randomFor(settings, STREAM.sensorNoise, ordinalOf(kind, n))
      const series =
        profile.kind === 'hive'
          ? cleanHiveSeries(deviceId, season.place, modelSeed, profile, timesMs, noise)
          : cleanGroveSeries(deviceId, season.place, modelSeed, profile, timesMs, noise)
      return { series, ordinal: ordinalOf(kind, n), profile, dealt: dealt[d]! }
    })
    first += size
    set.truth.push(...runSiteEvents(settings, season, siteOrdinal, members))
    for (const { series, profile } of members) {
      const base: ScenarioDeviceBase = {
        deviceId: series.deviceId,
        siteIndex,
        siteId: `site-${String(siteIndex + 1).padStart(2, '0')}`,
        season: season.id,
        timeZone: season.place.timeZone,
        latitude: season.place.latitude,
        longitude: season.place.longitude,
        intervalMin,
      }
      const delivered = series.readings.filter((_, j) => !series.lost[j])
      set.devices.push(
        profile.kind === 'hive'
          ? { ...base, kind: 'hive', emptyHiveKg: profile.emptyHiveKg, readings: delivered as SimulatedHiveReading[] }
          : { ...base, kind: 'grove', readings: delivered as SimulatedGroveReading[] },
      )
    }
  })
  return set
}

/**
 * A reproducible set of hive and grove series with injected events and their ground truth, for
 * scoring detectors. Devices are spread over season groups (scenario-seasons.ts), a few to a site;
 * the same options always give the same set.
 */
export function generateScenarioSet(options: ScenarioSetOptions): ScenarioSet {
  const settings = settleOptions(options)
  const set: ScenarioSet = { devices: [], truth: [] }
  let siteIndex = 0
  let groupIndex = 0
  for (const kind of ['hive', 'grove'] as const) {
    const seasons = SCENARIO_SEASONS.filter((s) => s.kind === kind)
    const counts = splitByShare(kind === 'hive' ? settings.hives : settings.groves, seasons.map((s) => s.share))
    let number = 0
    let siteNumber = 0
    seasons.forEach((season, g) => {
      const numbers = Array.from({ length: counts[g]! }, () => number++)
      const group = buildGroup(settings, { season, groupIndex: groupIndex++, numbers, firstSite: { index: siteIndex, number: siteNumber } })
      const sites = new Set(group.devices.map((d) => d.siteIndex)).size
      siteIndex += sites
      siteNumber += sites
      set.devices.push(...group.devices)
      set.truth.push(...group.truth)
    })
  }
  return set
}
