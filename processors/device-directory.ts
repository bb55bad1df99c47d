import type { Device, RegistryStore } from '../platform/stores/registry-store.js'

export interface DeviceDirectoryOptions {
  registry: Pick<RegistryStore, 'getDevices'>
  ttlMs: number
}

/**
 * Devices by id for the workers, cached so a job of a thousand messages costs at most one query.
 * Unknown ids are cached too (as absent), so a misbehaving sender cannot turn into a query storm.
 */
export function createDeviceDirectory(options: DeviceDirectoryOptions) {
  const cache = new Map<string, { device: Device | undefined; expiresAt: number }>()

  return {
    async lookup(ids: Iterable<string>): Promise<Map<string, Device | undefined>> {
      const now = Date.now()
      const found = new Map<string, Device | undefined>()
      const missing: string[] = []
      for (const id of new Set(ids)) {
        const entry = cache.get(id)
        if (entry && entry.expiresAt > now) found.set(id, entry.device)
        else missing.push(id)
      }
      if (missing.length > 0) {
        const devices = new Map((await options.registry.getDevices(missing)).map((d) => [d.id, d]))
        for (const id of missing) {
          const device = devices.get(id)
          cache.set(id, { device, expiresAt: now + options.ttlMs })
          found.set(id, device)
        }
      }
      return found
    },
  }
}

export type DeviceDirectory = ReturnType<typeof createDeviceDirectory>
