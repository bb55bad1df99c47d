import type { RegistryStore } from '../../platform/stores/registry-store.js'
import type { Detector } from './detector.js'
import { deviceDetectors } from './device/index.js'
import { groveDetectors } from './grove/index.js'
import { hiveDetectors } from './hive/index.js'

export * from './detector.js'

/** Where a site is, as the detectors need it: local days and hours, and which seasons. */
export interface DetectorSite {
  timeZone: string
  latitude: number | null
}

/** Every detector the processors run, with their documented defaults, set for one site. */
export function allDetectors(site: DetectorSite): Detector<unknown>[] {
  const hemisphere = site.latitude !== null && site.latitude < 0 ? 'south' : 'north'
  return [
    ...hiveDetectors({ siteTimeZone: () => site.timeZone }),
    ...groveDetectors({ timeZone: site.timeZone, hemisphere }),
    ...deviceDetectors(),
  ] as Detector<unknown>[]
}

/**
 * The detectors of each site (DESIGN invariant 5: a day is the site's local day), built once per
 * site and kept for `ttlMs`, so a site's time zone change reaches them without a restart.
 */
export function createSiteDetectors(options: { registry: Pick<RegistryStore, 'getSite'>; ttlMs: number }) {
  const cache = new Map<string, { detectors: Detector<unknown>[]; expiresAt: number }>()
  return async function detectorsFor(siteId: string): Promise<readonly Detector<unknown>[]> {
    const cached = cache.get(siteId)
    if (cached && cached.expiresAt > Date.now()) return cached.detectors
    const site = await options.registry.getSite(siteId)
    const detectors = allDetectors({ timeZone: site?.timezone ?? 'UTC', latitude: site?.latitude ?? null })
    cache.set(siteId, { detectors, expiresAt: Date.now() + options.ttlMs })
    return detectors
  }
}
