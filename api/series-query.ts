import type { DeviceKind } from '../firmware-contracts/index.js'
import type { InfluxSeries, InfluxValue } from '../platform/influx/influx-connection.js'
import { isMeasurementField, measurementFields, measurementFor, META_FIELDS } from '../platform/influx/measurements.js'
import { badRequest } from './errors.js'

export const aggregates = ['mean', 'min', 'max', 'sum', 'count', 'last', 'first', 'median'] as const
export type Aggregate = (typeof aggregates)[number]

export const WINDOW_PATTERN = /^(\d+)(s|m|h|d)$/
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const
const MAX_FIELDS = 64

/** The query string as the route schema leaves it (formats and patterns already checked). */
export interface SeriesQueryInput {
  from: string
  to?: string | undefined
  fields?: string | undefined
  window?: string | undefined
  aggregate?: Aggregate | undefined
  sensor?: string | undefined
  limit?: number | undefined
}

export interface SeriesRequest {
  from: Date
  to: Date
  /** Null: every measurement field stored for this kind. */
  fields: string[] | null
  window: string | null
  aggregate: Aggregate | null
  sensor: string | null
  limit: number
}

export interface SeriesPoint {
  time: string
  sensor: string | null
  seq?: number | null
  serverTime?: boolean | null
  values: Record<string, number | null>
}

/** Rules the schema cannot state: ordering of from/to, the field whitelist, the bucket bound. */
export function parseSeriesRequest(
  input: SeriesQueryInput,
  kind: DeviceKind,
  maxPoints: number,
  now: Date = new Date(),
): SeriesRequest {
  const from = new Date(input.from)
  if (Number.isNaN(from.getTime())) throw badRequest('querystring/from', 'must be an ISO date-time')
  const to = input.to === undefined ? now : new Date(input.to)
  if (Number.isNaN(to.getTime())) throw badRequest('querystring/to', 'must be an ISO date-time')
  if (to.getTime() <= from.getTime()) throw badRequest('querystring/to', 'must be after querystring/from')

  let fields: string[] | null = null
  if (input.fields !== undefined) {
    fields = [...new Set(input.fields.split(',').map((f) => f.trim()))]
    if (fields.some((f) => f === '')) throw badRequest('querystring/fields', 'must be a comma-separated list of field names')
    if (fields.length > MAX_FIELDS) throw badRequest('querystring/fields', `names more than ${MAX_FIELDS} fields`)
    const unknown = fields.find((f) => !isMeasurementField(kind, f))
    if (unknown !== undefined) throw badRequest('querystring/fields', `names "${unknown}", which is not a ${kind} field`)
  }

  if (input.window === undefined) {
    if (input.aggregate !== undefined) throw badRequest('querystring/aggregate', 'needs querystring/window')
    return { from, to, fields, window: null, aggregate: null, sensor: input.sensor ?? null, limit: input.limit ?? maxPoints }
  }
  const match = WINDOW_PATTERN.exec(input.window)
  const windowMs = match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : 0
  if (!(windowMs > 0)) throw badRequest('querystring/window', 'must be a positive duration such as 1m, 15m, 1h or 1d')
  const buckets = Math.ceil((to.getTime() - from.getTime()) / windowMs)
  if (buckets > maxPoints) {
    throw badRequest('querystring/window', `gives ${buckets} buckets from "from" to "to"; at most ${maxPoints} are served`)
  }
  return {
    from,
    to,
    fields,
    window: input.window,
    aggregate: input.aggregate ?? 'mean',
    sensor: input.sensor ?? null,
    limit: input.limit ?? maxPoints,
  }
}

/** Fields present in the measurement (from `SHOW FIELD KEYS`), restricted to the whitelist, contract order. */
export function storedFields(kind: DeviceKind, showFieldKeys: InfluxSeries[]): string[] {
  const numeric = new Set(['float', 'integer'])
  const names = (showFieldKeys[0]?.values ?? [])
    .filter(([name, type]) => typeof name === 'string' && numeric.has(String(type)) && isMeasurementField(kind, name))
    .map(([name]) => String(name))
  const order = measurementFields(kind)
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length)
  return names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
}

/**
 * InfluxQL with bound parameters for every value a client supplies ($device, $sensor, $from, $to;
 * InfluxDB 1.x binds RFC 3339 strings as times). Field names, the aggregate, the window and the
 * limit are interpolated, but only after the whitelist and patterns above accepted them.
 */
export function buildSeriesQuery(kind: DeviceKind, deviceId: string, request: SeriesRequest, fields: string[]) {
  const params: Record<string, string> = {
    device: deviceId,
    from: request.from.toISOString(),
    to: request.to.toISOString(),
  }
  let where = `"device" = $device AND time >= $from AND time < $to`
  if (request.sensor !== null) {
    where += ` AND "sensor" = $sensor`
    params.sensor = request.sensor
  }
  const measurement = `"${measurementFor[kind]}"`
  if (request.window === null || request.aggregate === null) {
    const columns = [...fields, META_FIELDS.seq, META_FIELDS.serverTime, 'sensor'].map((f) => `"${f}"`).join(', ')
    return { query: `SELECT ${columns} FROM ${measurement} WHERE ${where} ORDER BY time ASC LIMIT ${request.limit}`, params }
  }
  const columns = fields.map((f) => `${request.aggregate}("${f}") AS "${f}"`).join(', ')
  return {
    query: `SELECT ${columns} FROM ${measurement} WHERE ${where} GROUP BY time(${request.window}), "sensor" fill(null)`,
    params,
  }
}

const numberOrNull = (value: InfluxValue | undefined): number | null => (typeof value === 'number' ? value : null)

/** Rows to points; aggregated results come one series per sensor and are merged in time order. */
export function toPoints(series: InfluxSeries[], request: SeriesRequest, fields: string[]): SeriesPoint[] {
  const raw = request.window === null
  const points: SeriesPoint[] = []
  for (const s of series) {
    const at = (name: string) => s.columns.indexOf(name)
    const [timeAt, seqAt, serverTimeAt, sensorAt] = [at('time'), at(META_FIELDS.seq), at(META_FIELDS.serverTime), at('sensor')]
    const fieldAt = fields.map((f) => [f, at(f)] as const)
    for (const row of s.values) {
      const values: Record<string, number | null> = {}
      for (const [field, i] of fieldAt) values[field] = numberOrNull(row[i])
      const sensor = raw ? row[sensorAt] : s.tags?.sensor
      const point: SeriesPoint = {
        time: new Date(Number(row[timeAt])).toISOString(),
        sensor: typeof sensor === 'string' && sensor !== '' ? sensor : null,
        values,
      }
      if (raw) {
        point.seq = numberOrNull(row[seqAt])
        const serverTime = row[serverTimeAt]
        point.serverTime = typeof serverTime === 'boolean' ? serverTime : null
      }
      points.push(point)
    }
  }
  if (!raw) points.sort((a, b) => a.time.localeCompare(b.time) || (a.sensor ?? '').localeCompare(b.sensor ?? ''))
  return points
}
