/**
 * What a stored field measures, from its name (platform/influx/measurements.ts). Rules are written
 * per quantity so a new depth or probe is covered without a code change; fields that are not
 * measurements (`seq`, `server_time`) have no quantity and every device rule ignores them.
 */
export type Quantity =
  | 'brood_temperature'
  | 'internal_temperature'
  | 'air_temperature'
  | 'humidity'
  | 'weight'
  | 'soil_moisture'
  | 'soil_temperature'
  | 'battery_voltage'
  | 'battery_percent'
  | 'rain'
  | 'leaf_wetness'
  | 'solar'
  | 'wind_speed'
  | 'wind_direction'
  | 'motion'

const BY_NAME: Record<string, Quantity> = {
  temp_brood_c: 'brood_temperature',
  temp_internal_c: 'internal_temperature',
  temp_ambient_c: 'air_temperature',
  air_temp_c: 'air_temperature',
  humidity_internal_pct: 'humidity',
  humidity_ambient_pct: 'humidity',
  air_humidity_pct: 'humidity',
  weight_kg: 'weight',
  battery_v: 'battery_voltage',
  battery_pct: 'battery_percent',
  rain_mm: 'rain',
  leaf_wetness_pct: 'leaf_wetness',
  solar_w_m2: 'solar',
  wind_speed_m_s: 'wind_speed',
  wind_dir_deg: 'wind_direction',
  accel_x_g: 'motion',
  accel_y_g: 'motion',
  accel_z_g: 'motion',
  tilt_deg: 'motion',
}

const SOIL_FIELD = /^soil_(moisture_vwc_pct|temp_c)_\d{1,3}cm$/

export function quantityOf(field: string): Quantity | undefined {
  const named = BY_NAME[field]
  if (named) return named
  const soil = SOIL_FIELD.exec(field)
  if (soil) return soil[1] === 'temp_c' ? 'soil_temperature' : 'soil_moisture'
  return undefined
}

export function isTemperature(quantity: Quantity | undefined): boolean {
  return (
    quantity === 'brood_temperature' ||
    quantity === 'internal_temperature' ||
    quantity === 'air_temperature' ||
    quantity === 'soil_temperature'
  )
}

const LABELS: Record<string, string> = {
  temp_brood_c: 'brood temperature',
  temp_internal_c: 'in-hive temperature',
  temp_ambient_c: 'outside temperature',
  air_temp_c: 'air temperature',
  humidity_internal_pct: 'in-hive humidity',
  humidity_ambient_pct: 'outside humidity',
  air_humidity_pct: 'air humidity',
  weight_kg: 'weight',
  battery_v: 'battery voltage',
  battery_pct: 'battery level',
  rain_mm: 'rain',
  leaf_wetness_pct: 'leaf wetness',
  solar_w_m2: 'solar radiation',
  wind_speed_m_s: 'wind speed',
}

/** How a person calls the field ("soil moisture at 30 cm"), for summaries. */
export function fieldLabel(field: string): string {
  const soil = /^soil_(moisture_vwc_pct|temp_c)_(\d{1,3})cm$/.exec(field)
  if (soil) return `soil ${soil[1] === 'temp_c' ? 'temperature' : 'moisture'} at ${soil[2]} cm`
  return LABELS[field] ?? field
}

/** A field's rule by the quantity it measures; undefined when it has none or its rule is switched off (null). */
export function ruleByQuantity<R>(rules: Partial<Record<Quantity, R | null>>): (field: string) => R | undefined {
  return (field) => {
    const quantity = quantityOf(field)
    return (quantity && rules[quantity]) ?? undefined
  }
}
