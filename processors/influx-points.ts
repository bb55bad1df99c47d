import { Point } from '@influxdata/influxdb-client'
import { META_FIELDS, STATUS_MEASUREMENT, measurementFor } from '../platform/influx/measurements.js'
import type { NormalizedReading, NormalizedStatus } from './message-decoder.js'
import { storedTimeUs } from './reading-time.js'

/**
 * Timestamps are in microseconds (the connection writes with precision `us`). Measurement fields are
 * always floats: InfluxDB refuses a field that changes type.
 */
export function readingPoint(reading: NormalizedReading): Point {
  const { device } = reading
  const point = new Point(measurementFor[device.kind])
    .tag('partner', device.partnerId)
    .tag('site', device.siteId)
    .tag('device', device.id)
    .tag('sensor', reading.sensor)
    .intField(META_FIELDS.seq, reading.seq)
    .booleanField(META_FIELDS.serverTime, reading.serverTime)
    .timestamp(storedTimeUs(reading))
  for (const [name, value] of Object.entries(reading.fields)) point.floatField(name, value)
  return point
}

export function statusPoint({ device, timeMs, status }: NormalizedStatus): Point {
  const point = new Point(STATUS_MEASUREMENT)
    .tag('partner', device.partnerId)
    .tag('site', device.siteId)
    .tag('device', device.id)
    .stringField('firmware', status.firmware)
    .intField('uptime_s', status.uptime_s)
    .timestamp(timeMs * 1000)
  if (status.battery_v !== undefined) point.floatField('battery_v', status.battery_v)
  if (status.battery_pct !== undefined) point.floatField('battery_pct', status.battery_pct)
  if (status.rssi_dbm !== undefined) point.floatField('rssi_dbm', status.rssi_dbm)
  if (status.snr_db !== undefined) point.floatField('snr_db', status.snr_db)
  if (status.reset_reason !== undefined) point.stringField('reset_reason', status.reset_reason)
  return point
}
