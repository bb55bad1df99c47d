import type { Detector } from '../detector.js'
import { createManipulationDetector } from './manipulation-detector.js'
import { createQueenlessDetector, type QueenlessOptions } from './queenless-detector.js'
import type { SiteTimeZone } from './site-clock.js'
import { createStarvationDetector, type StarvationOptions } from './starvation-detector.js'
import { createSwarmDetector, type SwarmOptions } from './swarm-detector.js'
import { createTheftDetector, type TheftOptions } from './theft-detector.js'
import type { WeightOptions } from './weight-options.js'

/** Colony detectors for hive scales: swarm, theft, visits, queenless, starvation. */
export { createManipulationDetector, type ManipulationOptions, type ManipulationState } from './manipulation-detector.js'
export { createQueenlessDetector, type QueenlessOptions, type QueenlessState } from './queenless-detector.js'
export { createStarvationDetector, type StarvationOptions, type StarvationState } from './starvation-detector.js'
export { createSwarmDetector, type SwarmOptions, type SwarmState } from './swarm-detector.js'
export { createTheftDetector, tiltFromAccelerometer, type TheftOptions, type TheftState } from './theft-detector.js'
export { DEFAULT_WEIGHT_OPTIONS, type WeightOptions } from './weight-options.js'
export type { SiteTimeZone } from './site-clock.js'

export interface HiveDetectorOptions {
  /** Shared by swarm, manipulation, theft and starvation so they read each weight step the same way. */
  weight?: Partial<WeightOptions>
  siteTimeZone?: SiteTimeZone
  swarm?: Omit<SwarmOptions, 'weight' | 'siteTimeZone'>
  theft?: Omit<TheftOptions, 'weight' | 'siteTimeZone'>
  queenless?: QueenlessOptions
  starvation?: Omit<StarvationOptions, 'weight'>
}

export function hiveDetectors(options: HiveDetectorOptions = {}): Detector<unknown>[] {
  const { weight, siteTimeZone } = options
  return [
    createSwarmDetector({ ...options.swarm, weight, siteTimeZone }),
    createTheftDetector({ ...options.theft, weight, siteTimeZone }),
    createManipulationDetector({ weight, siteTimeZone }),
    createQueenlessDetector(options.queenless),
    createStarvationDetector({ ...options.starvation, weight }),
  ]
}
