import type { DailyNetGain } from './daily-net-gain.js'
import { dayNumber } from '../../../platform/time/site-time.js'

/**
 * Nectar flows from daily net gains: a flow is on while the hive gains day after day. Hive-scale
 * practice reads a flow as a run of days with steady gains and its end as the day gains stop
 * (COLOSS BEEBOOK vol. I, "Miscellaneous methods" 4.1.4: scales show when a flow starts and stops;
 * BroodMinder's daily productivity; Meikle et al. 2008 on daily weight change as food-store change).
 * Here a flow is ≥ `minDays` days gaining ≥ `minGainKgPerDay`, allowing `maxBreakDays` weaker or
 * missing days inside it (a rainy day does not end a lime flow). The threshold is the region's
 * (0.5 kg/day for a temperate whole hive; half that on a half-hive scale).
 */
export interface NectarFlowOptions {
  minGainKgPerDay: number
  minDays?: number
  maxBreakDays?: number
  /** Days with less coverage than this say nothing either way (default 0.5). */
  minCoverage?: number
}

export interface NectarFlow {
  startDay: string
  /** Last day that gained at least the threshold. */
  endDay: string
  /** Days at or above the threshold. */
  flowDays: number
  /** Net gain from start to end day, breaks included. */
  gainKg: number
  peakDay: string
  peakGainKg: number
  /** The last day with data is still inside the flow. */
  ongoing: boolean
}

export function detectNectarFlows(days: readonly DailyNetGain[], o: NectarFlowOptions): NectarFlow[] {
  const minDays = o.minDays ?? 3
  const maxBreak = o.maxBreakDays ?? 1
  const minCoverage = o.minCoverage ?? 0.5
  const usable = days.filter((d) => d.coverage >= minCoverage).toSorted((x, y) => (x.day < y.day ? -1 : 1))
  const flows: NectarFlow[] = []
  let run: DailyNetGain[] = []
  let lastGoodN = Number.NEGATIVE_INFINITY

  const close = (ongoing: boolean) => {
    const good = run.filter((d) => d.netGainKg >= o.minGainKgPerDay)
    if (good.length >= minDays) {
      const end = good.at(-1)!
      const inside = run.filter((d) => d.day <= end.day)
      const peak = good.reduce((best, d) => (d.netGainKg > best.netGainKg ? d : best))
      flows.push({
        startDay: run[0]!.day,
        endDay: end.day,
        flowDays: good.length,
        gainKg: Math.round(inside.reduce((sum, d) => sum + d.netGainKg, 0) * 1000) / 1000,
        peakDay: peak.day,
        peakGainKg: peak.netGainKg,
        ongoing,
      })
    }
    run = []
  }

  for (const day of usable) {
    const n = dayNumber(day.day)
    const gaining = day.netGainKg >= o.minGainKgPerDay
    // Weak or missing days since the last gaining one: more than `maxBreak` ends the run.
    if (run.length > 0 && n - lastGoodN - 1 > maxBreak) close(false)
    if (gaining) {
      run.push(day)
      lastGoodN = n
    } else if (run.length > 0) {
      run.push(day)
    }
  }
  const last = usable.at(-1)
  if (run.length > 0) close(last !== undefined && dayNumber(last.day) - lastGoodN <= maxBreak)
  return flows
}
