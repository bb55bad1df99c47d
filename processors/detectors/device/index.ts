import type { Detector } from '../detector.js'
import { createBatteryLowDetector, type BatteryLowOptions } from './battery-low-detector.js'
import { createDriftDetector, type DriftOptions } from './drift-detector.js'
import { createOutOfRangeDetector, type OutOfRangeOptions } from './out-of-range-detector.js'
import { createSpikeDetector, type SpikeOptions } from './spike-detector.js'
import { createStuckDetector, type StuckOptions } from './stuck-detector.js'

/** Sensor-health detectors, for hives and groves alike. Offline is the scheduled sweep's job. */
export { createBatteryLowDetector, type BatteryLowOptions, type BatteryLowState } from './battery-low-detector.js'
export { createDriftDetector, type DriftOptions, type DriftRule, type DriftState } from './drift-detector.js'
export { createOutOfRangeDetector, type OutOfRangeOptions, type OutOfRangeState, type RangeRule } from './out-of-range-detector.js'
export { createSpikeDetector, type SpikeOptions, type SpikeState } from './spike-detector.js'
export { createStuckDetector, type StuckOptions, type StuckRule, type StuckState } from './stuck-detector.js'
export { replayDetector, type ReplayOptions } from './detector-replay.js'

export interface DeviceDetectorOptions {
  stuck?: StuckOptions
  drift?: DriftOptions
  spike?: SpikeOptions
  outOfRange?: OutOfRangeOptions
  batteryLow?: BatteryLowOptions
}

export function deviceDetectors(options: DeviceDetectorOptions = {}): Detector<unknown>[] {
  return [
    createStuckDetector(options.stuck),
    createDriftDetector(options.drift),
    createSpikeDetector(options.spike),
    createOutOfRangeDetector(options.outOfRange),
    createBatteryLowDetector(options.batteryLow),
  ]
}
