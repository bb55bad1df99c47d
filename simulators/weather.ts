import { ouStep } from './ou-process.js'
import type { SeededRandom } from './seeded-random.js'
import { dayOfYear, daylight, solarHour, sunElevationSine } from './sun.js'

/** What a site's weather is like; temperatures default from latitude when left out. */
export interface Climate {
  meanTempC?: number
  /** Half the gap between the warmest and coldest month. */
  seasonalAmplitudeC?: number
  /** Daily max − min on a clear day. */
  diurnalRangeC?: number
  wetSeason: 'winter' | 'summer'
  /** Rain events a day at the height of the wet and of the dry season. */
  rainEventsPerDay: { wet: number; dry: number }
  /** How far the dew point sits below the night's low: near 0 in humid air (dew), large in dry air. */
  dewDepressionC: { wet: number; dry: number }
}

export const CLIMATES = {
  temperate: { wetSeason: 'winter', rainEventsPerDay: { wet: 0.5, dry: 0.35 }, dewDepressionC: { wet: 1, dry: 3 } },
  // Inland Andalusia (Jaén): hot dry summers, mild wet winters, wide daily swings.
  mediterranean: {
    meanTempC: 17.5,
    seasonalAmplitudeC: 9.5,
    diurnalRangeC: 13,
    wetSeason: 'winter',
    rainEventsPerDay: { wet: 0.3, dry: 0.02 },
    dewDepressionC: { wet: 1, dry: 9 },
  },
  // Antananarivo, 1 280 m: rainy warm season November–March, dry cool season.
  tropicalHighland: {
    meanTempC: 18.5,
    seasonalAmplitudeC: 3,
    diurnalRangeC: 11,
    wetSeason: 'summer',
    rainEventsPerDay: { wet: 0.8, dry: 0.05 },
    dewDepressionC: { wet: 1, dry: 6 },
  },
} as const satisfies Record<string, Climate>

export interface WeatherNow {
  airTempC: number
  humidityPct: number
  /** 0 clear … 1 overcast. */
  cloudCover: number
  solarWm2: number
  raining: boolean
  /** Rain since the model started; callers difference it. */
  rainTotalMm: number
  windSpeedMs: number
  windDirDeg: number
  /** 0 at the height of the dry season … 1 at the height of the wet season. */
  wetness: number
}

export interface Weather {
  /** Integrates `dtHours` up to `at` and updates `current`; dtHours 0 just samples. */
  step(at: Date, dtHours: number): void
  readonly current: WeatherNow
  readonly meanTempC: number
  readonly seasonalAmplitudeC: number
}

export interface WeatherOptions {
  random: SeededRandom
  latitude: number
  longitude: number
  climate: Climate
}

const MEAN_WIND_MS = 2.5
/** Days past the June solstice when temperatures peak (thermal lag of land and sea). */
const WARMEST_DAY_NORTH = 200
/** Hour of the daily maximum, a common choice in diurnal models (e.g. Parton & Logan 1981). */
const PEAK_HOUR = 15

/** Seasonal position: southern sites get the opposite season on the same date. */
export function seasonAt(time: Date, latitude: number): number {
  const north = Math.cos((2 * Math.PI * (dayOfYear(time) - WARMEST_DAY_NORTH)) / 365)
  return latitude < 0 ? -north : north
}

/** 0 at sunrise (the day's low) rising to 1 at 15:00 solar, then falling through the night. */
function diurnalFraction(hour: number, sunrise: number): number {
  if (hour >= sunrise && hour < PEAK_HOUR) return (1 - Math.cos((Math.PI * (hour - sunrise)) / (PEAK_HOUR - sunrise))) / 2
  const sincePeak = (hour - PEAK_HOUR + 24) % 24
  return (1 + Math.cos((Math.PI * sincePeak) / (sunrise + 24 - PEAK_HOUR))) / 2
}

/** Saturation vapour pressure ratio via the Magnus formula (Alduchov & Eskridge 1996 constants). */
function magnus(tempC: number): number {
  return Math.exp((17.625 * tempC) / (243.04 + tempC))
}

