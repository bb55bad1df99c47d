import type { Detector } from '../detector.js'
import { finding, foldReadings, formatDuration, isoTime, REFIRE_INTERVAL_MS, shortTime } from './findings.js'
import { fieldLabel, isTemperature, quantityOf } from './field-quantities.js'
import { MAD_TO_SIGMA, median, medianAbsoluteDeviation, roundTo } from './robust-stats.js'
import { forEachFieldSeries, type SeriesEntry } from './series-map.js'

/**
 * `device.spike`: one sample far from its neighbours that comes straight back: a Hampel identifier
 * (Hampel 1974; Pearson 2002, "Outliers in process modeling and identification", IEEE TCST): the
 * sample is a spike when |x − m| > k·1.4826·MAD and > an absolute floor, m and MAD taken over up to
 * three samples before it and the one after, and the one after is back near the level before.
 * It needs that next sample, so it decides one sample late (`atMs` is the sample that decided).
 *
 * Floors: 10 kg for weight, 15 °C for temperatures. A weight excursion of 10–40 kg is also what a
 * beekeeper lifting boxes off for an inspection looks like when the scale samples every half hour or
 * slower: then only an excursion ≥ 30 kg, or to a value no scale under a hive can read (< −1 kg),
 * is a spike (in the 2018 BroodMinder data, hourly, inspections lifted at most 19 kg for one sample
 * and glitches jumped 37–75 kg). With samples ≤ 15 min apart a visit spans several samples and is
 * never "one sample".
 *
 * Spikes are aggregated: `firing` at the first, repeated at most hourly while more arrive (with the
 * count), `clear` at the first reading an hour after the last one, so a glitchy sensor gives one alert
 * per burst instead of one per sample. Severity `info`: a spike is recorded, not an alarm.
 */
export interface SpikeOptions {
  /** Hampel's k. */
  k?: number
  weightFloorKg?: number
  temperatureFloorC?: number
  /** Slower sampling than this lets a 10–40 kg one-sample excursion be an inspection. */
  denseSamplingMs?: number
  weightVisitMaxKg?: number
  /** A candidate further than this from the sample before or after it is not judged. */
  maxNeighbourGapMs?: number
  quietMs?: number
}

interface Sample {
  t: number
  v: number
}

interface SpikeSeries extends SeriesEntry {
  /** Up to three samples before the candidate, then the candidate. */
  recent: Sample[]
}

export interface SpikeState {
  series: Record<string, SpikeSeries>
  firing: boolean
  lastSpikeMs: number | null
  lastFiredMs: number | null
  count: number
}

export function createSpikeDetector(options: SpikeOptions = {}): Detector<SpikeState> {
  const k = options.k ?? 3
  const weightFloorKg = options.weightFloorKg ?? 10
  const temperatureFloorC = options.temperatureFloorC ?? 15
  const denseSamplingMs = options.denseSamplingMs ?? 15 * 60_000
  const weightVisitMaxKg = options.weightVisitMaxKg ?? 30
  const maxNeighbourGapMs = options.maxNeighbourGapMs ?? 2 * 3_600_000
  const quietMs = options.quietMs ?? 3_600_000

  const floorFor = (field: string) => {
    const quantity = quantityOf(field)
    if (quantity === 'weight') return weightFloorKg
    return isTemperature(quantity) ? temperatureFloorC : undefined
  }

  /** Whether the candidate (last of `recent`) is a spike now that `next` has arrived. */
  const isSpike = (field: string, recent: readonly Sample[], next: Sample, floor: number) => {
    const candidate = recent.at(-1)!
    const before = recent.slice(0, -1)
    const previous = before.at(-1)
    if (before.length < 2 || !previous) return false
    if (candidate.t - previous.t > maxNeighbourGapMs || next.t - candidate.t > maxNeighbourGapMs) return false
    const neighbours = [...before.map((s) => s.v), next.v]
    const center = median(neighbours)
    const deviation = Math.abs(candidate.v - center)
    const levelBefore = median(before.map((s) => s.v))
    // Isolated: it left from the level and the next sample is back at it.
    const isolated = Math.abs(previous.v - levelBefore) <= floor / 2 && Math.abs(next.v - levelBefore) <= floor / 2
    if (!isolated || deviation <= floor || deviation <= k * MAD_TO_SIGMA * medianAbsoluteDeviation(neighbours, center)) return false
    if (quantityOf(field) !== 'weight') return true
    const sparse = candidate.t - previous.t > denseSamplingMs || next.t - candidate.t > denseSamplingMs
    return !sparse || deviation >= weightVisitMaxKg || candidate.v < -1
  }

  return {
    name: 'device.spike.v1',
    kinds: ['hive', 'grove'],
    rules: ['device.spike'],
    initialState: () => ({ series: {}, firing: false, lastSpikeMs: null, lastFiredMs: null, count: 0 }),
    step: (state, readings) =>
      foldReadings(state, readings, (s, reading, emit) => {
        let spiked = false
        forEachFieldSeries(
          s.series,
          reading,
          floorFor,
          () => ({ lastMs: Number.MIN_SAFE_INTEGER, recent: [] }),
          (series, value, floor, field) => {
            series.lastMs = reading.timeMs
            const next = { t: reading.timeMs, v: value }
            const candidate = series.recent.at(-1)
            if (candidate && isSpike(field, series.recent, next, floor)) {
              // The spike leaves the window so it cannot pass for a neighbour of the next sample.
              series.recent.pop()
              spiked = true
              s.count += 1
              const summary = `Sensor glitch: ${fieldLabel(field)} jumped to ${roundTo(candidate.v, 2)} for one reading at ${shortTime(candidate.t)} and came straight back.`
              const evidence = { field, value: roundTo(candidate.v, 3), at: isoTime(candidate.t), next: roundTo(value, 3), spikes: s.count }
              if (!s.firing || reading.timeMs - s.lastFiredMs! >= REFIRE_INTERVAL_MS) {
                s.firing = true
                s.lastFiredMs = reading.timeMs
                emit(finding('device.spike', 'firing', 'info', reading.timeMs, summary, evidence))
              }
            }
            series.recent.push(next)
            if (series.recent.length > 4) series.recent.shift()
          },
        )
        if (spiked) s.lastSpikeMs = reading.timeMs
        else if (s.firing && reading.timeMs - s.lastSpikeMs! >= quietMs) {
          const summary = `No more sensor glitches for ${formatDuration(reading.timeMs - s.lastSpikeMs!)} (${s.count} in that burst).`
          emit(finding('device.spike', 'clear', 'info', reading.timeMs, summary, { spikes: s.count }))
          s.firing = false
          s.count = 0
        }
      }),
  }
}
