export type Hemisphere = 'north' | 'south'

/** What every grove detector needs to know about its site. */
export interface GroveSiteOptions {
  /** IANA zone of the site; daily aggregates use its local day. Default: the UTC day. */
  timeZone?: string
  /** Seasons flip south of the equator. Default 'north'. */
  hemisphere?: Hemisphere
}

/**
 * Flowering and fruit set, when frost and heat hurt the crop most: bloom from late April into May and
 * fruit set into June in Mediterranean groves (Barranco, Fernández-Escobar & Rallo (eds.), "El cultivo
 * del olivo", 7th ed. 2017, olive phenology; Galán et al. 2005, Int J Biometeorol 49:184, olive pollen
 * season in Andalusia).
 */
const FLOWERING_MONTHS_NORTH = [4, 5, 6] as const
/**
 * Fruit set to harvest: fruit is on the tree for the olive fruit fly from June (females lay once the
 * fruit is ~7–8 mm, from early summer) until harvest, which for oil runs November–January in
 * Andalusia; adults keep laying into December where the fruit hangs (Gonçalves, Oliveira & Torres
 * 2006, north-east Portugal: flight to the end of December, most eggs in October–November).
 */
const FRUIT_MONTHS_NORTH = [6, 7, 8, 9, 10, 11, 12] as const

function sixMonthsLater(months: readonly number[]): number[] {
  return months.map((month) => ((month + 5) % 12) + 1)
}

export function floweringMonths(hemisphere: Hemisphere = 'north'): readonly number[] {
  return hemisphere === 'north' ? FLOWERING_MONTHS_NORTH : sixMonthsLater(FLOWERING_MONTHS_NORTH)
}

export function fruitMonths(hemisphere: Hemisphere = 'north'): readonly number[] {
  return hemisphere === 'north' ? FRUIT_MONTHS_NORTH : sixMonthsLater(FRUIT_MONTHS_NORTH)
}

/** Insect degree-days are counted from midwinter: 1 January in the north, 1 July in the south. */
export function degreeDayStartMonth(hemisphere: Hemisphere = 'north'): number {
  return hemisphere === 'north' ? 1 : 7
}

/** Checks a month list from configuration once, at creation, and names the option when it is wrong. */
export function monthSet(optionName: string, months: readonly number[]): ReadonlySet<number> {
  for (const month of months) {
    if (!Number.isInteger(month) || month < 1 || month > 12) {
      throw new RangeError(`grove detectors: ${optionName} must hold months 1–12, got ${month}`)
    }
  }
  return new Set(months)
}
