import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parseHivescalerCsv, readHivescalerBatches } from '../../simulators/hivescaler-replay.js'

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
const csvPath = path.join(repoRoot, '..', 'shared', 'data', 'hivescaler_2018_dev.csv')
const haveData = existsSync(csvPath)
if (!haveData) console.warn(`hivescaler replay tests skipped: ${csvPath} is absent (shared/data sits beside the repository)`)

const HEADER = 'ts,device,site,seq,weight_kg,weight_left_kg,weight_right_kg,temp_c,humidity_pct,battery_pct,downloaded_ts'

describe('parseHivescalerCsv', () => {
  it('maps the columns onto hive reading fields, numbers as numbers', () => {
    const csv = `${HEADER}\n2018-05-03T19:32:12Z,bm2-4310ba,BM2,0,0.2404,0.0,0.0,32.944,34,100,2018-05-13T18:53:50Z\n`
    expect(parseHivescalerCsv(csv)).toEqual([
      {
        deviceId: 'bm2-4310ba',
        site: 'BM2',
        downloadedAt: '2018-05-13T18:53:50Z',
        readings: [
          { ts: '2018-05-03T19:32:12Z', seq: 0, weight_kg: 0.2404, temp_ambient_c: 32.944, humidity_ambient_pct: 34, battery_pct: 100 },
        ],
      },
    ])
  })

  it('passes odd values through untouched for the pipeline to judge', () => {
    const csv = `${HEADER}\n2018-06-18T17:59:40Z,d1,S,1153,-58.2685,-62.5,4.2,38.9,,n/a,2018-06-22T12:45:13Z`
    const [batch] = parseHivescalerCsv(csv)
    expect(batch!.readings[0]).toEqual({ ts: '2018-06-18T17:59:40Z', seq: 1153, weight_kg: -58.2685, temp_ambient_c: 38.9, battery_pct: 'n/a' })
  })

  it('orders downloads by time across apiaries and splits big ones at maxBatch', () => {
    const row = (device: string, seq: number, downloaded: string) =>
      `2018-05-01T00:00:00Z,${device},S,${seq},1,0.5,0.5,20,50,90,${downloaded}`
    const csv = [HEADER, row('a', 0, '2018-06-01T00:00:00Z'), row('a', 1, '2018-06-01T00:00:00Z'), row('a', 2, '2018-06-01T00:00:00Z'), row('b', 0, '2018-05-01T00:00:00Z')].join('\n')
    const batches = parseHivescalerCsv(csv, { maxBatch: 2 })
    expect(batches.map((b) => [b.deviceId, b.readings.map((r) => r.seq)])).toEqual([
      ['b', [0]],
      ['a', [0, 1]],
      ['a', [2]],
    ])
  })

  it('refuses what a plain comma split would get wrong', () => {
    expect(() => parseHivescalerCsv(`${HEADER}\n"2018-05-01",a,S,0,1,1,1,1,1,1,x`)).toThrow(/quoted/)
    expect(() => parseHivescalerCsv(`${HEADER}\n2018-05-01,a,S,0,1`)).toThrow(/5 fields/)
    expect(() => parseHivescalerCsv('ts,device\n')).toThrow(/missing columns/)
  })
})

describe.skipIf(!haveData)('readHivescalerBatches on shared/data/hivescaler_2018_dev.csv', () => {
  it('keeps every row, per device as the README counts them', async () => {
    const batches = await readHivescalerBatches(csvPath)
    const rows = new Map<string, number>()
    for (const batch of batches) rows.set(batch.deviceId, (rows.get(batch.deviceId) ?? 0) + batch.readings.length)
    expect(Object.fromEntries(rows)).toEqual({
      'bm2-4310ba': 4404,
      'bm2-430e74': 4332,
      'bm2-43106f': 4328,
      'bm5-4311de': 1608,
      'bm5-4311ea': 1629,
      'bm5-4312bd': 1630,
      'bm7-4311f0': 2117,
      'bm7-431204': 2119,
      'bm7-431288': 2117,
    })
    expect(batches.every((batch) => batch.readings.length <= 1000)).toBe(true)
  })

  it('keeps the 250 re-downloaded rows of bm2-430e74 that share one timestamp, and the spikes', async () => {
    const readings = (await readHivescalerBatches(csvPath)).filter((b) => b.deviceId === 'bm2-430e74').flatMap((b) => b.readings)
    const repeated = readings.filter((r) => r.ts === '2018-07-02T12:25:00Z')
    expect(repeated).toHaveLength(250)
    expect(new Set(repeated.map((r) => r.weight_kg)).size).toBeGreaterThan(1)
    expect(readings.filter((r) => (r.weight_kg as number) < 0)).toHaveLength(6)
  })

  it('replays in download order, each device in the order its rows were downloaded', async () => {
    const batches = await readHivescalerBatches(csvPath, { maxBatch: 500 })
    const downloads = batches.map((b) => Date.parse(b.downloadedAt))
    expect(downloads).toEqual([...downloads].sort((a, b) => a - b))
    // Within a device, the replay must give back exactly the file's row order.
    const lines = readFileSync(csvPath, 'utf8').trim().split('\n').slice(1)
    const fileSeqs = lines.filter((line) => line.split(',')[1] === 'bm2-430e74').map((line) => Number(line.split(',')[3]))
    const replaySeqs = batches.filter((b) => b.deviceId === 'bm2-430e74').flatMap((b) => b.readings.map((r) => r.seq))
    expect(replaySeqs).toEqual(fileSeqs)
    // Data arrived weeks late: the first download holds ten days of readings.
    const first = batches[0]!
    expect(Date.parse(first.downloadedAt) - Date.parse(first.readings[0]!.ts as string)).toBeGreaterThan(7 * 86_400_000)
  })
})
