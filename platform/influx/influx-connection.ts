import { InfluxDB, type Point, type WriteApi } from '@influxdata/influxdb-client'
import { v1WriteTransport } from './v1-write-transport.js'

export interface InfluxOptions {
  url: string
  api: 'v1' | 'v2'
  database: string
  retentionPolicy: string
  org: string
  token: string
  timeoutMs: number
}

export type InfluxValue = string | number | boolean | null

export interface InfluxSeries {
  name: string
  tags?: Record<string, string>
  columns: string[]
  values: InfluxValue[][]
}

/** Raised for InfluxQL statement errors (bad query), as opposed to the server being unreachable. */
export class InfluxQueryError extends Error {
  override name = 'InfluxQueryError'
}

interface QueryResponse {
  results?: { statement_id: number; error?: string; series?: InfluxSeries[] }[]
  error?: string
}

/**
 * One InfluxDB endpoint, spoken to through `@influxdata/influxdb-client`: writes by its WriteApi
 * (v1 `/write` or v2 `/api/v2/write` by configuration), reads by InfluxQL over `/query`, the one
 * query language served by 1.x, 2.x (v1 compatibility) and 3.x.
 */
export function createInfluxConnection(options: InfluxOptions) {
  const clientOptions = { url: options.url, token: options.token || undefined, timeout: options.timeoutMs }
  const base = new InfluxDB(clientOptions)
  const transport = options.api === 'v1' ? v1WriteTransport(base.transport) : base.transport
  const client = new InfluxDB({ ...clientOptions, transport })
  const bucket = options.api === 'v1' ? `${options.database}/${options.retentionPolicy}` : options.database

  async function request(method: 'GET' | 'POST', params: Record<string, string>): Promise<InfluxSeries[][]> {
    const query = new URLSearchParams(params)
    const response = (await transport.request(`/query?${query.toString()}`, '', { method })) as QueryResponse
    if (response.error) throw new InfluxQueryError(response.error)
    return (response.results ?? []).map((result) => {
      if (result.error) throw new InfluxQueryError(result.error)
      return result.series ?? []
    })
  }

  return {
    database: options.database,

    /**
     * Writes the points in one request and resolves once InfluxDB accepted them. Retries are the
     * caller's (the queue's backoff), so the client's own retry buffer is off: a failure is visible.
     */
    async writePoints(points: readonly Point[]): Promise<void> {
      if (points.length === 0) return
      const writeApi: WriteApi = client.getWriteApi(options.org, bucket, 'us', {
        batchSize: points.length + 1,
        flushInterval: 0,
        maxRetries: 0,
        maxBufferLines: points.length + 1,
      })
      writeApi.writePoints(points as Point[])
      await writeApi.close()
    },

    /** Runs one InfluxQL statement with bound parameters (`$name`); times come back as epoch ms. */
    async query(influxql: string, params: Record<string, string | number> = {}): Promise<InfluxSeries[]> {
      const [series] = await request('GET', {
        db: options.database,
        rp: options.retentionPolicy,
        q: influxql,
        epoch: 'ms',
        params: JSON.stringify(params),
      })
      return series ?? []
    },

    /** v1 servers: creates the database (idempotent). v2+ buckets are provisioned outside. */
    async ensureDatabase(): Promise<void> {
      if (options.api !== 'v1') return
      await request('POST', { q: `CREATE DATABASE "${options.database.replace(/"/g, '')}"` })
    },

    async dropDatabase(): Promise<void> {
      await request('POST', { q: `DROP DATABASE "${options.database.replace(/"/g, '')}"` })
    },

    async ping(): Promise<void> {
      await transport.request('/ping', '', { method: 'GET' })
    },
  }
}

export type InfluxConnection = ReturnType<typeof createInfluxConnection>
