import type { DeviceKind } from '../../firmware-contracts/index.js'
import { createGroveModel } from '../grove-model.js'
import { createHiveModel } from '../hive-model.js'
import type { SeededRandom } from '../seeded-random.js'
import { forRange, valueAt, writeField, type DeviceSeries } from './device-series.js'
import { drawIrrigationPlan, type IrrigationPlan } from './drip-irrigation.js'
import { between } from './event-recipe.js'
import type { HiveSetup, ScenarioPlace } from './scenario-seasons.js'

/**
 * The event-free series a scenario starts from. Devices of a site run the model with the site's
 * seed, so they share its weather and its bloom, as neighbours do; what differs is the colony
 * (size, stores, strength) and each sensor's calibration and noise, added here.
 */

/** hive-model.ts INTERNAL_COUPLING: how far the upper sensor sits from ambient towards the brood. */
const MODEL_INTERNAL_COUPLING = 0.55

export interface HiveProfile {
  kind: 'hive'
  emptyHiveKg: number
  startStoresKg: number
  peakFlowKgPerDay: number
  batteryLifeDays: number
  /** Went into winter with too little honey. */
  light: boolean
  ambientOffsetC: number
  ambientHumidityOffsetPct: number
  /** A stronger colony warms the upper hive more. */
  internalCoupling: number
  broodOffsetC: number
  internalHumidityOffsetPct: number
  tiltOffsetDeg: number
}

export interface GroveProfile {
  kind: 'grove'
  airOffsetC: number
  humidityOffsetPct: number
  leafWetnessScale: number
  solarScale: number
  windScale: number
  irrigation: IrrigationPlan
}

/** `light`: the hive went into winter short of honey (see HiveSetup.light). */
export function drawHiveProfile(random: SeededRandom, setup: HiveSetup, light: boolean): HiveProfile {
  const stores = light && setup.light ? setup.light.storesKg : setup.storesKg
  return {
    kind: 'hive',
    emptyHiveKg: between(random, setup.emptyKg.lo, setup.emptyKg.hi),
    startStoresKg: between(random, stores.lo, stores.hi),
    peakFlowKgPerDay: between(random, setup.peakFlowKgPerDay.lo, setup.peakFlowKgPerDay.hi),
    batteryLifeDays: between(random, 150, 400),
    light,
    ambientOffsetC: between(random, -0.3, 0.3),
    ambientHumidityOffsetPct: between(random, -2, 2),
    internalCoupling: between(random, 0.45, 0.65),
    broodOffsetC: between(random, -0.3, 0.3),
    internalHumidityOffsetPct: between(random, -3, 3),
    tiltOffsetDeg: between(random, -0.3, 0.8),
  }
}

export type DeviceProfile = HiveProfile | GroveProfile

export function drawGroveProfile(random: SeededRandom): GroveProfile {
  return {
    kind: 'grove',
    airOffsetC: between(random, -0.3, 0.3),
    humidityOffsetPct: between(random, -2, 2),
    leafWetnessScale: between(random, 0.85, 1.1),
    solarScale: between(random, 0.95, 1.05),
    windScale: between(random, 0.9, 1.1),
    irrigation: drawIrrigationPlan(random),
  }
}

function emptySeries(deviceId: string, kind: DeviceKind, place: ScenarioPlace, timesMs: number[]): DeviceSeries {
  return {
    deviceId,
    kind,
    latitude: place.latitude,
    longitude: place.longitude,
    timesMs,
    intervalMs: timesMs[1]! - timesMs[0]!,
    readings: [],
    lost: timesMs.map(() => false),
    injected: [],
  }
}

export function cleanHiveSeries(
  deviceId: string,
  place: ScenarioPlace,
  modelSeed: number,
  profile: HiveProfile,
  timesMs: number[],
  noise: SeededRandom,
): DeviceSeries {
  const model = createHiveModel({
    seed: modelSeed,
    latitude: place.latitude,
    longitude: place.longitude,
    climate: place.climate,
    startWeightKg: profile.emptyHiveKg + profile.startStoresKg,
    startStoresKg: profile.startStoresKg,
    peakFlowKgPerDay: profile.peakFlowKgPerDay,
    batteryLifeDays: profile.batteryLifeDays,
  })
  const s = emptySeries(deviceId, 'hive', place, timesMs)
  s.readings = timesMs.map((t, i) => model.readingAt(new Date(t), i))
  const coupling = profile.internalCoupling / MODEL_INTERNAL_COUPLING
  forRange(s, 0, timesMs.length, (j) => {
    const ambientC = valueAt(s, j, 'temp_ambient_c')
    writeField(s, j, 'temp_internal_c', ambientC + coupling * (valueAt(s, j, 'temp_internal_c') - ambientC) + noise.normal(0, 0.04))
    writeField(s, j, 'temp_ambient_c', ambientC + profile.ambientOffsetC + noise.normal(0, 0.08))
    writeField(s, j, 'humidity_ambient_pct', valueAt(s, j, 'humidity_ambient_pct') + profile.ambientHumidityOffsetPct + noise.normal(0, 0.4))
    writeField(s, j, 'temp_brood_c', valueAt(s, j, 'temp_brood_c') + profile.broodOffsetC + noise.normal(0, 0.05))
    writeField(s, j, 'humidity_internal_pct', valueAt(s, j, 'humidity_internal_pct') + profile.internalHumidityOffsetPct)
    writeField(s, j, 'tilt_deg', Math.max(0, valueAt(s, j, 'tilt_deg') + profile.tiltOffsetDeg))
    writeField(s, j, 'weight_kg', valueAt(s, j, 'weight_kg') + noise.normal(0, 0.008))
  })
  return s
}

export function cleanGroveSeries(
  deviceId: string,
  place: ScenarioPlace,
  modelSeed: number,
  profile: GroveProfile,
  timesMs: number[],
  noise: SeededRandom,
): DeviceSeries {
  const model = createGroveModel({ seed: modelSeed, latitude: place.latitude, longitude: place.longitude, climate: place.climate })
  const s = emptySeries(deviceId, 'grove', place, timesMs)
  s.readings = timesMs.map((t, i) => model.readingAt(new Date(t), i))
  forRange(s, 0, timesMs.length, (j) => {
    writeField(s, j, 'air_temp_c', valueAt(s, j, 'air_temp_c') + profile.airOffsetC + noise.normal(0, 0.08))
    writeField(s, j, 'air_humidity_pct', valueAt(s, j, 'air_humidity_pct') + profile.humidityOffsetPct + noise.normal(0, 0.4))
    writeField(s, j, 'leaf_wetness_pct', valueAt(s, j, 'leaf_wetness_pct') * profile.leafWetnessScale)
    writeField(s, j, 'solar_w_m2', valueAt(s, j, 'solar_w_m2') * profile.solarScale)
    writeField(s, j, 'wind_speed_m_s', valueAt(s, j, 'wind_speed_m_s') * profile.windScale)
  })
  return s
}
