import type { SeededRandom } from '../seeded-random.js'
import type { DeviceSeries } from './device-series.js'
import type { GroveConditionKind, LabelledEvent, ScenarioEventKind } from './labelled-event.js'

export const MINUTE_MS = 60_000
export const HOUR_MS = 60 * MINUTE_MS
export const DAY_MS = 24 * HOUR_MS

/**
 * An event with its parameters drawn, waiting for a place. Placement picks an anchor sample where
 * `fits` holds and where [anchor − leadMs, anchor + spanMs] (plus quiet margins) is free.
 */
export interface DrawnDeviceEvent {
  kind: ScenarioEventKind
  /** Time before the anchor the event already changes (a swarm's warm-up). */
  leadMs: number
  /** Time from the anchor the event occupies. */
  spanMs: number
  /** The device is never the same afterwards (stolen, knocked over): nothing may follow it. */
  occupiesToEnd?: boolean
  /** Only one device of a site may have it at a time, so the others stay a reference (drift). */
  exclusiveAtSite?: boolean
  /** Drip irrigation stays off this long from the anchor (drought); applied with the irrigation. */
  irrigationOutageMs?: number
  fits(series: DeviceSeries, anchor: number): boolean
  /**
   * Changes the series and returns its truth; or nothing, when a condition scan labels it
   * (drought) or it cannot happen after all (earlier visits left no super to take off).
   */
  apply(series: DeviceSeries, anchor: number): LabelledEvent | undefined
}

/** Weather that hits every device of a site at once: same timing, same magnitude. */
export interface DrawnSiteEvent {
  kind: GroveConditionKind
  leadMs: number
  spanMs: number
  fits(site: readonly DeviceSeries[], anchor: number): boolean
  apply(site: readonly DeviceSeries[], anchor: number): void
}

export type DeviceEventRecipe = (random: SeededRandom) => DrawnDeviceEvent
export type SiteEventRecipe = (random: SeededRandom) => DrawnSiteEvent

/** Uniform in [lo, hi). */
export function between(random: SeededRandom, lo: number, hi: number): number {
  return lo + (hi - lo) * random.uniform()
}

/** Smooth 0 → 1 as `x` goes 0 → 1 (raised cosine), flat outside. */
export function easeIn(x: number): number {
  if (x <= 0) return 0
  if (x >= 1) return 1
  return (1 - Math.cos(Math.PI * x)) / 2
}
