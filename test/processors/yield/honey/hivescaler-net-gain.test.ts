import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { computeNetGain, type NetGainResult, type WeightSample } from '../../../../processors/yield/honey/index.js'
import { readHivescalerBatches } from '../../../../simulators/hivescaler-replay.js'

/**
 * The manipulation filter on real data: nine BroodMinder-W scales, May–October 2018, hourly,
 * half-hive kg, as downloaded (repeats, spikes, negative weights, a hive off its scale; see
 * shared/data/README.md). Its steps file lists every jump of ≥ 3 kg: visits, boxes, the hives set
 * down, a colony absconding, sensor glitches. None of them may end up as production.
 */
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url))
const dataDir = path.join(repoRoot, '..', 'shared', 'data')
const csvPath = path.join(dataDir, 'hivescaler_2018_dev.csv')
const stepsPath = path.join(dataDir, 'hivescaler_2018_dev_steps.csv')
const haveData = existsSync(csvPath) && existsSync(stepsPath)
if (!haveData) console.warn(`hivescaler net-gain tests skipped: ${csvPath} is absent (shared/data sits beside the repository)`)

const HOUR = 3_600_000
const TIME_ZONE = 'America/New_York'

interface DocumentedStep {
  device: string
  kind: 'level_shift' | 'transient' | 'spike'
  fromMs: number
  toMs: number
  sizeKg: number
  netKg: number
  levelBeforeKg: number
  levelAfterKg: number
}

function readSteps(): DocumentedStep[] {
  const [header, ...rows] = readFileSync(stepsPath, 'utf8').trim().split('\n')
  const column = new Map(header!.split(',').map((name, i) => [name, i]))
  return rows.map((row) => {
    const cells = row.split(',')
    const at = (name: string) => cells[column.get(name)!]!
    return {
      device: at('device'),
      kind: at('kind') as DocumentedStep['kind'],
      fromMs: Date.parse(at('prev_ts')),
      toMs: Date.parse(at('end_ts')),
      sizeKg: Number(at('size_kg')),
      netKg: Number(at('net_kg')),
      levelBeforeKg: Number(at('level_before_kg')),
      levelAfterKg: Number(at('level_after_kg')),
    }
  })
}

describe.skipIf(!haveData)('daily net gain on the 2018 BroodMinder downloads', () => {
  const results = new Map<string, NetGainResult>()
  let steps: DocumentedStep[]
  beforeAll(async () => {
    const samples = new Map<string, WeightSample[]>()
    for (const batch of await readHivescalerBatches(csvPath)) {
      const list = samples.get(batch.deviceId) ?? []
      for (const r of batch.readings) list.push({ timeMs: Date.parse(r.ts as string), weightKg: typeof r.weight_kg === 'number' ? r.weight_kg : null })
      samples.set(batch.deviceId, list)
    }
    for (const [device, list] of samples) results.set(device, computeNetGain({ samples: list, timeZone: TIME_ZONE }))
    steps = readSteps()
  })
  const found = (s: DocumentedStep) =>
    results.get(s.device)!.steps.filter((x) => x.kind !== 'glitch' && x.toMs >= s.fromMs - 3 * HOUR && x.fromMs <= s.toMs + 3 * HOUR)
  const dayOf = (device: string, timeMs: number) => {
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(timeMs)
    return results.get(device)!.days.find((d) => d.day === day)
  }

  it('takes every box put on or taken off out of production, with its sign and most of its size', () => {
    const boxes = steps.filter((s) => s.kind === 'level_shift' && s.levelBeforeKg >= 5 && s.levelAfterKg >= 5)
    expect(boxes.length).toBeGreaterThan(20)
    for (const box of boxes) {
      const removed = found(box).reduce((sum, x) => sum + x.removedKg, 0)
      const label = `${box.device} ${new Date(box.fromMs).toISOString()} ${box.sizeKg} kg`
      expect(Math.sign(removed), label).toBe(Math.sign(box.sizeKg))
      // Most, not all: on these scales the sun moves the reading by a kilo within the hour, and
      // the trend taken out with the step is the scale's as much as the colony's.
      expect(Math.abs(removed), label).toBeGreaterThan(0.45 * Math.abs(box.sizeKg))
    }
  })

  it('treats every inspection (lifted and put back) as a visit whose lasting change is taken out', () => {
    const inspections = steps.filter((s) => s.kind === 'transient')
    expect(inspections.length).toBeGreaterThan(30)
    for (const inspection of inspections) {
      const label = `${inspection.device} ${new Date(inspection.fromMs).toISOString()} ${inspection.sizeKg} kg`
      const visits = found(inspection)
      expect(visits.map((v) => v.kind).filter((k) => k === 'swarm' || k === 'hive_removed'), label).toEqual([])
      expect(visits.length, label).toBeGreaterThan(0)
      // What stays out of production is the visit's lasting change (the steps file's net, from
      // medians without trend), never the excursion.
      const removed = visits.reduce((sum, v) => sum + v.removedKg, 0)
      expect(Math.abs(removed - inspection.netKg), label).toBeLessThan(3)
      expect(Math.abs(removed), label).toBeLessThan(Math.abs(inspection.sizeKg) - 0.5)
    }
  })

  it('ignores the sensor glitches (37–75 kg for a sample or two)', () => {
    for (const spike of steps.filter((s) => s.kind === 'spike' && Math.abs(s.sizeKg) >= 30)) {
      const label = new Date(spike.fromMs).toISOString()
      const removed = found(spike).reduce((sum, x) => sum + x.removedKg, 0)
      expect(Math.abs(removed), label).toBeLessThan(1.5)
      expect(Math.abs(dayOf(spike.device, spike.toMs)!.netGainKg), label).toBeLessThan(3)
    }
    expect(results.get('bm2-430e74')!.steps.filter((x) => x.kind === 'glitch').length).toBeGreaterThanOrEqual(5)
  })

  it('starts production when a hive is set on its scale and stops it while the hive is off', () => {
    for (const [device, result] of results) expect(result.steps.filter((s) => s.kind === 'hive_placed').length, device).toBeGreaterThanOrEqual(1)
    // bm7-431288 stood off its scale for 2.7 days: a gap, no production, no step taken out.
    const offScale = results.get('bm7-431288')!.gaps.filter((g) => g.offScale)
    expect(offScale).toHaveLength(1)
    expect((offScale[0]!.toMs - offScale[0]!.fromMs) / HOUR).toBeGreaterThan(60)
  })

  it('never counts a day of more than 10 kg either way (a half hive does not make that)', () => {
    for (const [device, result] of results) {
      for (const day of result.days) expect(Math.abs(day.netGainKg), `${device} ${day.day}`).toBeLessThan(10)
    }
  })

  it('drops the re-downloaded rows that disagree and the negative readings', () => {
    expect(results.get('bm2-430e74')!.cleaning).toMatchObject({ outOfRange: 6 })
    expect(results.get('bm2-430e74')!.cleaning.conflicting).toBeGreaterThan(200)
  })
})
