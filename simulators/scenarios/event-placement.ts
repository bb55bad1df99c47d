import type { SeededRandom } from '../seeded-random.js'
import type { DeviceSeries } from './device-series.js'
import { HOUR_MS, type DrawnDeviceEvent, type DrawnSiteEvent } from './event-recipe.js'

/**
 * Where events go: a random anchor that suits the event (`fits`), with the event's whole span
 * plus quiet margins free of other events on the device, so each event can be judged alone.
 * Anchors are tried in random order until one suits; an event nowhere suitable does not happen.
 */

/** Quiet time kept on either side of an event. */
const QUIET_MARGIN_MS = 12 * HOUR_MS

/** Time spans already taken on one device (or, for drift, on one site). */
export class Occupancy {
  private readonly spans: { fromMs: number; toMs: number }[] = []

  isFree(fromMs: number, toMs: number): boolean {
    return this.spans.every((span) => toMs < span.fromMs || fromMs > span.toMs)
  }

  take(fromMs: number, toMs: number): void {
    this.spans.push({ fromMs, toMs })
  }
}

interface Footprint {
  leadMs: number
  spanMs: number
  occupiesToEnd?: boolean
}

/** Anchor indices that leave room for the lead (and one sample before it) and the span. */
function anchorRange(s: DeviceSeries, event: Footprint): { lo: number; hi: number } {
  return { lo: Math.ceil(event.leadMs / s.intervalMs) + 1, hi: s.readings.length - 1 - Math.ceil(event.spanMs / s.intervalMs) }
}

/** The indices lo..hi in random order, drawn one at a time (a lazy Fisher–Yates shuffle). */
function* shuffledRange(random: SeededRandom, lo: number, hi: number): Generator<number> {
  const indices = Array.from({ length: Math.max(0, hi - lo + 1) }, (_, k) => lo + k)
  for (let left = indices.length; left > 0; left--) {
    const pick = random.int(0, left - 1)
    const anchor = indices[pick]!
    indices[pick] = indices[left - 1]!
    yield anchor
  }
}

function reservedSpan(s: DeviceSeries, anchor: number, event: Footprint): [number, number] {
  const anchorMs = s.timesMs[anchor]!
  return [anchorMs - event.leadMs - QUIET_MARGIN_MS, event.occupiesToEnd ? Infinity : anchorMs + event.spanMs + QUIET_MARGIN_MS]
}

/** Finds and reserves an anchor for one device's event; undefined when none suits. */
export function placeDeviceEvent(
  random: SeededRandom,
  s: DeviceSeries,
  event: DrawnDeviceEvent,
  device: Occupancy,
  site: Occupancy,
): number | undefined {
  const { lo, hi } = anchorRange(s, event)
  for (const anchor of shuffledRange(random, lo, hi)) {
    const [fromMs, toMs] = reservedSpan(s, anchor, event)
    if (!device.isFree(fromMs, toMs) || (event.exclusiveAtSite && !site.isFree(fromMs, toMs))) continue
    if (!event.fits(s, anchor)) continue
    device.take(fromMs, toMs)
    if (event.exclusiveAtSite) site.take(fromMs, toMs)
    return anchor
  }
  return undefined
}

/** The same for weather that hits a whole site: the span must be free on every device. */
export function placeSiteEvent(
  random: SeededRandom,
  site: readonly DeviceSeries[],
  event: DrawnSiteEvent,
  devices: readonly Occupancy[],
): number | undefined {
  const first = site[0]!
  const { lo, hi } = anchorRange(first, event)
  for (const anchor of shuffledRange(random, lo, hi)) {
    const [fromMs, toMs] = reservedSpan(first, anchor, event)
    if (!devices.every((d) => d.isFree(fromMs, toMs)) || !event.fits(site, anchor)) continue
    for (const d of devices) d.take(fromMs, toMs)
    return anchor
  }
  return undefined
}
