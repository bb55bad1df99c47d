import type { GroveReading } from '../firmware-contracts/index.js'
import { clamp, roundTo } from './numbers.js'
import { createSeededRandom } from './seeded-random.js'
import { createSimClock } from './sim-clock.js'
import { createSoilModel } from './soil-model.js'
import { CLIMATES, createWeather, seasonAt, type Climate, type WeatherNow } from './weather.js'

export interface GroveModelOptions {
  seed: number
  /** Defaults to Jaén, Andalusia; negative latitudes get southern seasons. */
  latitude?: number
  longitude?: number
  climate?: Climate
}

/** A simulated station has a clock, so its readings always carry `ts` as an ISO string. */
export type SimulatedGroveReading = GroveReading & { ts: string }

export interface GroveModel {
  /** The reading at `time`; calls must not go back in time. */
  readingAt(time: Date, seq: number): SimulatedGroveReading
}

/** FAO-56 table 12: olive trees (40–60 % ground cover), mid-season. */
const OLIVE_CROP_COEFFICIENT = 0.65
/** Tipping-bucket rain gauges count in 0.2 mm steps. */
const RAIN_TIP_MM = 0.2
/** Annual temperature wave damping depth, sqrt(2D/ω_year) for D = 5 × 10⁻⁷ m²/s. */
const ANNUAL_DAMPING_DEPTH_CM = 224
const DAY_MS = 86_400_000

/** Priestley–Taylor (1972) reference evapotranspiration, mm/h, with net radiation ≈ 0.6 × global. */
function referenceEtMmPerH(w: WeatherNow): number {
  const es = 0.6108 * Math.exp((17.27 * w.airTempC) / (w.airTempC + 237.3))
  const slope = (4098 * es) / (w.airTempC + 237.3) ** 2
  const psychrometric = 0.066
  return Math.max(0, (1.26 * slope * 0.6 * w.solarWm2 * 3600) / ((slope + psychrometric) * 2.45e6))
}

export function createGroveModel(options: GroveModelOptions): GroveModel {
  const latitude = options.latitude ?? 37.78
  const longitude = options.longitude ?? -3.79
  const climate = options.climate ?? CLIMATES.mediterranean
  // Separate streams: how often the device is read must not change its weather.
  const weather = createWeather({ random: createSeededRandom(options.seed, 1), latitude, longitude, climate })
  const clock = createSimClock()
  const noise = createSeededRandom(options.seed, 2)

  // The annual wave reaches depth z damped by e^(−z/d) and late by z/d radians of the year.
  const seasonalSoilTempC = (at: Date, depthCm: number) => {
    const lagMs = (depthCm / ANNUAL_DAMPING_DEPTH_CM / (2 * Math.PI)) * 365 * DAY_MS
    const damping = Math.exp(-depthCm / ANNUAL_DAMPING_DEPTH_CM)
    return weather.meanTempC + weather.seasonalAmplitudeC * damping * seasonAt(new Date(at.getTime() - lagMs), latitude)
  }

  let soil: ReturnType<typeof createSoilModel> | undefined
  let leafWetPct = 0
  let countedTips = 0

  const step = (at: Date, dtH: number) => {
    const before = weather.current.rainTotalMm
    weather.step(at, dtH)
    const w = weather.current
    soil?.step({
      dtHours: dtH,
      // Sunlit ground runs several degrees above the air under a sparse olive canopy.
      surfaceTempC: w.airTempC + 0.008 * w.solarWm2,
      deepTempC: seasonalSoilTempC(at, 100),
      rainMm: w.rainTotalMm - before,
      cropEtMm: OLIVE_CROP_COEFFICIENT * referenceEtMmPerH(w) * dtH,
    })
    if (w.raining) {
      leafWetPct = 100
    } else if (w.humidityPct >= 90 && w.solarWm2 < 100) {
      // Leaves cool by radiation 1–2 °C below the air at night, so dew forms once air RH passes ~90 %.
      leafWetPct = Math.min(100, leafWetPct + ((30 * (w.humidityPct - 88)) / 12) * dtH)
    } else {
      // Evaporation scales with sunshine, the air's vapour deficit and wind: leaves stay wet for hours
      // on a humid night, and dew is gone an hour or so after sunrise.
      const dryingPerH = ((0.1 + w.solarWm2 / 150) * (100 - w.humidityPct)) / 40 + 0.05 * w.windSpeedMs
      leafWetPct *= Math.exp(-dryingPerH * dtH)
    }
  }

  return {
    readingAt(time, seq) {
      if (!soil) {
        weather.step(time, 0)
        const availableWater = 0.2 + 0.7 * weather.current.wetness
        soil = createSoilModel({ tempC: (depth) => seasonalSoilTempC(time, depth), availableWater })
      }
      clock.advance(time, step)
      const w = weather.current
      const tips = Math.floor(w.rainTotalMm / RAIN_TIP_MM)
      const rainMm = (tips - countedTips) * RAIN_TIP_MM
      countedTips = tips

      return {
        ts: time.toISOString(),
        seq,
        air_temp_c: roundTo(w.airTempC + noise.normal(0, 0.1), 2),
        air_humidity_pct: roundTo(clamp(w.humidityPct + noise.normal(0, 0.5), 0, 100), 1),
        leaf_wetness_pct: roundTo(clamp(leafWetPct + noise.normal(0, 0.5), 0, 100), 1),
        soil: soil.layers().map((layer) => ({
          depth_cm: layer.depth_cm,
          moisture_vwc_pct: roundTo(clamp(layer.moisture_vwc_pct + noise.normal(0, 0.2), 0, 100), 1),
          temp_c: roundTo(layer.temp_c + noise.normal(0, 0.05), 2),
        })),
        rain_mm: roundTo(rainMm, 1),
        solar_w_m2: roundTo(w.solarWm2, 0),
        wind_speed_m_s: roundTo(w.windSpeedMs, 1),
        wind_dir_deg: roundTo(w.windDirDeg, 0) % 360,
        // A solar-charged station: the cell tops up by day and sags a little overnight.
        battery_v: roundTo(3.95 + 0.15 * Math.min(1, w.solarWm2 / 400) + noise.normal(0, 0.005), 3),
      }
    },
  }
}
