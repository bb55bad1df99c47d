import type { Detector } from './detector.js'
import { groveDetectors } from './grove/index.js'

export * from './detector.js'

/** Every detector the processors run, with their documented defaults. */
export function allDetectors(): Detector<unknown>[] {
  return [...groveDetectors()]
}
