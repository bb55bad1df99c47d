import { CLIMATES, type Climate } from '../weather.js'

/**
 * How honey seasons go where our partners keep bees, as the simulator's truth. Deliberately not
 * the forecaster's profile (processors/yield/honey/honey-regions.ts): here the flow comes in bloom
 * waves whose timing and strength change from year to year, and the weather decides each day.
 */
export type SeasonRegionId = 'temperate' | 'southern'

export interface BloomWave {
  name: string
  /** Day of year of the wave's peak in an average year. */
  peakDayOfYear: number
  /** Gaussian width (sd) in days. */
  widthDays: number
  /** Nectar a full-strength colony brings in at the peak on a perfect flying day, kg (gross). */
  peakKgPerDay: number
}

export interface SeasonRegion {
  id: SeasonRegionId
  latitude: number
  longitude: number
  timeZone: string
  climate: Climate
  /** The season in month-day, end included; `seasonYear` is the year it starts in. */
  season: { start: string; end: string }
  waves: BloomWave[]
  /** Year-to-year sd of a wave's timing (days) and of its strength (log). */
  yearShiftSdDays: number
  yearStrengthSdLog: number
  /** Colony upkeep at full strength, kg/day, on a warm day (less when cold). */
  upkeepKgPerDay: number
  /** Honey left in the hive when the season starts, kg. */
  startStoresKg: { min: number; max: number }
  beekeeping: BeekeepingCalendar
}

/** When the beekeeper does what, as day-of-year windows (a window may wrap past 31 December). */
export interface BeekeepingCalendar {
  inspectionEveryDays: { mean: number; sd: number }
  inspections: { from: number; to: number }
  /** Supers go on when the flow starts; harvests come at the end of flows. */
  superAdded: { from: number; to: number }
  harvests: { from: number; to: number; probability: number }[]
  feeding: { from: number; to: number; probability: number }
  treatment: { from: number; to: number; probability: number }
  swarm: { from: number; to: number; probability: number }
}

export const SEASON_REGIONS: Record<SeasonRegionId, SeasonRegion> = {
  // Brussels: spring flow (willow, fruit trees, rape, hawthorn) to late May, summer flow (lime,
  // bramble, clover) late May to mid-July, a little ivy in September. Belgian beekeepers take a
  // spring crop at the end of May and their last crop early to mid-July (abijbee.be, "Mise en
  // hivernage" and "Miel d'été 2023"), then feed for winter.
  temperate: {
    id: 'temperate',
    latitude: 50.85,
    longitude: 4.35,
    timeZone: 'Europe/Brussels',
    climate: CLIMATES.temperate,
    season: { start: '04-01', end: '09-30' },
    waves: [
      { name: 'spring', peakDayOfYear: 128, widthDays: 11, peakKgPerDay: 3.2 },
      { name: 'summer', peakDayOfYear: 178, widthDays: 15, peakKgPerDay: 4.2 },
      { name: 'ivy', peakDayOfYear: 258, widthDays: 9, peakKgPerDay: 0.9 },
    ],
    yearShiftSdDays: 7,
    yearStrengthSdLog: 0.3,
    upkeepKgPerDay: 0.22,
    startStoresKg: { min: 6, max: 14 },
    beekeeping: {
      inspectionEveryDays: { mean: 9, sd: 3 },
      inspections: { from: 100, to: 240 },
      superAdded: { from: 115, to: 175 },
      harvests: [
        { from: 146, to: 160, probability: 0.5 },
        { from: 196, to: 212, probability: 0.95 },
      ],
      feeding: { from: 215, to: 258, probability: 0.7 },
      treatment: { from: 212, to: 225, probability: 0.8 },
      swarm: { from: 125, to: 180, probability: 0.15 },
    },
  },
  // Antananarivo, 1 280 m: the main flow runs from October into January with the rains (the task's
  // regional calendar), eucalyptus and niaouli among the main honeys (L'Express de Madagascar,
  // 2025-09); bees fly most days of the cool dry season, so the dearth is short.
  southern: {
    id: 'southern',
    latitude: -18.88,
    longitude: 47.51,
    timeZone: 'Indian/Antananarivo',
    climate: CLIMATES.tropicalHighland,
    season: { start: '09-01', end: '02-28' },
    waves: [
      { name: 'main', peakDayOfYear: 318, widthDays: 20, peakKgPerDay: 2.6 },
      { name: 'late', peakDayOfYear: 8, widthDays: 13, peakKgPerDay: 1.4 },
    ],
    yearShiftSdDays: 8,
    yearStrengthSdLog: 0.3,
    upkeepKgPerDay: 0.16,
    startStoresKg: { min: 3, max: 8 },
    beekeeping: {
      inspectionEveryDays: { mean: 12, sd: 4 },
      inspections: { from: 250, to: 55 },
      superAdded: { from: 280, to: 320 },
      harvests: [
        { from: 345, to: 365, probability: 0.9 },
        { from: 30, to: 50, probability: 0.4 },
      ],
      feeding: { from: 40, to: 58, probability: 0.2 },
      treatment: { from: 15, to: 30, probability: 0.6 },
      swarm: { from: 275, to: 340, probability: 0.12 },
    },
  },
}
