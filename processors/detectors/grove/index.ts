/**
 * Olive-grove detectors: pure functions over a station's readings plus JSON state (see ../detector.ts).
 *
 * - grove.frost        air below 0 °C ≥ 30 min; critical in flowering/fruit set or below −7 °C
 * - grove.heat         air above 40 °C ≥ 1 h; critical in flowering/fruit set
 * - grove.drought      root zone (30 cm, the drip-wetted layer) below the FAO-56 refill point ≥ 3 days
 *                      without 10 mm of rain
 * - grove.peacock_spot leaves wet long enough, for their temperature, for Venturia oleaginea to infect
 * - grove.fruit_fly    a spell of ≥ 3 days peaking in Bactrocera oleae's activity band with fruit on the
 *                      tree; 2 days outside the band end it
 */
import type { Detector } from '../detector.js'
import { createDroughtDetector, type DroughtOptions } from './drought-detector.js'
import { createFrostDetector, type FrostOptions } from './frost-detector.js'
import { createFruitFlyDetector, type FruitFlyOptions } from './fruit-fly-detector.js'
import { createHeatDetector, type HeatOptions } from './heat-detector.js'
import type { GroveSiteOptions } from './olive-calendar.js'
import { createPeacockSpotDetector, type PeacockSpotOptions } from './peacock-spot-detector.js'

export { createDroughtDetector, DROUGHT_DEFAULTS, type DroughtOptions, type DroughtState } from './drought-detector.js'
export { createFrostDetector, FROST_DEFAULTS, type FrostOptions } from './frost-detector.js'
export { createFruitFlyDetector, FRUIT_FLY_DEFAULTS, type FruitFlyOptions, type FruitFlyState } from './fruit-fly-detector.js'
export { createHeatDetector, HEAT_DEFAULTS, type HeatOptions } from './heat-detector.js'
export { createPeacockSpotDetector, PEACOCK_SPOT_DEFAULTS, type PeacockSpotOptions, type PeacockSpotState } from './peacock-spot-detector.js'
export type { AirTemperatureState } from './air-temperature-detector.js'
export type { GroveSiteOptions, Hemisphere } from './olive-calendar.js'

/** Site options apply to every detector; a detector's own options override them. */
export interface GroveDetectorsOptions extends GroveSiteOptions {
  frost?: FrostOptions
  heat?: HeatOptions
  drought?: DroughtOptions
  peacockSpot?: PeacockSpotOptions
  fruitFly?: FruitFlyOptions
}

/** One instance of each grove detector, for one site's settings. */
export function groveDetectors(options: GroveDetectorsOptions = {}): Detector<unknown>[] {
  const { frost, heat, drought, peacockSpot, fruitFly, ...site } = options
  return [
    createFrostDetector({ ...site, ...frost }),
    createHeatDetector({ ...site, ...heat }),
    createDroughtDetector({ ...site, ...drought }),
    createPeacockSpotDetector({ ...site, ...peacockSpot }),
    createFruitFlyDetector({ ...site, ...fruitFly }),
  ]
}
