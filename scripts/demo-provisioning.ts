import type { DeviceKind } from '../firmware-contracts/index.js'
import type { FleetDevice } from '../simulators/index.js'

/** The demo's partners: real Make the CHANGE beekeeping partners and one olive grower (fictional). */
const demoSites = [
  { partner: { id: 'habeebee', name: 'HABEEBEE', country: 'BE' }, site: { id: 'habeebee-brussels', name: 'Rucher de Bruxelles', kind: 'apiary', timezone: 'Europe/Brussels', latitude: 50.85, longitude: 4.35 } },
  { partner: { id: 'ilanga-nature', name: 'ILANGA NATURE', country: 'MG' }, site: { id: 'ilanga-analamanga', name: 'Analamanga', kind: 'apiary', timezone: 'Indian/Antananarivo', latitude: -18.9, longitude: 47.52 } },
  { partner: { id: 'promiel', name: 'PROMIEL', country: 'LU' }, site: { id: 'promiel-mullerthal', name: 'Mullerthal', kind: 'apiary', timezone: 'Europe/Luxembourg', latitude: 49.8, longitude: 6.3 } },
  { partner: { id: 'oliveraie-demo', name: 'Oliveraie (demo)', country: 'ES' }, site: { id: 'oliveraie-jaen', name: 'Jaén grove', kind: 'grove', timezone: 'Europe/Madrid', latitude: 37.77, longitude: -3.79 } },
] as const

async function call(apiUrl: string, key: string, method: string, path: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: response.status, json: await response.json() }
}

/** Creates (or reuses) the demo partners and sites and registers fresh devices through the API. */
export async function provisionDemoDevices(apiUrl: string, opsKey: string, counts: { hives: number; groves: number }, runId: string) {
  const devices: FleetDevice[] = []
  let seed = 1
  for (const { partner, site } of demoSites) {
    for (const [path, body] of [
      ['/v1/partners', partner],
      [`/v1/partners/${partner.id}/sites`, site],
    ] as const) {
      const created = await call(apiUrl, opsKey, 'POST', path, body)
      if (created.status !== 201 && created.status !== 409) throw new Error(`POST ${path}: ${created.status} ${JSON.stringify(created.json)}`)
    }
    const kind: DeviceKind = site.kind === 'apiary' ? 'hive' : 'grove'
    const apiaries = demoSites.filter((s) => s.site.kind === 'apiary').length
    const count = kind === 'hive' ? Math.ceil(counts.hives / apiaries) : counts.groves
    for (let i = 1; i <= count; i++) {
      const id = `${site.id}-${runId}-${String(i).padStart(2, '0')}`
      const created = await call(apiUrl, opsKey, 'POST', '/v1/devices', { id, siteId: site.id, kind, hardware: 'simulator' })
      if (created.status !== 201) throw new Error(`POST /v1/devices: ${created.status} ${JSON.stringify(created.json)}`)
      const { secret } = created.json as { secret: string }
      devices.push({ partnerId: partner.id, deviceId: id, secret, kind, seed: seed++ })
    }
  }
  return devices
}
