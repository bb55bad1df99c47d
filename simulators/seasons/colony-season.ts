import type { Intervention, InterventionKind } from '../../processors/yield/honey/interventions.js'
import type { SeededRandom } from '../seeded-random.js'
import type { HivePlan, Visit } from './beekeeper-plan.js'
import type { SeasonRegion } from './season-regions.js'
import type { SiteForage } from './site-forage.js'

/**
 * One colony through one season, integrated on the forage's steps: nectar comes in by day, is
 * ripened into honey (about half its mass evaporates over the next day: nectar ~40 % sugar, honey
 * ~82 %), the colony eats around the clock, and the beekeeper's plan moves boxes, honey and feed.
 * Truth is the colony's own production per site-local day: intake − evaporation − upkeep, with
 * every manipulation and the swarm kept out of it.
 */
export interface Manipulation {
  kind: InterventionKind | 'swarm'
  atMs: number
  /** What it did to the scale (whole visit for an inspection: its lasting residue). */
  kg: number
}

export interface HiveSeasonTruth {
  /** Production per site-local day, aligned with `SiteForage.days`. */
  dailyKg: number[]
  seasonTotalKg: number
  storesAtStartKg: number
  storesAtEndKg: number
  harvestedHoneyKg: number
  fedKg: number
  swarm?: { atMs: number; lossKg: number }
  manipulations: Manipulation[]
  strength: number
}

export interface ColonyOptions {
  forage: SiteForage
  region: SeasonRegion
  plan: HivePlan
  strength: number
  random: SeededRandom
  /** A weight sample is taken every this many forage steps; 0 skips the series (history runs). */
  sampleEverySteps: number
}

/** Ripening: mass kept when nectar (~40 % sugar) becomes honey (~82 %), and how fast it goes. */
const RIPE_SHARE = 0.4 / 0.82
const RIPENING_TAU_H = 20
/**
 * Foragers out at the height of the day weigh up to ~1 kg in a strong colony (Meikle et al. 2018,
 * PLoS ONE 13:e0197589); they leave and come back over tens of minutes, not at once.
 */
const FORAGER_SHARE = 0.2
const FORAGER_TAU_H = 0.3