export function createWeather({ random, latitude, longitude, climate }: WeatherOptions): Weather {
  const meanC = climate.meanTempC ?? 27 - 0.45 * Math.max(0, Math.abs(latitude) - 15)
  const seasonalAmpC = climate.seasonalAmplitudeC ?? Math.max(1, 0.15 * Math.abs(latitude))
  const clearRangeC = climate.diurnalRangeC ?? 10
  const prevailingDirDeg = random.uniform() * 360

  const ou = (x: number, mean: number, sd: number, tauH: number, dtH: number) => ouStep(random, x, mean, sd, tauH, dtH)
  const relax = (x: number, target: number, tauH: number, dtH: number) => target + (x - target) * Math.exp(-dtH / tauH)

  let tempAnomalyC = random.normal(0, 2.5)
  let cloudLatent = random.normal()
  // Set to the season's typical values on the first step.
  let cloudCover = 0
  let dewDepressionC = 0
  let airDewDepressionC = 0
  let logWind = Math.log(MEAN_WIND_MS)
  let windDirOffsetDeg = 0
  let rainLeftH = 0
  let rainRateMmH = 0
  let rainTotalMm = 0
  let current: WeatherNow | undefined

  return {
    meanTempC: meanC,
    seasonalAmplitudeC: seasonalAmpC,
    get current() {
      if (!current) throw new Error('weather: step() before reading current')
      return current
    },
    step(at, dtH) {
      const season = seasonAt(at, latitude)
      const wetness = climate.wetSeason === 'winter' ? (1 - season) / 2 : (1 + season) / 2
      const lerp = (range: { wet: number; dry: number }) => range.dry + (range.wet - range.dry) * wetness
      const depressionMean = lerp(climate.dewDepressionC)
      if (!current) dewDepressionC = airDewDepressionC = depressionMean

      tempAnomalyC = ou(tempAnomalyC, 0, 2.5, 72, dtH)
      cloudLatent = ou(cloudLatent, 0, 1, 24, dtH)
      const cloudTarget = 1 / (1 + Math.exp(-(1.6 * cloudLatent + 1.2 * (wetness - 0.5) - 0.3)))
      if (!current) cloudCover = cloudTarget
      dewDepressionC = ou(dewDepressionC, depressionMean, 0.4 * depressionMean, 48, dtH)
      logWind = ou(logWind, Math.log(MEAN_WIND_MS), 0.5, 12, dtH)
      windDirOffsetDeg = ou(windDirOffsetDeg, 0, 60, 12, dtH)

      if (rainLeftH > 0) {
        rainTotalMm += rainRateMmH * Math.min(dtH, rainLeftH)
        rainLeftH -= dtH
      } else if (random.chance((lerp(climate.rainEventsPerDay) * 2 * cloudTarget * dtH) / 24)) {
        // Exponential durations and intensities: the usual first model of rain events (e.g. Eagleson 1978).
        rainLeftH = -3 * Math.log(1 - random.uniform())
        rainRateMmH = -1.5 * Math.log(1 - random.uniform())
      }
      const raining = rainLeftH > 0
      // Air takes about an hour to follow the sky: no jump in temperature or humidity when rain starts.
      cloudCover = relax(cloudCover, raining ? Math.max(0.95, cloudTarget) : cloudTarget, 1, dtH)
      airDewDepressionC = relax(airDewDepressionC, raining ? 0.3 : Math.max(0.1, dewDepressionC), 1, dtH)

      const { sunrise } = daylight(at, latitude)
      const rangeC = clearRangeC * (0.8 + 0.2 * season) * (1 - 0.6 * cloudCover)
      const dailyLowC = meanC + seasonalAmpC * season + tempAnomalyC - rangeC / 2
      const airTempC = dailyLowC + rangeC * diurnalFraction(solarHour(at, longitude), sunrise)
      const dewPointC = Math.min(airTempC, dailyLowC - airDewDepressionC)

      const sunSine = sunElevationSine(at, latitude, longitude)
      // Clear sky after Meinel & Meinel (1976) plus ~10 % diffuse; cloud attenuation after
      // Kasten & Czeplak (1980); broken cloud adds flicker.
      const clearSky = sunSine > 0 ? 1.1 * 1361 * sunSine * 0.7 ** ((1 / sunSine) ** 0.678) : 0
      const flicker = Math.max(0, random.normal(1, 0.1 * cloudCover))
      const solarWm2 = clearSky * (1 - 0.75 * cloudCover ** 3.4) * flicker

      const windSpeedMs = Math.exp(logWind) * (0.6 + 0.8 * Math.max(0, sunSine)) * (raining ? 1.4 : 1)
      current = {
        airTempC,
        humidityPct: Math.min(100, (100 * magnus(dewPointC)) / magnus(airTempC)),
        cloudCover,
        solarWm2,
        raining,
        rainTotalMm,
        windSpeedMs,
        windDirDeg: (((prevailingDirDeg + windDirOffsetDeg) % 360) + 360) % 360,
        wetness,
      }
    },
  }
}
