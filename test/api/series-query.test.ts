import { describe, expect, it } from 'vitest'
import { buildSeriesQuery, parseSeriesRequest, storedFields, toPoints } from '../../api/series-query.js'

const from = '2025-06-01T10:00:00Z'
const to = '2025-06-01T11:00:00Z'

describe('series query', () => {
  it('binds every client value as a parameter and interpolates only whitelisted names', () => {
    const request = parseSeriesRequest({ from, to, fields: 'weight_kg', sensor: 'b', limit: 10 }, 'hive', 20_000)
    const { query, params } = buildSeriesQuery('hive', 'hive-01', request, ['weight_kg'])
    expect(query).toBe(
      'SELECT "weight_kg", "seq", "server_time", "sensor" FROM "hive" WHERE "device" = $device AND time >= $from' +
        ' AND time < $to AND "sensor" = $sensor ORDER BY time ASC LIMIT 10',
    )
    expect(params).toEqual({ device: 'hive-01', sensor: 'b', from: '2025-06-01T10:00:00.000Z', to: '2025-06-01T11:00:00.000Z' })
  })

  it('groups aggregates by window and sensor, mean by default', () => {
    const request = parseSeriesRequest({ from, to, window: '15m' }, 'grove', 20_000)
    expect(request.aggregate).toBe('mean')
    const { query } = buildSeriesQuery('grove', 'g1', request, ['air_temp_c', 'soil_temp_c_30cm'])
    expect(query).toBe(
      'SELECT mean("air_temp_c") AS "air_temp_c", mean("soil_temp_c_30cm") AS "soil_temp_c_30cm" FROM "grove"' +
        ' WHERE "device" = $device AND time >= $from AND time < $to GROUP BY time(15m), "sensor" fill(null)',
    )
  })

  it('accepts grove soil fields by depth and refuses names outside the whitelist', () => {
    expect(parseSeriesRequest({ from, to, fields: 'soil_moisture_vwc_pct_30cm' }, 'grove', 10).fields).toEqual([
      'soil_moisture_vwc_pct_30cm',
    ])
    expect(() => parseSeriesRequest({ from, to, fields: 'weight_kg") FROM x; --' }, 'hive', 10)).toThrow(/querystring\/fields/)
  })

  it('bounds the number of buckets, counting a partial last bucket', () => {
    expect(() => parseSeriesRequest({ from, to, window: '1m' }, 'hive', 60)).not.toThrow()
    expect(() => parseSeriesRequest({ from, to: '2025-06-01T11:00:01Z', window: '1m' }, 'hive', 60)).toThrow(/61 buckets/)
  })

  it('lists stored numeric fields in contract order', () => {
    const show = [{ name: 'hive', columns: ['fieldKey', 'fieldType'], values: [['temp_brood_c', 'float'], ['seq', 'integer'], ['server_time', 'boolean'], ['weight_kg', 'float']] }]
    expect(storedFields('hive', show)).toEqual(['weight_kg', 'temp_brood_c'])
  })

  it('maps rows to points with ISO times and null for missing values', () => {
    const request = parseSeriesRequest({ from, to }, 'hive', 100)
    const points = toPoints(
      [{ name: 'hive', columns: ['time', 'weight_kg', 'seq', 'server_time', 'sensor'], values: [[Date.parse(from), null, 3, true, null]] }],
      request,
      ['weight_kg'],
    )
    expect(points).toEqual([{ time: '2025-06-01T10:00:00.000Z', sensor: null, seq: 3, serverTime: true, values: { weight_kg: null } }])
  })
})
