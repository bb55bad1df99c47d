import type { Detector } from '../detector.js'
import { finding, foldReadings } from './findings.js'
import { fieldLabel } from './field-quantities.js'
import { initialGroupAlarm, reconcileGroupAlarm, type GroupAlarmState } from './group-alarm.js'
import { median, quantile, roundTo } from './robust-stats.js'
import { forEachFieldSeries, seriesField, type SeriesEntry } from './series-map.js'

/**
 * `device.drift`: a sensor slowly parting from the rest of its site. The runner supplies the median
 * of the site's other devices (`context.siteReference`); this rule looks at the hourly mean offsets
 * (value − reference) over the last 48 h (at least 12 of them): it fires when their median is past
 * the fire threshold. A sensor that drifts keeps its offset all day, every hour, so nine hours in
 * ten must also be past the clear threshold on the same side (the offsets' 10th percentile above
 * it, or 90th below its negative). Hours when one hive stands in sun and another in shade, and hours when the
 * reference stands for only some of the neighbours (a drifting neighbour among two pulls their
 * median half its way), do not make a majority. It clears when the median is back under the clear
 * threshold.
 * The reference is the neighbours' latest readings within a tolerance (up to 2 h away), so an hour
 * is compared only when the air was steady around it: its own hourly mean moved by at most
 * `steadyPerHour` from the hours either side (air warms 2–3 °C an hour on a sunny morning, which
 * would read as drift against a neighbour's reading from two hours before).
 * Only fields that should agree across a site are compared: outside air temperature and humidity.
 * In-hive values belong to each colony, and weights differ by hive.
 * Thresholds: 2.5 °C to fire, below 1.5 °C to clear (common digital sensors are specified to
 * ±0.3–0.5 °C, so 2.5 °C is several times what two healthy ones disagree by); 10 / 6 %RH for humidity
 * (capacitive sensors: ±2–3 %RH, and they drift most when kept wet). No reference, no finding.
 * A site of three has one reference pair: when one of them drifts by D, the other two read D/2 off
 * their reference, which fires for them too once D/2 passes 2.5 °C. Four or more devices to a site
 * keep the median honest.
 */
export interface DriftRule {
  fireOffset: number
  clearOffset: number
  /** An hour is compared when its mean is within this of the hours either side. */
  steadyPerHour: number
  unit: string
}

export interface DriftOptions {
  rules?: Record<string, DriftRule | null>
  windowMs?: number
  /** Fewest hours with a reference in the window before the offset is judged. */
  minHours?: number
  /** Share of hours that must be past the clear threshold on the drift's side. */
  sameSideShare?: number
}

export const DEFAULT_DRIFT_RULES: Record<string, DriftRule> = {
  temp_ambient_c: { fireOffset: 2.5, clearOffset: 1.5, steadyPerHour: 1, unit: '°C' },
  air_temp_c: { fireOffset: 2.5, clearOffset: 1.5, steadyPerHour: 1, unit: '°C' },
  humidity_ambient_pct: { fireOffset: 10, clearOffset: 6, steadyPerHour: 5, unit: '%RH' },
  air_humidity_pct: { fireOffset: 10, clearOffset: 6, steadyPerHour: 5, unit: '%RH' },
}

const HOUR = 3_600_000

/** An hour's running mean, compact for the Redis state: [hours since the epoch, sum, count]. */
type HourBucket = [number, number, number]

/** Adds to the hour's bucket, keeping `keepHours`; true when the value opened a new hour. */
function addToHour(buckets: HourBucket[], timeMs: number, value: number, keepHours: number): boolean {
  const hour = Math.floor(timeMs / HOUR)
  const last = buckets.at(-1)
  if (last && last[0] === hour) {
    last[1] = Math.round((last[1] + value) * 1000) / 1000
    last[2] += 1
    return false
  }
  buckets.push([hour, Math.round(value * 1000) / 1000, 1])
  while (buckets.length > 0 && buckets[0]![0] <= hour - keepHours) buckets.shift()
  return last !== undefined
}

