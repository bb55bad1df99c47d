import { CLIMATES, type Climate } from '../weather.js'

export type OliveVarietyKey = 'picual' | 'arbequina' | 'hojiblanca' | 'koroneiki'

/** An olive-growing area: its weather, its calendar and what is planted there. */
export interface OliveRegion {
  name: string
  latitude: number
  longitude: number
  timeZone: string
  climate: Climate
  varieties: readonly OliveVarietyKey[]
  /** Share of groves with drip irrigation. */
  irrigatedShare: number
  /**
   * Months and days (of the flowering year) between which bloom usually falls: where the simulator
   * puts the spring frosts and heat waves that make a bad season.
   */
  bloomWindow: { from: [month: number, day: number]; to: [month: number, day: number] }
  /**
   * The heat the fruit needs from bloom to ripeness, relative to Andalusia: ripening is not heat
   * alone (Arbequina ripens in a cool Lleida autumn with far fewer degree-days than in Jaén, Koroneiki
   * in a mild Cretan one with more), so a model calibrated in one place is late or early in another.
   */
  ripeningScale: number
  /** Last day (month, day of the harvest year) growers leave fruit on the tree, ripe or not. */
  harvestDeadline: [month: number, day: number]
}

/**
 * Five areas the partners farm in. Normals are rounded from the regions' usual climate: Córdoba a
 * little warmer than Jaén, Lleida (Arbequina's home) with colder winters, western Crete mild, and
 * Catamarca (north-west Argentina) a southern-hemisphere grove with a dry winter and summer rain.
 */
export const OLIVE_REGIONS: readonly OliveRegion[] = [
  {
    name: 'Jaén',
    latitude: 37.78,
    longitude: -3.79,
    timeZone: 'Europe/Madrid',
    climate: CLIMATES.mediterranean,
    varieties: ['picual'],
    irrigatedShare: 0.35,
    bloomWindow: { from: [4, 25], to: [5, 31] },
    ripeningScale: 1,
    harvestDeadline: [1, 31],
  },
  {
    name: 'Córdoba',
    latitude: 37.88,
    longitude: -4.78,
    timeZone: 'Europe/Madrid',
    climate: { ...CLIMATES.mediterranean, meanTempC: 18.2, seasonalAmplitudeC: 9.8, diurnalRangeC: 14 },
    varieties: ['picual', 'hojiblanca'],
    irrigatedShare: 0.4,
    bloomWindow: { from: [4, 20], to: [5, 25] },
    ripeningScale: 1,
    harvestDeadline: [1, 31],
  },
  {
    name: 'Lleida',
    latitude: 41.62,
    longitude: 0.62,
    timeZone: 'Europe/Madrid',
    climate: { ...CLIMATES.mediterranean, meanTempC: 15, seasonalAmplitudeC: 10, diurnalRangeC: 12 },
    varieties: ['arbequina'],
    irrigatedShare: 0.6,
    bloomWindow: { from: [5, 10], to: [6, 10] },
    ripeningScale: 0.8,
    harvestDeadline: [1, 15],
  },
  {
    name: 'Chania',
    latitude: 35.51,
    longitude: 24.02,
    timeZone: 'Europe/Athens',
    climate: { ...CLIMATES.mediterranean, meanTempC: 18.8, seasonalAmplitudeC: 7, diurnalRangeC: 9, rainEventsPerDay: { wet: 0.35, dry: 0.01 } },
    varieties: ['koroneiki'],
    irrigatedShare: 0.3,
    bloomWindow: { from: [4, 15], to: [5, 20] },
    ripeningScale: 1.15,
    harvestDeadline: [1, 31],
  },
  {
    name: 'Catamarca',
    latitude: -28.47,
    longitude: -65.78,
    timeZone: 'America/Argentina/Catamarca',
    climate: {
      meanTempC: 20.5,
      seasonalAmplitudeC: 7,
      diurnalRangeC: 15,
      wetSeason: 'summer',
      rainEventsPerDay: { wet: 0.25, dry: 0.02 },
      dewDepressionC: { wet: 2, dry: 10 },
    },
    varieties: ['arbequina'],
    irrigatedShare: 1,
    bloomWindow: { from: [9, 25], to: [10, 31] },
    ripeningScale: 1,
    harvestDeadline: [6, 30],
  },
]

/** Olive seasons are named by the flowering year; the south's harvest falls in the next year. */
export function regionHemisphere(region: Pick<OliveRegion, 'latitude'>): 'north' | 'south' {
  return region.latitude < 0 ? 'south' : 'north'
}
