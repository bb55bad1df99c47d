import type { SeededRandom } from '../seeded-random.js'
import type { BeekeepingCalendar } from './season-regions.js'
import type { SiteForage } from './site-forage.js'

/**
 * What happens to one hive through the season besides the colony's own work: the beekeeper's
 * visits (an inspection lifts the supers off and puts them back; some visits add a super, take the
 * harvest, put a treatment in), feeding after the last harvest, and perhaps a swarm. Sizes are
 * whole-hive kg: an empty super with drawn comb 4.5–7.5 kg, a frame of honey 2–4 kg.
 */
export type VisitAction = 'super_added' | 'harvest' | 'treatment' | 'feeding'

export interface Visit {
  atMs: number
  durationMs: number
  /** Boxes lifted off the scale while the beekeeper looks (0 for a quick visit: feeding, supers back). */
  liftKg: number
  /** Bees that take to the air when the hive is opened (a few hundred to a couple of thousand, ~0.1 g each); they come back over the next half hour. */
  beesUpKg: number
  /** What the visit changes for good besides its actions (propolis scraped, burr comb, bees lost). */
  residualKg: number
  actions: { action: VisitAction; kg: number }[]
}

export interface SwarmPlan {
  atMs: number
  durationMs: number
  /** Share of the bees that leave with the old queen. */
  share: number
}

export interface HivePlan {
  visits: Visit[]
  swarm?: SwarmPlan
}

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** Day indices of the season whose day of year falls in [from, to] (a window may wrap the new year). */
function seasonDaysIn(forage: SiteForage, window: { from: number; to: number }): number[] {
  const inWindow = (doy: number) => (window.from <= window.to ? doy >= window.from && doy <= window.to : doy >= window.from || doy <= window.to)
  return forage.days.flatMap((day, i) => {
    const date = Date.parse(`${day}T00:00:00Z`)
    const doy = Math.floor((date - Date.UTC(new Date(date).getUTCFullYear(), 0, 1)) / DAY) + 1
    return inWindow(doy) ? [i] : []
  })
}

/** An instant on season day `index` at a local hour (DST days are off by an hour at most). */
function atLocalHour(forage: SiteForage, index: number, hour: number): number {
  return forage.dayStartMs[index]! + hour * HOUR
}

export function planHive(forage: SiteForage, calendar: BeekeepingCalendar, random: SeededRandom, strength: number): HivePlan {
  const uniform = (lo: number, hi: number) => lo + (hi - lo) * random.uniform()
  const pick = (indices: number[]) => indices[random.int(0, indices.length - 1)]
  const inspection = (index: number): Visit => ({
    atMs: atLocalHour(forage, index, uniform(10, 16.5)),
    durationMs: uniform(15, 45) * 60_000,
    liftKg: uniform(8, 24),
    beesUpKg: uniform(0.02, 0.15) * strength,
    residualKg: random.normal(0, 0.1),
    actions: [],
  })
  const quickVisit = (index: number, action: VisitAction, kg: number): Visit => ({
    atMs: atLocalHour(forage, index, uniform(9, 18)),
    durationMs: uniform(5, 15) * 60_000,
    liftKg: 0,
    beesUpKg: 0,
    residualKg: 0,
    actions: [{ action, kg }],
  })

  const window = seasonDaysIn(forage, calendar.inspections)
  const visits: Visit[] = []
  for (let i = (window[0] ?? 0) + random.int(0, 6); i <= (window.at(-1) ?? -1); ) {
    visits.push(inspection(i))
    i += Math.max(4, Math.round(random.normal(calendar.inspectionEveryDays.mean, calendar.inspectionEveryDays.sd)))
  }
  const visitOn = (indices: number[]): Visit | undefined => {
    const candidates = visits.filter((v) => indices.some((i) => v.atMs >= forage.dayStartMs[i]! && v.atMs < forage.dayStartMs[i]! + DAY))
    return candidates.length > 0 ? candidates[random.int(0, candidates.length - 1)] : undefined
  }

  const superDays = seasonDaysIn(forage, calendar.superAdded)
  const superBox = () => uniform(4.5, 7.5)
  visitOn(superDays.slice(0, Math.ceil(superDays.length / 2)))?.actions.push({ action: 'super_added', kg: superBox() })
  if (strength > 1 && random.chance(0.6)) visitOn(superDays.slice(Math.ceil(superDays.length / 2)))?.actions.push({ action: 'super_added', kg: superBox() })

  const harvests = calendar.harvests.filter((h) => random.chance(h.probability))
  harvests.forEach((window, n) => {
    const days = seasonDaysIn(forage, window)
    const day = pick(days)
    if (day === undefined) return
    const visit = inspection(day)
    visit.actions.push({ action: 'harvest', kg: 0 })
    visits.push(visit)
    // Extracted supers go back a day or two later, unless the season's crops are all in.
    if (n < harvests.length - 1 && day + 2 < forage.days.length) visits.push(quickVisit(day + random.int(1, 2), 'super_added', 0))
  })

  if (random.chance(calendar.treatment.probability)) {
    const day = pick(seasonDaysIn(forage, calendar.treatment))
    if (day !== undefined) (visitOn([day]) ?? visits[visits.push(inspection(day)) - 1]!).actions.push({ action: 'treatment', kg: uniform(0.05, 0.15) })
  }
  if (random.chance(calendar.feeding.probability)) {
    const days = seasonDaysIn(forage, calendar.feeding)
    for (let n = random.int(1, 2); n > 0 && days.length > 0; n--) {
      const day = days.splice(random.int(0, days.length - 1), 1)[0]!
      visits.push(quickVisit(day, 'feeding', Math.round(uniform(4, 10) * 2) / 2))
    }
  }

  let swarm: SwarmPlan | undefined
  if (random.chance(calendar.swarm.probability)) {
    const day = pick(seasonDaysIn(forage, calendar.swarm))
    if (day !== undefined) swarm = { atMs: atLocalHour(forage, day, uniform(10.5, 15)), durationMs: uniform(5, 20) * 60_000, share: uniform(0.4, 0.6) }
  }
  visits.sort((x, y) => x.atMs - y.atMs)
  return swarm ? { visits, swarm } : { visits }
}
