/**
 * Projected availability and stock cover, without I/O. Production still to come is read from the
 * yield forecasts as they stand; the forecasts do not say when within the season it arrives, so the
 * projection counts it whole (a season's honey or oil is bottled within weeks of its harvest).
 */
import type { HoneyEstimate, OliveEstimate } from '../yield/estimates.js'

const DAY_MS = 86_400_000

/** Kilograms of honey still to come to a partner's stock: what is ready in the hives plus what the season should still give. */
export function honeyStillToComeKg(estimate: HoneyEstimate, now: Date): number {
  // Past its season an estimate says nothing about what is still to come.
  if (now.toISOString().slice(0, 10) > estimate.seasonEnd) return 0
  return Math.max(0, estimate.harvestableKg) + Math.max(0, estimate.forecast.expectedSeasonKg - estimate.seasonToDateKg)
}

/**
 * Olive seasons are named by the year the trees flower (processors/yield/olive/season-calendar.ts);
 * in the north their fruit is picked from October to February, so season Y's harvests are those
 * from 1 July Y to 30 June Y+1.
 */
export function oliveHarvestWindow(season: string): { from: string; until: string } | null {
  const year = Number(season)
  if (!Number.isInteger(year)) return null
  return { from: `${year}-07-01`, until: `${year + 1}-07-01` }
}

/** The olive season a day's harvest belongs to (UTC day, YYYY-MM-DD...). */
export function oliveSeasonOf(day: string): string {
  const year = Number(day.slice(0, 4))
  return String(Number(day.slice(5, 7)) >= 7 ? year : year - 1)
}

/** Kilograms of oil still to come: the season's expected oil less the oil in the fruit already harvested. */
export function oilStillToComeKg(estimate: OliveEstimate, season: string, harvestedOilKg: number, now: Date): number {
  const window = oliveHarvestWindow(season)
  if (!window || now.toISOString().slice(0, 10) >= window.until) return 0
  return Math.max(0, estimate.oil.expectedKg - harvestedOilKg)
}

export interface CoverInputs {
  productId: string
  partnerId: string
  /** Sellable units now. */
  available: number
  /** Units expected from pending lots (harvests reported, not yet bottled). */
  pendingUnits: number
  /** Units still to come from the forecast production. */
  forecastUnits: number
  /** Units ordered per day, averaged over the demand window. */
  dailyDemand: number
}

export interface Projection extends CoverInputs {
  horizonDays: number
  /** available + pending + forecast − demand over the horizon; negative: short by that much. */
  projectedUnits: number
  /** Days the sellable stock lasts at the current demand; null without demand. */
  coverDays: number | null
  /** Days stock plus expected production lasts; null without demand. */
  projectedCoverDays: number | null
}

export function project(inputs: CoverInputs, horizonDays: number): Projection {
  const supply = inputs.available + inputs.pendingUnits + inputs.forecastUnits
  const perDay = inputs.dailyDemand
  return {
    ...inputs,
    horizonDays,
    projectedUnits: supply - perDay * horizonDays,
    coverDays: perDay > 0 ? inputs.available / perDay : null,
    projectedCoverDays: perDay > 0 ? supply / perDay : null,
  }
}

/** What checkStockCover reports: the alert system keys it by (productId, kind). */
export interface StockFinding {
  productId: string
  partnerId: string
  /**
   * stock_out_risk: even with the pending lots and the forecast production, demand empties the stock
   * within the threshold. replenish: the shelves empty within the threshold, but pending lots or
   * production to come would cover it: confirm and bottle (or buy in) before they do.
   */
  kind: 'stock_out_risk' | 'replenish'
  coverDays: number
  evidence: Record<string, number | string | boolean>
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits

/** A finding when cover falls under `thresholdDays`; null when the product is covered (or has no demand). */
export function assessCover(p: Projection, thresholdDays: number): StockFinding | null {
  if (p.coverDays === null || p.projectedCoverDays === null) return null
  const kind = p.projectedCoverDays < thresholdDays ? 'stock_out_risk' : p.coverDays < thresholdDays ? 'replenish' : null
  if (!kind) return null
  return {
    productId: p.productId,
    partnerId: p.partnerId,
    kind,
    coverDays: round(kind === 'stock_out_risk' ? p.projectedCoverDays : p.coverDays, 1),
    evidence: {
      availableUnits: p.available,
      pendingUnits: p.pendingUnits,
      forecastUnits: p.forecastUnits,
      dailyDemand: round(p.dailyDemand, 3),
      coverDays: round(p.coverDays, 1),
      projectedCoverDays: round(p.projectedCoverDays, 1),
      projectedUnits: round(p.projectedUnits, 1),
      horizonDays: p.horizonDays,
      thresholdDays,
    },
  }
}

export const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS)
