import type { Detector } from './detector.js'
import { deviceDetectors } from './device/index.js'
import { groveDetectors } from './grove/index.js'
import { hiveDetectors } from './hive/index.js'

export * from './detector.js'

/** Every detector the processors run, with their documented defaults. */
export function allDetectors(): Detector<unknown>[] {
  return [...hiveDetectors(), ...groveDetectors(), ...deviceDetectors()] as Detector<unknown>[]
}