export function simulateColonySeason(o: ColonyOptions): { series: { timeMs: number; weightKg: number; airTempC: number }[]; truth: HiveSeasonTruth } {
  const { forage, random } = o
  const uniform = (lo: number, hi: number) => lo + (hi - lo) * random.uniform()
  const dtH = forage.stepMs / 3_600_000
  let strength = o.strength
  let stores = uniform(o.region.startStoresKg.min, o.region.startStoresKg.max)
  const storesAtStartKg = stores
  const keepKg = uniform(0.7, 1.1) * o.region.startStoresKg.max
  let unripe = 0
  let bees = 3 * strength
  let tare = uniform(18, 28)
  let supersKg = 0
  let lastHarvestSupersKg = 0
  let harvestedHoneyKg = 0
  let fedKg = 0
  // A colony has its own luck on top of the site's flow: which patches its foragers found.
  let luck = 0
  const dailyKg = forage.days.map(() => 0)
  const manipulations: Manipulation[] = []
  const series: { timeMs: number; weightKg: number; airTempC: number }[] = []

  const visits = [...o.plan.visits]
  let visit: Visit | undefined
  let beesUp = 0
  let foragersOut = 0
  const beesBeforeSwarm = bees
  let swarmOut = 0
  let swarmLossKg = 0

  const finishVisit = (v: Visit, atMs: number) => {
    tare += v.residualKg
    if (v.liftKg > 0) manipulations.push({ kind: 'inspection', atMs: v.atMs, kg: v.residualKg })
    for (const { action, kg } of v.actions) {
      let change = kg
      if (action === 'super_added') {
        // kg 0: the extracted supers of the last harvest go back on.
        change = kg > 0 ? kg : lastHarvestSupersKg
        supersKg += change
        tare += change
      } else if (action === 'harvest') {
        const honey = Math.max(0, stores - keepKg) * uniform(0.85, 0.95)
        stores -= honey
        harvestedHoneyKg += honey
        lastHarvestSupersKg = supersKg
        tare -= supersKg
        change = -(honey + supersKg)
        supersKg = 0
      } else if (action === 'feeding') {
        stores += kg
        fedKg += kg
      } else {
        tare += kg
      }
      manipulations.push({ kind: action, atMs, kg: change })
    }
  }

  for (let k = 0; k < forage.times.length; k++) {
    const t = forage.times[k]!
    luck = luck * Math.exp(-dtH / 72) + 0.25 * Math.sqrt(1 - Math.exp((-2 * dtH) / 72)) * random.normal()
    const intake = forage.intakeKgPerH[k]! * strength * Math.exp(luck - 0.25 ** 2 / 2) * dtH
    const ripened = unripe * (1 - Math.exp(-dtH / RIPENING_TAU_H))
    const upkeep = Math.min(Math.max(0, stores - 0.5), (o.region.upkeepKgPerDay * strength * forage.upkeepFactor[k]! * dtH) / 24)
    unripe += intake - ripened
    stores += RIPE_SHARE * ripened - upkeep
    dailyKg[forage.dayIndex[k]!]! += intake - (1 - RIPE_SHARE) * ripened - upkeep

    if (!visit && visits[0] && t >= visits[0].atMs) {
      visit = visits.shift()!
      beesUp = visit.beesUpKg
    }
    if (visit && t >= visit.atMs + visit.durationMs) {
      finishVisit(visit, t)
      visit = undefined
    }
    if (!visit) beesUp *= Math.exp(-dtH / 0.3)

    const swarm = o.plan.swarm
    if (swarm && t >= swarm.atMs && swarmOut < swarm.share) {
      // Bees pour out over the swarm's minutes, each with honey in its crop (about a third of its mass).
      const share = Math.min(swarm.share - swarmOut, (swarm.share * forage.stepMs) / swarm.durationMs)
      const leaving = share * beesBeforeSwarm
      const crops = Math.min(stores, 0.35 * leaving)
      bees -= leaving
      stores -= crops
      swarmOut += share
      swarmLossKg += leaving + crops
      strength = o.strength * (1 - swarmOut)
    }

    foragersOut += (FORAGER_SHARE * bees * forage.foragersOut[k]! - foragersOut) * (1 - Math.exp(-dtH / FORAGER_TAU_H))
    if (o.sampleEverySteps > 0 && (k + 1) % o.sampleEverySteps === 0) {
      const out = foragersOut
      const lifted = visit ? Math.min(visit.liftKg, tare + supersKg) : 0
      series.push({ timeMs: t + forage.stepMs, weightKg: tare + bees + stores + unripe - out - lifted - beesUp, airTempC: forage.airTempC[k]! })
    }
  }
  if (visit) finishVisit(visit, forage.times.at(-1)!)
  const swarm = o.plan.swarm && swarmLossKg > 0 ? { atMs: o.plan.swarm.atMs, lossKg: swarmLossKg } : undefined
  if (swarm) manipulations.push({ kind: 'swarm', atMs: swarm.atMs, kg: -swarm.lossKg })
  manipulations.sort((x, y) => x.atMs - y.atMs)
  return {
    series,
    truth: {
      dailyKg,
      seasonTotalKg: dailyKg.reduce((x, y) => x + y, 0),
      storesAtStartKg,
      storesAtEndKg: stores + unripe,
      harvestedHoneyKg,
      fedKg,
      ...(swarm ? { swarm } : {}),
      manipulations,
      strength: o.strength,
    },
  }
}

/** How often a beekeeper writes a kind of intervention down, and its weight. */
const RECORDING: Record<InterventionKind, { recorded: number; withKg: number; roundKg: number }> = {
  inspection: { recorded: 0.6, withKg: 0, roundKg: 1 },
  super_added: { recorded: 0.75, withKg: 0.5, roundKg: 0.5 },
  super_removed: { recorded: 0.75, withKg: 0.5, roundKg: 0.5 },
  harvest: { recorded: 0.95, withKg: 0.7, roundKg: 1 },
  feeding: { recorded: 0.85, withKg: 0.9, roundKg: 0.5 },
  treatment: { recorded: 0.7, withKg: 0.5, roundKg: 0.1 },
}

/**
 * The interventions as a beekeeper enters them afterwards: some are left out, most without a
 * weight, times rounded and typed late (now and then by hours, as in the 2018 BroodMinder notes).
 */
export function recordInterventions(manipulations: readonly Manipulation[], random: SeededRandom): Intervention[] {
  const recorded: Intervention[] = []
  for (const m of manipulations) {
    if (m.kind === 'swarm') continue
    const rule = RECORDING[m.kind]
    if (!random.chance(rule.recorded)) continue
    const lateMs = random.chance(0.1) ? (random.chance(0.5) ? 1 : -1) * (1 + 3 * random.uniform()) * 3_600_000 : 0
    const atMs = Math.round((m.atMs + random.normal(0, 20 * 60_000) + lateMs) / 300_000) * 300_000
    const kg = random.chance(rule.withKg) ? Math.round(Math.abs(m.kg) / rule.roundKg) * rule.roundKg : undefined
    recorded.push(kg === undefined ? { kind: m.kind, atMs } : { kind: m.kind, atMs, kg })
  }
  return recorded.sort((x, y) => x.atMs - y.atMs)
}
