import { createSeededRandom, type SeededRandom } from '../seeded-random.js'

export interface ScenarioSetOptions {
  seed: number
  hives: number
  groves: number
  /** Length of every group's series. */
  days: number
  hiveIntervalMin?: number
  groveIntervalMin?: number
  /** Each season group starts on its own date (scenario-seasons.ts) in this year. */
  year?: number
  /** Colony anomalies, sensor faults and irrigation outages per non-quiet device and 30 days. */
  anomaliesPerDeviceMonth?: number
  /** Beekeeper visits per hive and 30 days, where the season has them. */
  manipulationsPerHiveMonth?: number
  /** Injected episodes of each of the season's weather conditions per grove site and 30 days. */
  weatherEpisodesPerSiteMonth?: number
  /** Share of devices in each group dealt no anomaly at all. */
  quietDeviceShare?: number
}

export type ScenarioSettings = Required<ScenarioSetOptions>

/** Checks the options once and fills in defaults; a wrong value fails with its name. */
export function settleOptions(options: ScenarioSetOptions): ScenarioSettings {
  const settings: ScenarioSettings = {
    hiveIntervalMin: 5,
    groveIntervalMin: 15,
    year: 2024,
    anomaliesPerDeviceMonth: 1.5,
    manipulationsPerHiveMonth: 3,
    weatherEpisodesPerSiteMonth: 1,
    quietDeviceShare: 0.25,
    ...options,
  }
  for (const [name, value] of Object.entries(settings)) {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`scenario set: ${name} must be a finite number ≥ 0, got ${value}`)
  }
  for (const name of ['seed', 'hives', 'groves', 'year'] as const) {
    if (!Number.isInteger(settings[name])) throw new RangeError(`scenario set: ${name} must be an integer, got ${settings[name]}`)
  }
  for (const name of ['days', 'hiveIntervalMin', 'groveIntervalMin'] as const) {
    if (settings[name] <= 0) throw new RangeError(`scenario set: ${name} must be > 0, got ${settings[name]}`)
  }
  if (settings.quietDeviceShare > 1) throw new RangeError(`scenario set: quietDeviceShare must be ≤ 1, got ${settings.quietDeviceShare}`)
  return settings
}

/**
 * Independent random streams from the one seed, one per purpose and device (or site, or group):
 * turning events off, or adding devices, leaves every other stream as it was.
 */
export const STREAM = {
  profile: 1,
  sensorNoise: 2,
  irrigationNoise: 3,
  events: 4,
  siteModel: 5,
  siteWeather: 6,
  deal: 7,
  lightHives: 8,
} as const

export function randomFor(settings: ScenarioSettings, purpose: (typeof STREAM)[keyof typeof STREAM], index: number): SeededRandom {
  return createSeededRandom(settings.seed, purpose * 100_003 + index)
}
