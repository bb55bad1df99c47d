import type { HiveReading } from '../firmware-contracts/index.js'
import { clamp, roundTo } from './numbers.js'
import { createSeededRandom } from './seeded-random.js'
import { ouStep } from './ou-process.js'
import { createSimClock } from './sim-clock.js'
import { dayOfYear, daylight, solarHour } from './sun.js'
import { CLIMATES, createWeather, type Climate, type WeatherNow } from './weather.js'

export interface HiveModelOptions {
  seed: number
  /** Defaults to Brussels; negative latitudes get southern seasons. */
  latitude?: number
  longitude?: number
  climate?: Climate
  /** Hive, frames, bees and stores on the scale. */
  startWeightKg?: number
  /** Honey and nectar in the hive at the start; night consumption cannot eat more than this. */
  startStoresKg?: number
  /** Nectar gained on a warm dry day at the height of the flow. */
  peakFlowKgPerDay?: number
  /** Day of year the nectar flow peaks; defaults to early June, shifted half a year in the south. */
  flowPeakDayOfYear?: number
  /** Days for the battery to run from 4.1 V down to 3.5 V. */
  batteryLifeDays?: number
}

/** A simulated scale has a clock, so its readings always carry `ts` as an ISO string. */
export type SimulatedHiveReading = HiveReading & { ts: string }

export interface HiveModel {
  /** The reading at `time`; calls must not go back in time. */
  readingAt(time: Date, seq: number): SimulatedHiveReading
}

const BROOD_SETPOINT_C = { lo: 34.3, hi: 34.9 }
/** Foragers rarely fly below ~12 °C and are fully out from ~20 °C (Abou-Shaara 2014, review). */
const FLIGHT_TEMP_C = { lo: 12, hi: 20 }
/** Internal sensor above the frames: how far from ambient towards the brood nest it sits. */
const INTERNAL_COUPLING = 0.55

