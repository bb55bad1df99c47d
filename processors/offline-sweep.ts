import type { AlertEvent } from '../platform/alerts/alert-event.js'
import type { AlertStore } from '../platform/stores/alert-store.js'
import type { LastSeenStore } from '../platform/stores/last-seen-store.js'
import type { RegistryStore } from '../platform/stores/registry-store.js'
import type { DetectorDevice, Finding } from './detectors/detector.js'

export interface OfflineSweepDeps {
  registry: Pick<RegistryStore, 'listDevices'>
  lastSeen: Pick<LastSeenStore, 'all'>
  alerts: Pick<AlertStore, 'apply' | 'list'>
  publish: (event: AlertEvent) => void
  /** Silence longer than this opens `device.offline`. */
  offlineAfterMs: number
  now?: () => number
}

const OFFLINE = 'device.offline'

/**
 * One pass over the registry: a device silent for longer than the window (by server receive time,
 * so store-and-forward backfill counts as a sign of life) gets an offline alert; a device with an
 * open offline alert that was heard from since is resolved. Devices never heard from are not
 * offline: they are not installed yet.
 */
export function createOfflineSweep(deps: OfflineSweepDeps) {
  const now = deps.now ?? Date.now

  return async function sweepOffline(): Promise<{ opened: number; resolved: number }> {
    const [devices, lastSeen, open] = await Promise.all([
      deps.registry.listDevices(),
      deps.lastSeen.all(),
      deps.alerts.list({ rule: OFFLINE, status: 'active', limit: 100_000 }),
    ])
    const openFor = new Set(open.map((a) => a.deviceId))
    const at = now()
    let opened = 0
    let resolved = 0
    for (const device of devices) {
      if (device.retiredAt) continue
      const seen = lastSeen.get(device.id)?.getTime()
      if (seen === undefined) continue
      const silentMs = at - seen
      const target: DetectorDevice = { id: device.id, partnerId: device.partnerId, siteId: device.siteId, kind: device.kind }
      let finding: Finding | null = null
      if (silentMs > deps.offlineAfterMs && !openFor.has(device.id)) {
        finding = {
          rule: OFFLINE,
          status: 'firing',
          severity: 'warning',
          atMs: at,
          summary: `No data for ${Math.round(silentMs / 60_000)} min (last heard ${new Date(seen).toISOString()})`,
          evidence: { lastSeen: new Date(seen).toISOString(), silentMinutes: Math.round(silentMs / 60_000) },
        }
      } else if (silentMs <= deps.offlineAfterMs && openFor.has(device.id)) {
        finding = {
          rule: OFFLINE,
          status: 'clear',
          severity: 'warning',
          atMs: seen,
          summary: `Back online: data received at ${new Date(seen).toISOString()}`,
          evidence: { lastSeen: new Date(seen).toISOString() },
        }
      }
      if (!finding) continue
      const event = await deps.alerts.apply(target, finding)
      if (!event) continue
      if (event.type === 'opened') opened++
      else resolved++
      deps.publish(event)
    }
    return { opened, resolved }
  }
}
