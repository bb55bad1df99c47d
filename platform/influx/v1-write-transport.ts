import type { Transport } from '@influxdata/influxdb-client'

/**
 * InfluxDB 1.x before 1.8 serves only `/write` and `/query`. The client's WriteApi posts to
 * `/api/v2/write?org=&bucket=db/rp&precision=`; this transport rewrites that one path to the v1
 * endpoint and hands every other request to the client's own transport unchanged.
 */

/** v2 spells precisions `ns|us|ms|s`; 1.x `/write` wants `n|u|ms|s` and reads anything else as ns. */
const V1_PRECISION: Record<string, string> = { ns: 'n', us: 'u', ms: 'ms', s: 's' }

export function v1WriteTransport(inner: Transport): Transport {
  const rewrite = (path: string): string => {
    if (!path.startsWith('/api/v2/write?')) return path
    const v2 = new URLSearchParams(path.slice('/api/v2/write?'.length))
    const [db = '', rp] = (v2.get('bucket') ?? '').split('/')
    const v1 = new URLSearchParams({ db, precision: V1_PRECISION[v2.get('precision') ?? 'ns'] ?? 'n' })
    if (rp) v1.set('rp', rp)
    return `/write?${v1.toString()}`
  }
  return {
    send: (path, body, options, callbacks) => inner.send(rewrite(path), body, options, callbacks),
    request: (path, body, options, responseStarted) => inner.request(rewrite(path), body, options, responseStarted),
    iterate: (path, body, options) => inner.iterate(rewrite(path), body, options),
    get chunkCombiner() {
      return inner.chunkCombiner
    },
  }
}
