import { readFile } from 'node:fs/promises'
import { MAX_BATCH_READINGS } from '../firmware-contracts/index.js'

/**
 * Replays the real BroodMinder-W data (shared/data/hivescaler_2018_dev.csv, see its README) the way
 * it reached the cloud: per device, in batches, when a phone downloaded them, often weeks late.
 * Rows are passed on exactly as recorded (duplicates, repeated timestamps, spikes, negative weights):
 * coping with them is the pipeline's job, so nothing here cleans or validates.
 */
export interface HivescalerBatch {
  deviceId: string
  site: string
  /** When the phone downloaded these rows, ISO UTC. */
  downloadedAt: string
  /** Hive readings in the contract's field names, unvalidated. */
  readings: Record<string, unknown>[]
}

export interface HivescalerOptions {
  /** Larger downloads are split into batches of at most this many readings. */
  maxBatch?: number
}

/** CSV column → reading field. The scale's sensor sits under the hive, so it measures ambient air. */
const FIELD_FOR_COLUMN = {
  ts: 'ts',
  seq: 'seq',
  weight_kg: 'weight_kg',
  temp_c: 'temp_ambient_c',
  humidity_pct: 'humidity_ambient_pct',
  battery_pct: 'battery_pct',
} as const
const TEXT_COLUMNS = new Set(['ts'])
const REQUIRED_COLUMNS = [...Object.keys(FIELD_FOR_COLUMN), 'device', 'site', 'downloaded_ts']

export async function readHivescalerBatches(csvPath: string, options: HivescalerOptions = {}): Promise<HivescalerBatch[]> {
  return parseHivescalerCsv(await readFile(csvPath, 'utf8'), options)
}

export function parseHivescalerCsv(text: string, { maxBatch = MAX_BATCH_READINGS }: HivescalerOptions = {}): HivescalerBatch[] {
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new RangeError(`maxBatch must be a positive integer, got ${maxBatch}`)
  const lines = text.split(/\r?\n/).filter((line) => line !== '')
  const header = (lines[0] ?? '').split(',')
  const column = new Map(header.map((name, i) => [name, i]))
  const missing = REQUIRED_COLUMNS.filter((name) => !column.has(name))
  if (missing.length > 0) throw new Error(`hivescaler CSV: missing columns ${missing.join(', ')}`)
  const at = (fields: string[], name: string) => fields[column.get(name)!]!

  // A Map keeps first-appearance order, i.e. the order rows were downloaded within each apiary file.
  const downloads = new Map<string, HivescalerBatch>()
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!
    // A plain split is only right without quoting; the file has none, and this keeps it that way.
    if (line.includes('"')) throw new Error(`hivescaler CSV line ${i + 1}: quoted fields are not supported`)
    const fields = line.split(',')
    if (fields.length !== header.length) {
      throw new Error(`hivescaler CSV line ${i + 1}: ${fields.length} fields, header has ${header.length}`)
    }
    const reading: Record<string, unknown> = {}
    for (const [name, field] of Object.entries(FIELD_FOR_COLUMN)) {
      const raw = at(fields, name)
      if (raw === '') continue
      // A value that is not a number goes through as text, for the pipeline to refuse.
      reading[field] = TEXT_COLUMNS.has(name) || !Number.isFinite(Number(raw)) ? raw : Number(raw)
    }
    const deviceId = at(fields, 'device')
    const downloadedAt = at(fields, 'downloaded_ts')
    const key = `${deviceId}\n${downloadedAt}`
    let download = downloads.get(key)
    if (!download) {
      download = { deviceId, site: at(fields, 'site'), downloadedAt, readings: [] }
      downloads.set(key, download)
    }
    download.readings.push(reading)
  }

  // Across apiaries the files interleave in time; sort (stably) so the replay follows the calendar.
  const ordered = [...downloads.values()].sort((a, b) => Date.parse(a.downloadedAt) - Date.parse(b.downloadedAt))
  return ordered.flatMap((download) => {
    const chunks: HivescalerBatch[] = []
    for (let start = 0; start < download.readings.length; start += maxBatch) {
      chunks.push({ ...download, readings: download.readings.slice(start, start + maxBatch) })
    }
    return chunks
  })
}
