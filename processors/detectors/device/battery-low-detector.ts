import type { Detector } from '../detector.js'
import { fieldValue, finding, foldReadings } from './findings.js'
import { roundTo } from './robust-stats.js'

/**
 * `device.battery_low`: the battery is near its end, sustained over several samples.
 *
 * 3.45 V: a Li-ion cell (3.0 V discharge cutoff, 4.2 V full) resting at ~3.45 V has well under 10 %
 * of its charge left, and a node fed through a 3.3 V low-dropout regulator (100–250 mV dropout for
 * common parts) stops being regulated there, so its sensors start to read wrong before it dies.
 * LiFePO4 packs sit at 3.2–3.3 V for most of their charge: set `lowVolts`/`clearVolts` for them.
 * 15 % / 25 % apply to the firmware's own percentage (`battery_pct`).
 * Hysteresis: low below 3.45 V or 15 %, clear only above 3.6 V and 25 % (the fields present), each for
 * `sustainSamples` readings; clearing also needs `clearSustainMs`, so a solar node that dips at night
 * and recovers under charge by day does not open and close an alert every day.
 */
export interface BatteryLowOptions {
  lowVolts?: number
  clearVolts?: number
  lowPercent?: number
  clearPercent?: number
  sustainSamples?: number
  clearSustainMs?: number
}

export interface BatteryLowState {
  lowSamples: number
  highSamples: number
  highSinceMs: number | null
  firing: boolean
  lastMs: number | null
}

export function createBatteryLowDetector(options: BatteryLowOptions = {}): Detector<BatteryLowState> {
  const lowVolts = options.lowVolts ?? 3.45
  const clearVolts = options.clearVolts ?? 3.6
  const lowPercent = options.lowPercent ?? 15
  const clearPercent = options.clearPercent ?? 25
  const sustainSamples = options.sustainSamples ?? 3
  const clearSustainMs = options.clearSustainMs ?? 6 * 3_600_000

  return {
    name: 'device.battery_low.v1',
    kinds: ['hive', 'grove'],
    rules: ['device.battery_low'],
    initialState: () => ({ lowSamples: 0, highSamples: 0, highSinceMs: null, firing: false, lastMs: null }),
    step: (state, readings) =>
      foldReadings(state, readings, (s, reading, emit) => {
        const volts = fieldValue(reading, 'battery_v')
        const percent = fieldValue(reading, 'battery_pct')
        if ((volts === undefined && percent === undefined) || (s.lastMs !== null && reading.timeMs <= s.lastMs)) return
        s.lastMs = reading.timeMs
        const low = (volts !== undefined && volts < lowVolts) || (percent !== undefined && percent < lowPercent)
        const high = (volts === undefined || volts > clearVolts) && (percent === undefined || percent > clearPercent)
        s.lowSamples = low ? s.lowSamples + 1 : 0
        if (high) {
          s.highSamples += 1
          s.highSinceMs ??= reading.timeMs
        } else {
          s.highSamples = 0
          s.highSinceMs = null
        }
        const evidence = {
          ...(volts !== undefined && { battery_v: roundTo(volts, 3) }),
          ...(percent !== undefined && { battery_pct: roundTo(percent, 1) }),
        }
        const shown = [volts !== undefined && `${roundTo(volts, 2)} V`, percent !== undefined && `${Math.round(percent)} %`]
          .filter(Boolean)
          .join(', ')
        if (!s.firing && s.lowSamples >= sustainSamples) {
          s.firing = true
          const summary = `Battery low (${shown}) for ${s.lowSamples} readings: replace or charge it before the device stops.`
          emit(finding('device.battery_low', 'firing', 'warning', reading.timeMs, summary, { ...evidence, samples: s.lowSamples }))
        } else if (s.firing && s.highSamples >= sustainSamples && reading.timeMs - s.highSinceMs! >= clearSustainMs) {
          s.firing = false
          emit(finding('device.battery_low', 'clear', 'warning', reading.timeMs, `Battery back to ${shown}.`, evidence))
        }
      }),
  }
}
