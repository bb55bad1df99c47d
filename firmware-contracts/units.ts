/**
 * Units are part of the contract and carried in field names (`_kg`, `_c`, `_pct`, `_v`, `_mm`...):
 * kg, °C, %RH, V, mm, W/m², m/s, degrees. Storage keeps them as received; all times are UTC.
 */
export const units = {
  kg: 'kilogram',
  c: 'degree Celsius',
  pct: 'percent',
  v: 'volt',
  mm: 'millimetre',
  w_m2: 'watt per square metre',
  m_s: 'metre per second',
  deg: 'degree',
  g: 'standard gravity',
  dbm: 'decibel-milliwatt',
  s: 'second',
} as const
