import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { InfluxQueryError } from '../../platform/influx/influx-connection.js'
import { measurementFor } from '../../platform/influx/measurements.js'
import { DependencyUnavailableError } from '../errors.js'
import { dateTime, id, jsonSchema } from '../schemas.js'
import { findVisibleDevice } from '../scope.js'
import { aggregates, buildSeriesQuery, parseSeriesRequest, storedFields, toPoints } from '../series-query.js'

const params = z.object({ deviceId: id })

function seriesQuery(maxPoints: number) {
  return z.object({
    from: dateTime.meta({ description: 'Start, inclusive' }),
    to: dateTime.optional().meta({ description: 'End, exclusive; defaults to now' }),
    fields: z
      .string()
      .optional()
      .meta({ description: 'Comma-separated measurement fields (e.g. weight_kg,temp_brood_c); default: all stored' }),
    window: z
      .string()
      .regex(/^\d+(s|m|h|d)$/)
      .optional()
      .meta({ description: `Bucket width (1m, 15m, 1h, 1d); at most ${maxPoints} buckets from "from" to "to"` }),
    aggregate: z.enum(aggregates).optional().meta({ description: 'Per-bucket function, with window only; default mean' }),
    sensor: z.string().regex(/^[a-z0-9_-]{1,32}$/).optional().meta({ description: 'Only this sensor unit' }),
    limit: z.number().int().min(1).max(maxPoints).optional().meta({ description: `Raw points at most; default ${maxPoints}` }),
  })
}

const point = z.object({
  time: dateTime.meta({ description: 'Reading time, or the bucket start when aggregated' }),
  sensor: z.string().nullable(),
  seq: z.number().nullable().optional().meta({ description: 'Raw only: the device sample counter' }),
  serverTime: z.boolean().nullable().optional().meta({ description: 'Raw only: time is the server receive time' }),
  values: z.record(z.string(), z.number().nullable()).meta({ description: 'One value per requested column' }),
})

const seriesResponse = z.object({
  deviceId: id,
  measurement: z.string(),
  from: dateTime,
  to: dateTime,
  window: z.string().nullable(),
  aggregate: z.enum(aggregates).nullable(),
  columns: z.array(z.string()).meta({ description: 'The fields, in the order asked for' }),
  points: z.array(point),
  truncated: z.boolean().meta({ description: 'Raw only: the limit was reached; ask again from the last time' }),
})

/** Anything but a statement error means InfluxDB did not answer: transient, so 503 and retry. */
async function fromInflux<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof InfluxQueryError) throw error
    throw new DependencyUnavailableError('InfluxDB', error)
  }
}

export async function seriesRoutes(app: FastifyInstance, opts: { maxPoints: number }) {
  const query = seriesQuery(opts.maxPoints)
  app.get(
    '/devices/:deviceId/series',
    {
      schema: {
        tags: ['series'],
        summary: 'Readings of one device, raw or aggregated per time window',
        params: jsonSchema(params, 'input'),
        querystring: jsonSchema(query, 'input'),
        response: { 200: jsonSchema(seriesResponse) },
      },
    },
    async (request) => {
      const { deviceId } = request.params as z.output<typeof params>
      const device = await findVisibleDevice(app, request, deviceId)
      const series = parseSeriesRequest(request.query as z.output<typeof query>, device.kind, opts.maxPoints)
      const measurement = measurementFor[device.kind]
      const fields =
        series.fields ?? storedFields(device.kind, await fromInflux(() => app.influx.query(`SHOW FIELD KEYS FROM "${measurement}"`)))
      const { query: influxql, params: bound } = buildSeriesQuery(device.kind, device.id, series, fields)
      const rows = fields.length === 0 ? [] : await fromInflux(() => app.influx.query(influxql, bound))
      const points = toPoints(rows, series, fields)
      return {
        deviceId: device.id,
        measurement,
        from: series.from,
        to: series.to,
        window: series.window,
        aggregate: series.aggregate,
        columns: fields,
        points,
        truncated: series.window === null && points.length >= series.limit,
      }
    },
  )
}
