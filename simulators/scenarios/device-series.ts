import { z } from 'zod'
import {
  groveReadingSchema,
  hiveReadingSchema,
  soilLayerSchema,
  type DeviceKind,
  type GroveReading,
  type HiveReading,
} from '../../firmware-contracts/index.js'
import type { SimulatedReading } from '../device-fleet.js'
import { clamp } from '../numbers.js'
import { solarHour } from '../sun.js'
import type { GroveConditionKind } from './labelled-event.js'

/**
 * One device's readings while a scenario is built: the clean model series, changed in place by each
 * event. Readings sit on a regular grid (`timesMs`); a silent gap only marks samples as lost, so
 * indices stay aligned until the set is assembled.
 */
export interface DeviceSeries {
  deviceId: string
  kind: DeviceKind
  latitude: number
  longitude: number
  timesMs: number[]
  intervalMs: number
  readings: SimulatedReading[]
  lost: boolean[]
  /** Weather episodes injected here, so condition scans can tell them from natural ones. */
  injected: { kind: GroveConditionKind; startMs: number; endMs: number }[]
}

type SoilQuantity = 'moisture_vwc_pct' | 'temp_c'
/** Soil fields are named as stored (platform/influx/measurements.ts): `soil_temp_c_10cm`. */
export type SoilField = `soil_${SoilQuantity}_${number}cm`
type MetaKey = 'ts' | 'seq' | 'sensor' | 'soil'
export type ReadingField = Exclude<keyof HiveReading | keyof GroveReading, MetaKey> | SoilField

const SOIL_FIELD = /^soil_(moisture_vwc_pct|temp_c)_(\d+)cm$/

/** How to reach a field in a reading: directly, or in the soil layer at its depth. */
interface FieldPath {
  soil?: { depthCm: number; quantity: SoilQuantity }
}

interface FieldSpec extends FieldPath {
  min: number
  max: number
  /** 10^decimals of the sensor's resolution. */
  scale: number
}

const paths = new Map<ReadingField, FieldPath>()
const specs: Record<DeviceKind, Map<ReadingField, FieldSpec>> = { hive: new Map(), grove: new Map() }

function pathOf(field: ReadingField): FieldPath {
  let path = paths.get(field)
  if (!path) {
    const match = SOIL_FIELD.exec(field)
    path = match ? { soil: { depthCm: Number(match[2]), quantity: match[1] as SoilQuantity } } : {}
    paths.set(field, path)
  }
  return path
}

/** The models' sensor resolutions, by unit suffix. */
function decimalsOf(field: ReadingField): number {
  if (field.endsWith('_kg') || field.endsWith('_v')) return 3
  if (field.endsWith('_c') || field.endsWith('_deg') || field.includes('temp_c')) return 2
  if (field.endsWith('_w_m2')) return 0
  return 1
}

/** Where a field lives, its resolution, and the contract's bounds read from the zod schema so they cannot drift apart. */
function specOf(kind: DeviceKind, field: ReadingField): FieldSpec {
  let spec = specs[kind].get(field)
  if (!spec) {
    const path = pathOf(field)
    const shape: Record<string, z.ZodType> = path.soil ? soilLayerSchema.shape : kind === 'hive' ? hiveReadingSchema.shape : groveReadingSchema.shape
    const schema = shape[path.soil ? path.soil.quantity : field]
    const inner = schema instanceof z.ZodOptional ? schema.unwrap() : schema
    if (!(inner instanceof z.ZodNumber)) throw new Error(`scenario: ${kind} contract has no number field ${field}`)
    spec = { ...path, min: inner.minValue ?? -Infinity, max: inner.maxValue ?? Infinity, scale: 10 ** decimalsOf(field) }
    specs[kind].set(field, spec)
  }
  return spec
}

function soilLayer(reading: SimulatedReading, soil: NonNullable<FieldPath['soil']>) {
  const layer = (reading as GroveReading).soil?.find((l) => l.depth_cm === soil.depthCm)
  if (!layer) throw new Error(`scenario: reading has no soil layer at ${soil.depthCm} cm`)
  return layer
}

/** Sets a field at the sensor's resolution, kept inside the contract so every reading stays valid. */
export function writeField(series: DeviceSeries, index: number, field: ReadingField, value: number): void {
  const spec = specOf(series.kind, field)
  const stored = Math.round(clamp(value, spec.min, spec.max) * spec.scale) / spec.scale
  const reading = series.readings[index]!
  if (spec.soil) soilLayer(reading, spec.soil)[spec.soil.quantity] = stored
  else (reading as Record<string, unknown>)[field] = stored
}

export function valueAt(series: DeviceSeries, index: number, field: ReadingField): number {
  const reading = series.readings[index]!
  const { soil } = pathOf(field)
  const value = soil ? soilLayer(reading, soil)[soil.quantity] : (reading as Record<string, unknown>)[field]
  if (typeof value !== 'number') throw new Error(`scenario: reading has no ${field}`)
  return value
}

export function solarHourAt(series: DeviceSeries, index: number): number {
  return solarHour(new Date(series.timesMs[index]!), series.longitude)
}

/** Samples in a duration on this series' grid, at least one. */
export function samplesIn(series: DeviceSeries, durationMs: number): number {
  return Math.max(1, Math.round(durationMs / series.intervalMs))
}

/** Calls `visit` for each index from `from` (inclusive) to `to` (exclusive), clipped to the series. */
export function forRange(series: DeviceSeries, from: number, to: number, visit: (index: number) => void): void {
  for (let i = Math.max(0, from); i < Math.min(to, series.readings.length); i++) visit(i)
}

/** Whether the sample falls within [from, to) local solar hours; `from > to` wraps past midnight. */
export function inSolarHours(series: DeviceSeries, index: number, from: number, to: number): boolean {
  const hour = solarHourAt(series, index)
  return from <= to ? hour >= from && hour < to : hour >= from || hour < to
}

/** Days counted in local solar time, so a day runs midnight to midnight at the site. */
export function solarDayAt(series: DeviceSeries, index: number): number {
  return Math.floor((series.timesMs[index]! + (series.longitude / 15) * 3_600_000) / 86_400_000)
}