const hourMean = (b: HourBucket) => b[1] / b[2]

interface DriftSeries extends SeriesEntry {
  /** Hourly means of the offset, and of the value itself (every hour, reference or not). */
  offsets: HourBucket[]
  values: HourBucket[]
  offset: number | null
  drifting: boolean
}

export interface DriftState {
  series: Record<string, DriftSeries>
  alarm: GroupAlarmState
}

export function createDriftDetector(options: DriftOptions = {}): Detector<DriftState> {
  const rules = { ...DEFAULT_DRIFT_RULES, ...options.rules }
  const windowMs = options.windowMs ?? 48 * HOUR
  const minHours = options.minHours ?? 12
  const sameSideShare = options.sameSideShare ?? 0.9

  /** Offsets of the complete hours whose own mean was steady against the hours either side. */
  const steadyOffsets = (series: DriftSeries, rule: DriftRule) => {
    const own = new Map(series.values.map((b) => [b[0], hourMean(b)]))
    return series.offsets.slice(0, -1).flatMap((b) => {
      const here = own.get(b[0])
      const before = own.get(b[0] - 1)
      const after = own.get(b[0] + 1)
      if (here === undefined || before === undefined || after === undefined) return []
      return Math.abs(here - before) <= rule.steadyPerHour && Math.abs(after - here) <= rule.steadyPerHour ? [hourMean(b)] : []
    })
  }

  return {
    name: 'device.drift.v2',
    kinds: ['hive', 'grove'],
    rules: ['device.drift'],
    initialState: () => ({ series: {}, alarm: initialGroupAlarm() }),
    step: (state, readings, context) =>
      foldReadings(state, readings, (s, reading, emit) => {
        forEachFieldSeries(
          s.series,
          reading,
          (field) => rules[field] ?? undefined,
          () => ({ lastMs: Number.MIN_SAFE_INTEGER, offsets: [], values: [], offset: null, drifting: false }),
          (series, value, rule, field) => {
            series.lastMs = reading.timeMs
            const keepHours = Math.ceil(windowMs / HOUR) + 2
            const newHour = addToHour(series.values, reading.timeMs, value, keepHours)
            const reference = context.siteReference?.(field, reading.timeMs)
            if (reference !== undefined && Number.isFinite(reference)) addToHour(series.offsets, reading.timeMs, value - reference, keepHours)
            if (!newHour) return
            // A new hour began: judge the complete hours before it (the last needs the one after it).
            const hours = steadyOffsets(series, rule)
            if (hours.length < minHours) return
            series.offset = median(hours)
            // Nine hours in ten on the same side, past the clear threshold: not a mixture of references.
            const sameSide = series.offset > 0 ? quantile(hours, 1 - sameSideShare) > rule.clearOffset : quantile(hours, sameSideShare) < -rule.clearOffset
            if (!series.drifting && Math.abs(series.offset) > rule.fireOffset && sameSide) series.drifting = true
            else if (series.drifting && Math.abs(series.offset) < rule.clearOffset) series.drifting = false
          },
        )
        const driftingKeys = Object.keys(s.series).filter((key) => s.series[key]!.drifting)
        const change = reconcileGroupAlarm(s.alarm, driftingKeys, reading.timeMs)
        if (change === 'fire' || change === 'refire') {
          const key = driftingKeys[0]!
          const offset = roundTo(s.series[key]!.offset!, 2)
          const field = seriesField(key)
          const unit = rules[field]?.unit ?? ''
          const summary = `Sensor drifting: ${fieldLabel(field)} has read ${Math.abs(offset)} ${unit} ${offset > 0 ? 'above' : 'below'} the site's other devices over the last two days; recalibrate or replace it.`
          emit(finding('device.drift', 'firing', 'warning', reading.timeMs, summary, { fields: driftingKeys.join(','), field, offset }))
        } else if (change === 'clear') {
          emit(finding('device.drift', 'clear', 'warning', reading.timeMs, 'The sensor agrees with the rest of its site again.', {}))
        }
      }),
  }
}
