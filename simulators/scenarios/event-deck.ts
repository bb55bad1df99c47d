import type { SeededRandom } from '../seeded-random.js'
import { SENSOR_FAULT_KINDS, type ManipulationKind, type SensorFaultKind } from './labelled-event.js'
import type { FeaturedKind } from './scenario-seasons.js'

/**
 * Which devices get which events. Kinds are dealt from a shuffled deck (featured kinds first, then
 * sensor faults) so that every kind turns up before any repeats, and a share of devices is dealt
 * nothing at all: those, and the days between events, measure false alarms.
 */
export type DealtKind = FeaturedKind | SensorFaultKind

/** Events after which the device's series is no longer a hive on a scale. */
const ENDS_THE_SERIES: ReadonlySet<DealtKind> = new Set(['theft', 'tip_over'])

/** How often each visit happens in the season: mostly inspections (weekly in swarm season). */
const MANIPULATION_WEIGHTS: readonly [ManipulationKind, number][] = [
  ['inspection', 0.6],
  ['super_added', 0.15],
  ['super_removed', 0.1],
  ['harvest', 0.15],
]

/** Knuth's method; means here are a few events, where it is exact and quick. */
export function poisson(random: SeededRandom, mean: number): number {
  const limit = Math.exp(-mean)
  let count = 0
  for (let p = random.uniform(); p > limit; p *= random.uniform()) count++
  return count
}

function shuffled<T>(random: SeededRandom, items: readonly T[]): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(0, i)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

/**
 * Deals event kinds to `deviceCount` devices: `quietShare` of them (rounded down) get none; each
 * other gets 1 + Poisson(mean − 1) kinds, no kind twice and at most one that ends the series. A
 * card a device cannot take stays on top for the next device.
 */
export function dealEventKinds(
  random: SeededRandom,
  deviceCount: number,
  featured: readonly FeaturedKind[],
  meanPerDevice: number,
  quietShare: number,
): DealtKind[][] {
  const hands: DealtKind[][] = Array.from({ length: deviceCount }, () => [])
  if (meanPerDevice <= 0) return hands
  const order = shuffled(
    random,
    hands.map((_, i) => i),
  )
  const pile: DealtKind[] = []
  const freshDeck = () => [...shuffled(random, featured), ...shuffled(random, SENSOR_FAULT_KINDS)]
  for (const device of order.slice(Math.floor(quietShare * deviceCount))) {
    const hand = hands[device]!
    const wanted = 1 + poisson(random, Math.max(0, meanPerDevice - 1))
    const takes = (kind: DealtKind) => !hand.includes(kind) && !(ENDS_THE_SERIES.has(kind) && hand.some((k) => ENDS_THE_SERIES.has(k)))
    while (hand.length < wanted) {
      if (!pile.some(takes)) pile.push(...freshDeck())
      const at = pile.findIndex(takes)
      if (at < 0) break
      hand.push(...pile.splice(at, 1))
    }
  }
  return hands
}

export function drawManipulations(random: SeededRandom, mean: number): ManipulationKind[] {
  return Array.from({ length: poisson(random, mean) }, () => {
    let u = random.uniform()
    for (const [kind, weight] of MANIPULATION_WEIGHTS) {
      if ((u -= weight) < 0) return kind
    }
    return 'inspection'
  })
}
