import type { DeviceKind, GroveReading, HiveReading } from '../../firmware-contracts/index.js'

/**
 * How readings are laid out in InfluxDB. A point's identity is (measurement, tags, time) and the
 * tags are (partner, site, device, sensor), so a reading resent or replayed overwrites its own
 * point: storage is idempotent without a lookup.
 */
export const measurementFor: Record<DeviceKind, string> = { hive: 'hive', grove: 'grove' }
export const STATUS_MEASUREMENT = 'device_status'
export const TAG_KEYS = ['partner', 'site', 'device', 'sensor'] as const

/** Fields written beside the measurements: the sample counter and the server-time flag. */
export const META_FIELDS = { seq: 'seq', serverTime: 'server_time' } as const

const hiveFields = [
  'weight_kg',
  'temp_internal_c',
  'humidity_internal_pct',
  'temp_brood_c',
  'temp_ambient_c',
  'humidity_ambient_pct',
  'accel_x_g',
  'accel_y_g',
  'accel_z_g',
  'tilt_deg',
  'battery_v',
  'battery_pct',
] as const satisfies readonly (keyof HiveReading)[]

const groveFields = [
  'air_temp_c',
  'air_humidity_pct',
  'leaf_wetness_pct',
  'rain_mm',
  'solar_w_m2',
  'wind_speed_m_s',
  'wind_dir_deg',
  'battery_v',
  'battery_pct',
] as const satisfies readonly (keyof GroveReading)[]

/** Soil layers become one field per depth: `soil_moisture_vwc_pct_30cm`, `soil_temp_c_30cm`. */
const SOIL_FIELD = /^soil_(moisture_vwc_pct|temp_c)_(\d{1,3})cm$/

export function soilFieldName(quantity: 'moisture_vwc_pct' | 'temp_c', depthCm: number): string {
  return `soil_${quantity}_${depthCm}cm`
}

/** Whether `name` is a measurement field of this device kind (the API's field whitelist). */
export function isMeasurementField(kind: DeviceKind, name: string): boolean {
  switch (kind) {
    case 'hive':
      return (hiveFields as readonly string[]).includes(name)
    case 'grove':
      return (groveFields as readonly string[]).includes(name) || SOIL_FIELD.test(name)
  }
}

export function measurementFields(kind: DeviceKind): readonly string[] {
  switch (kind) {
    case 'hive':
      return hiveFields
    case 'grove':
      return groveFields
  }
}

/** The numeric fields of a validated reading, flattened for storage. */
export function readingFieldValues(kind: DeviceKind, reading: HiveReading | GroveReading): Record<string, number> {
  const values: Record<string, number> = {}
  const record = reading as Record<string, unknown>
  for (const name of measurementFields(kind)) {
    const value = record[name]
    if (typeof value === 'number') values[name] = value
  }
  if (kind === 'grove') {
    for (const layer of (reading as GroveReading).soil ?? []) {
      if (layer.moisture_vwc_pct !== undefined) values[soilFieldName('moisture_vwc_pct', layer.depth_cm)] = layer.moisture_vwc_pct
      if (layer.temp_c !== undefined) values[soilFieldName('temp_c', layer.depth_cm)] = layer.temp_c
    }
  }
  return values
}
