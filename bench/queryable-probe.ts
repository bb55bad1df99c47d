import type { InfluxConnection } from '../platform/influx/influx-connection.js'

interface Probe {
  measurement: string
  deviceId: string
  timeMs: number
  publishedAt: number
}

/**
 * Measures publish → queryable for a sample of readings: each probe is looked up in InfluxDB
 * (a cheap point query) every `pollMs` until it is there. Sampling keeps the load the measurement
 * adds to the two-core machine small next to the pipeline's.
 */
export function createQueryableProbe(influx: Pick<InfluxConnection, 'query'>, pollMs = 25) {
  const pending: Probe[] = []
  const latenciesMs: number[] = []
  let stopped = false

  async function poll(): Promise<void> {
    while (!stopped) {
      const batch = pending.slice(0, 40)
      if (batch.length > 0) {
        // InfluxQL 1.x ignores time conditions inside OR: bound the time once, match the pairs here.
        const devices = [...new Set(batch.map((p) => p.deviceId))]
        const conditions = devices.map((_, i) => `device = $d${i}`).join(' OR ')
        const params = Object.fromEntries(devices.map((d, i) => [`d${i}`, d]))
        const times = batch.map((p) => p.timeMs)
        const measurements = [...new Set(batch.map((p) => `"${p.measurement}"`))].join(', ')
        const found = new Set<string>()
        const query = `SELECT "seq", "device" FROM ${measurements} WHERE time >= ${Math.min(...times)}ms AND time <= ${Math.max(...times)}ms AND (${conditions})`
        const series = await influx.query(query, params).catch(() => [])
        for (const s of series) {
          const deviceAt = s.columns.indexOf('device')
          for (const row of s.values) found.add(`${row[deviceAt]}@${row[0]}`)
        }
        const now = Date.now()
        for (const probe of batch) {
          if (found.has(`${probe.deviceId}@${probe.timeMs}`)) {
            latenciesMs.push(now - probe.publishedAt)
            pending.splice(pending.indexOf(probe), 1)
          }
        }
      }
      await new Promise((r) => setTimeout(r, pollMs))
    }
  }
  const running = poll()

  return {
    latenciesMs,
    add(probe: Probe): void {
      pending.push(probe)
    },
    get pending(): number {
      return pending.length
    },
    async stop(): Promise<void> {
      stopped = true
      await running
    },
  }
}
