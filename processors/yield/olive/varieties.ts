import type { OliveStage } from './phenology.js'

/** What the estimators need to know about a cultivar; a grove may bring its own. */
export interface OliveVariety {
  name: string
  /**
   * Mill oil yield, % of fruit fresh weight, once oil accumulation is complete: the range of
   * ordinary seasons, read as an 80 % interval. Total oil content (Soxhlet, NMR) runs a few points
   * higher: a mill extracts most, not all of it.
   */
  oilPct: { low: number; high: number }
  /** Fruit-clock degree-days (phenology.ts) of veraison and harvest maturity. */
  ripening: Pick<Record<OliveStage, number>, 'veraison' | 'harvestMaturity'>
  /**
   * Ripening index of Uceda & Frías (1975): 0 deep-green skin … 7 black skin with purple flesh to the
   * stone, the mean class of 100 fruit. The harvest aims for [earliest, latest]: earlier gives greener,
   * more stable oil and less of it; mill yield levels off around RI 3–4 (Beltrán, Del Río, Sánchez &
   * Martínez 2004, J Sci Food Agric 84:1783, Picual, Hojiblanca, Arbequina) and fruit then drops.
   */
  harvestRipeningIndex: { earliest: number; latest: number }
}

/**
 * The four cultivars our partners grow. Oil ranges are typical mill yields as commonly quoted for
 * each (Koroneiki highest, Picual high, Arbequina and Hojiblanca lower), the kind of figures the IOC
 * World Catalogue of Olive Varieties and Beltrán et al. (2004) report; they were not checked figure
 * by figure against those sources here. They are defaults: a grove's own mill records replace them
 * (oil-yield.ts `groveOilRange`). Ripening thresholds make Hojiblanca the late one and are calibrated
 * like the phenology thresholds, and each grove's recorded harvest days rescale them
 * (ripening.ts `calibrateRipening`). The harvest targets are our assumption: the early-harvest
 * cultivars a little greener.
 */
export const OLIVE_VARIETIES = {
  picual: {
    name: 'Picual',
    oilPct: { low: 18, high: 24 },
    ripening: { veraison: 2850, harvestMaturity: 3250 },
    harvestRipeningIndex: { earliest: 2.5, latest: 4.5 },
  },
  arbequina: {
    name: 'Arbequina',
    oilPct: { low: 16, high: 20 },
    ripening: { veraison: 2750, harvestMaturity: 3150 },
    harvestRipeningIndex: { earliest: 2, latest: 4 },
  },
  hojiblanca: {
    name: 'Hojiblanca',
    oilPct: { low: 15, high: 19 },
    ripening: { veraison: 3050, harvestMaturity: 3400 },
    harvestRipeningIndex: { earliest: 2.5, latest: 4.5 },
  },
  koroneiki: {
    name: 'Koroneiki',
    oilPct: { low: 20, high: 26 },
    ripening: { veraison: 2750, harvestMaturity: 3150 },
    harvestRipeningIndex: { earliest: 2, latest: 4 },
  },
} as const satisfies Record<string, OliveVariety>

export type OliveVarietyName = keyof typeof OLIVE_VARIETIES

/** A cultivar by its name as growers write it ("Picual", "picual"); undefined when unknown. */
export function varietyNamed(name: string): OliveVariety | undefined {
  const key = name.trim().toLowerCase()
  return Object.hasOwn(OLIVE_VARIETIES, key) ? OLIVE_VARIETIES[key as OliveVarietyName] : undefined
}
