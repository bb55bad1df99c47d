import type pg from 'pg'
import type { DeviceKind } from '../../firmware-contracts/index.js'
import { hashSecret, newSecret } from '../../platform/secrets.js'
import { createRegistryStore } from '../../platform/stores/registry-store.js'
import { uniqueId } from './test-config.js'

export interface ProvisionedDevice {
  partnerId: string
  siteId: string
  deviceId: string
  secret: string
  kind: DeviceKind
}

/** A partner with one site per device kind and `counts` devices of each kind, straight into the registry. */
export async function provisionPartner(pool: pg.Pool, counts: Partial<Record<DeviceKind, number>>): Promise<ProvisionedDevice[]> {
  const registry = createRegistryStore(pool)
  const partnerId = uniqueId('partner')
  await registry.createPartner({ id: partnerId, name: `Partner ${partnerId}` })
  const devices: ProvisionedDevice[] = []
  for (const [kind, count] of Object.entries(counts) as [DeviceKind, number][]) {
    const siteId = uniqueId(kind === 'hive' ? 'apiary' : 'grove')
    await registry.createSite({
      id: siteId,
      partnerId,
      name: siteId,
      kind: kind === 'hive' ? 'apiary' : 'grove',
      timezone: 'Europe/Brussels',
      latitude: null,
      longitude: null,
    })
    for (let i = 0; i < count; i++) {
      const secret = newSecret()
      const deviceId = uniqueId(kind)
      await registry.createDevice({ id: deviceId, partnerId, siteId, kind, name: null, hardware: null, secretHash: await hashSecret(secret) })
      devices.push({ partnerId, siteId, deviceId, secret, kind })
    }
  }
  return devices
}
