import type { GroveReading } from '../../firmware-contracts/index.js'
import { createGroveModel } from '../grove-model.js'
import { roundTo } from '../numbers.js'
import type { OliveRegion } from './olive-regions.js'

export const HOUR_MS = 3_600_000
export const DAY_MS = 86_400_000

/**
 * Years of one station's hourly readings kept as columns: a region's weather is shared by its
 * groves, and a decade of readings as objects would not fit in memory many times over.
 */
export interface StationRecord {
  startMs: number
  hours: number
  longitude: number
  airC: Float64Array
  humidityPct: Float32Array
  leafWetnessPct: Float32Array
  rainMm: Float32Array
  /** Root-zone moisture at the station's probe depths (SOIL_DEPTHS_CM). */
  soilVwcPct: Float32Array[]
}

export const SOIL_DEPTHS_CM = [10, 30, 60] as const

/** Hourly readings of the grove station model (grove-model.ts) from `fromMs` to `toMs`, whole hours. */
export function recordStation(region: OliveRegion, seed: number, fromMs: number, toMs: number): StationRecord {
  const hours = Math.floor((toMs - fromMs) / HOUR_MS)
  const model = createGroveModel({ seed, latitude: region.latitude, longitude: region.longitude, climate: region.climate })
  const record: StationRecord = {
    startMs: fromMs,
    hours,
    longitude: region.longitude,
    airC: new Float64Array(hours),
    humidityPct: new Float32Array(hours),
    leafWetnessPct: new Float32Array(hours),
    rainMm: new Float32Array(hours),
    soilVwcPct: SOIL_DEPTHS_CM.map(() => new Float32Array(hours)),
  }
  for (let i = 0; i < hours; i++) {
    const r = model.readingAt(new Date(fromMs + i * HOUR_MS), i)
    record.airC[i] = r.air_temp_c ?? Number.NaN
    record.humidityPct[i] = r.air_humidity_pct ?? Number.NaN
    record.leafWetnessPct[i] = r.leaf_wetness_pct ?? Number.NaN
    record.rainMm[i] = r.rain_mm ?? 0
    SOIL_DEPTHS_CM.forEach((depth, k) => {
      record.soilVwcPct[k]![i] = r.soil?.find((l) => l.depth_cm === depth)?.moisture_vwc_pct ?? Number.NaN
    })
  }
  return record
}

export function hourIndex(record: StationRecord, timeMs: number): number {
  return Math.floor((timeMs - record.startMs) / HOUR_MS)
}

/** Local mean solar hour of sample i: the diurnal cycle's clock, not the civil one. */
export function solarHourOf(record: StationRecord, i: number): number {
  const utcHours = ((record.startMs + i * HOUR_MS) % DAY_MS) / HOUR_MS
  return (((utcHours + record.longitude / 15) % 24) + 24) % 24
}

/** How one grove sees the regional station: its own microclimate and its own irrigation. */
export interface GroveView {
  /** Constant air temperature offset (slope, altitude, cold-air drainage). */
  airOffsetC: number
  /** Drip irrigation keeps the root zone above the refill point all season. */
  irrigated: boolean
}

/** Moisture a drip-irrigated root zone is held at, % VWC: above the 18 % refill point of a loam. */
const IRRIGATED_VWC_PCT = 23

export function groveAirC(record: StationRecord, view: GroveView, i: number): number {
  return record.airC[i]! + view.airOffsetC
}

export function groveSoilVwcPct(record: StationRecord, view: GroveView, depthIndex: number, i: number): number {
  const vwc = record.soilVwcPct[depthIndex]![i]!
  return view.irrigated ? Math.max(vwc, IRRIGATED_VWC_PCT + Math.sin(i / 7)) : vwc
}

/** The reading the grove's own station would publish at sample i (the firmware contract's shape). */
export function groveReading(record: StationRecord, view: GroveView, i: number): GroveReading & { ts: string } {
  return {
    ts: new Date(record.startMs + i * HOUR_MS).toISOString(),
    seq: i,
    air_temp_c: roundTo(groveAirC(record, view, i), 2),
    air_humidity_pct: roundTo(record.humidityPct[i]!, 1),
    leaf_wetness_pct: roundTo(record.leafWetnessPct[i]!, 1),
    rain_mm: roundTo(record.rainMm[i]!, 1),
    soil: SOIL_DEPTHS_CM.map((depth_cm, k) => ({ depth_cm, moisture_vwc_pct: roundTo(groveSoilVwcPct(record, view, k, i), 1) })),
  }
}
