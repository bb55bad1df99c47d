import type { Detector } from '../detector.js'
import { fieldValue, finding, foldReadings } from './findings.js'
import { fieldLabel } from './field-quantities.js'
import { initialGroupAlarm, reconcileGroupAlarm, type GroupAlarmState } from './group-alarm.js'
import { median, roundTo } from './robust-stats.js'
import { seriesEntry, seriesField, seriesKey, type SeriesEntry } from './series-map.js'
import { addToBuckets, bucketMean, type MeanBucket } from './time-buckets.js'

/**
 * `device.drift`: a sensor slowly parting from the rest of its site. The runner supplies the median
 * of the site's other devices (`context.siteReference`); this rule takes the median, over the last
 * 24 h, of the hourly mean offset (value − reference). A median over a day ignores the hours when
 * one hive stands in sun and another in shade, and a sensor that drifts keeps its offset all day.
 * Only fields that should agree across a site are compared: outside air temperature and humidity.
 * In-hive values belong to each colony, and weights differ by hive.
 * Thresholds: 2.5 °C to fire, below 1.5 °C to clear (common digital sensors are specified to
 * ±0.3–0.5 °C, so 2.5 °C is several times what two healthy ones disagree by); 10 / 6 %RH for humidity
 * (capacitive sensors: ±2–3 %RH, and they drift most when kept wet). No reference, no finding.
 */
export interface DriftRule {
  fireOffset: number
  clearOffset: number
  unit: string
}

export interface DriftOptions {
  rules?: Record<string, DriftRule | null>
  windowMs?: number
  /** Fewest hours with a reference in the window before the offset is judged. */
  minHours?: number
}

export const DEFAULT_DRIFT_RULES: Record<string, DriftRule> = {
  temp_ambient_c: { fireOffset: 2.5, clearOffset: 1.5, unit: '°C' },
  air_temp_c: { fireOffset: 2.5, clearOffset: 1.5, unit: '°C' },
  humidity_ambient_pct: { fireOffset: 10, clearOffset: 6, unit: '%RH' },
  air_humidity_pct: { fireOffset: 10, clearOffset: 6, unit: '%RH' },
}

const HOUR = 3_600_000

interface DriftSeries extends SeriesEntry {
  offsets: MeanBucket[]
  offset: number | null
  drifting: boolean
}

export interface DriftState {
  series: Record<string, DriftSeries>
  alarm: GroupAlarmState
}

export function createDriftDetector(options: DriftOptions = {}): Detector<DriftState> {
  const rules = { ...DEFAULT_DRIFT_RULES, ...options.rules }
  const windowMs = options.windowMs ?? 24 * HOUR
  const minHours = options.minHours ?? 12

  return {
    name: 'device.drift.v1',
    kinds: ['hive', 'grove'],
    rules: ['device.drift'],
    initialState: () => ({ series: {}, alarm: initialGroupAlarm() }),
    step: (state, readings, context) =>
      foldReadings(state, readings, (s, reading, emit) => {
        for (const field of Object.keys(reading.fields)) {
          const rule = rules[field]
          const value = fieldValue(reading, field)
          const reference = rule && value !== undefined ? context.siteReference?.(field, reading.timeMs) : undefined
          if (!rule || value === undefined || reference === undefined || !Number.isFinite(reference)) continue
          const key = seriesKey(reading.sensor, field)
          const series = seriesEntry(s.series, key, () => ({ lastMs: Number.MIN_SAFE_INTEGER, offsets: [], offset: null, drifting: false }))
          if (reading.timeMs <= series.lastMs) continue
          series.lastMs = reading.timeMs
          if (!addToBuckets(series.offsets, reading.timeMs, value - reference, HOUR, windowMs + HOUR)) continue
          // A new hour began: judge the complete hours before it.
          const hours = series.offsets.slice(0, -1)
          if (hours.length < minHours) continue
          series.offset = median(hours.map(bucketMean))
          if (!series.drifting && Math.abs(series.offset) > rule.fireOffset) series.drifting = true
          else if (series.drifting && Math.abs(series.offset) < rule.clearOffset) series.drifting = false
        }
        const driftingKeys = Object.keys(s.series).filter((key) => s.series[key]!.drifting)
        const change = reconcileGroupAlarm(s.alarm, driftingKeys, reading.timeMs)
        if (change === 'fire' || change === 'refire') {
          const key = driftingKeys[0]!
          const offset = roundTo(s.series[key]!.offset!, 2)
          const field = seriesField(key)
          const unit = rules[field]?.unit ?? ''
          const summary = `Sensor drifting: ${fieldLabel(field)} has read ${Math.abs(offset)} ${unit} ${offset > 0 ? 'above' : 'below'} the site's other devices over the last day; recalibrate or replace it.`
          emit(finding('device.drift', 'firing', 'warning', reading.timeMs, summary, { fields: driftingKeys.join(','), field, offset }))
        } else if (change === 'clear') {
          emit(finding('device.drift', 'clear', 'warning', reading.timeMs, 'The sensor agrees with the rest of its site again.', {}))
        }
      }),
  }
}