export function createHiveModel(options: HiveModelOptions): HiveModel {
  const latitude = options.latitude ?? 50.85
  const longitude = options.longitude ?? 4.35
  const peakFlowKgPerDay = options.peakFlowKgPerDay ?? 2
  const flowPeakDay = options.flowPeakDayOfYear ?? (latitude < 0 ? 335 : 152)
  const batteryLifeDays = options.batteryLifeDays ?? 180
  const startStoresKg = options.startStoresKg ?? 12
  const emptyHiveKg = (options.startWeightKg ?? 45) - startStoresKg

  const climate = options.climate ?? CLIMATES.temperate
  // Separate streams: how often the device is read must not change its weather or its colony.
  const weather = createWeather({ random: createSeededRandom(options.seed, 1), latitude, longitude, climate })
  const forage = createSeededRandom(options.seed, 3)
  const noise = createSeededRandom(options.seed, 2)
  const clock = createSimClock()
  const broodSetpointC = BROOD_SETPOINT_C.lo + (BROOD_SETPOINT_C.hi - BROOD_SETPOINT_C.lo) * noise.uniform()
  const standTiltDeg = 0.2 + 1.3 * noise.uniform()

  let startMs: number | undefined
  let storesKg = startStoresKg
  let internalTempC = 0
  let internalHumidityPct = 60
  // Nectar supply comes and goes over days (bloom waves, dearth gaps) on top of the season.
  let nectarLatent = 0

  // Bell over the year: cubed cosine gives roughly three months of flow around the peak.
  const flowSeason = (at: Date) => Math.max(0, Math.cos((2 * Math.PI * (dayOfYear(at) - flowPeakDay)) / 365)) ** 3
  const flightFactor = (w: WeatherNow) =>
    w.raining ? 0 : clamp((w.airTempC - FLIGHT_TEMP_C.lo) / (FLIGHT_TEMP_C.hi - FLIGHT_TEMP_C.lo), 0, 1)
  // Position within daylight: 0 at sunrise, 1 at solar noon, 0 again from sunset to sunrise.
  const dayPhase = (at: Date) => {
    const { sunrise, sunset } = daylight(at, latitude)
    const hour = solarHour(at, longitude)
    const daytime = hour >= sunrise && hour < sunset
    return { dayH: sunset - sunrise, daytime, phase: daytime ? Math.sin((Math.PI * (hour - sunrise)) / (sunset - sunrise)) : 0 }
  }
  // Brood rearing colonies hold the nest at 34–35 °C within a few tenths (Kronenberg & Heller 1982);
  // broodless winter clusters run cooler, which this healthy-summer model does not simulate.
  const broodTempC = (at: Date) =>
    broodSetpointC + 0.15 * Math.sin((2 * Math.PI * (solarHour(at, longitude) - 9)) / 24)

  const step = (at: Date, dtH: number) => {
    weather.step(at, dtH)
    const w = weather.current
    const { dayH, daytime, phase } = dayPhase(at)
    const season = flowSeason(at)
    nectarLatent = ouStep(forage, nectarLatent, 0, 1, 72, dtH)
    const nectarSupply = clamp(1 + 0.5 * nectarLatent, 0, 1.6)
    if (daytime) {
      // Half a sine over daylight integrating to the day's flow: intake follows forager traffic.
      const dailyKg = peakFlowKgPerDay * season * nectarSupply * flightFactor(w) * (1 - 0.5 * w.cloudCover)
      storesKg += dailyKg * ((Math.PI / (2 * dayH)) * phase) * dtH
    } else {
      // Respiration plus evaporation while nectar is ripened: 0.1–0.3 kg a night, more during a flow.
      const nightLossKg = 0.1 + 0.2 * season
      storesKg = Math.max(0, storesKg - (nightLossKg / (24 - dayH)) * dtH)
    }
    const relax = (x: number, target: number, tauH: number) => target + (x - target) * Math.exp(-dtH / tauH)
    // The hive body has thermal mass: the internal sensor follows its target with about an hour's lag.
    internalTempC = relax(internalTempC, w.airTempC + INTERNAL_COUPLING * (broodTempC(at) - w.airTempC), 1)
    // Bees regulate nest humidity to roughly 50–70 %RH; ripening nectar pushes it up.
    const humidityTarget = 56 + 8 * season * flightFactor(w) + 0.1 * (w.humidityPct - 60)
    internalHumidityPct = relax(internalHumidityPct, humidityTarget, 2)
  }

  return {
    readingAt(time, seq) {
      if (startMs === undefined) {
        startMs = time.getTime()
        weather.step(time, 0)
        const w = weather.current
        internalTempC = w.airTempC + INTERNAL_COUPLING * (broodTempC(time) - w.airTempC)
      }
      clock.advance(time, step)
      const w = weather.current
      const { phase } = dayPhase(time)
      // Foragers out of the hive weigh up to ~1 kg in a strong colony; they leave fast after sunrise,
      // which shows as the morning dip before nectar intake catches up.
      const foragerMassKg = 0.3 + 0.7 * flowSeason(time)
      const foragersOutKg = foragerMassKg * Math.sqrt(phase) * flightFactor(w)
      const elapsedDays = (time.getTime() - startMs) / 86_400_000

      return {
        ts: time.toISOString(),
        seq,
        weight_kg: roundTo(emptyHiveKg + storesKg - foragersOutKg + noise.normal(0, 0.01), 3),
        temp_internal_c: roundTo(internalTempC + noise.normal(0, 0.05), 2),
        humidity_internal_pct: roundTo(clamp(internalHumidityPct + noise.normal(0, 0.5), 50, 70), 1),
        temp_brood_c: roundTo(broodTempC(time) + noise.normal(0, 0.08), 2),
        temp_ambient_c: roundTo(w.airTempC + noise.normal(0, 0.1), 2),
        humidity_ambient_pct: roundTo(clamp(w.humidityPct + noise.normal(0, 0.5), 0, 100), 1),
        battery_v: roundTo(Math.max(3.5, 4.1 - (0.6 * elapsedDays) / batteryLifeDays + noise.normal(0, 0.002)), 3),
        tilt_deg: roundTo(clamp(standTiltDeg + noise.normal(0, 0.05), 0, 2), 2),
      }
    },
  }
}
