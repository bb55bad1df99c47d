import { describe, expect, it } from 'vitest'
import {
  HOUR_MS,
  injectSeasonEvents,
  OLIVE_REGIONS,
  trueSeason,
  WORLD_VARIETIES,
  type GroveTraits,
  type StationRecord,
} from '../../../simulators/olive-seasons/index.js'
import { createSeededRandom, type SeededRandom } from '../../../simulators/seeded-random.js'

const jaen = OLIVE_REGIONS.find((r) => r.name === 'Jaén')!
const START = Date.UTC(2023, 10, 1)

/** A station with a plain seasonal and daily wave, dry soil and dry leaves, from 1 November 2023. */
function syntheticRecord(): StationRecord {
  const hours = Math.floor((Date.UTC(2025, 2, 1) - START) / HOUR_MS)
  const record: StationRecord = {
    startMs: START,
    hours,
    longitude: 0,
    airC: new Float64Array(hours),
    humidityPct: new Float32Array(hours).fill(50),
    leafWetnessPct: new Float32Array(hours),
    rainMm: new Float32Array(hours),
    soilVwcPct: [0, 1, 2].map(() => new Float32Array(hours).fill(14)),
  }
  for (let i = 0; i < hours; i++) {
    const t = START + i * HOUR_MS
    const season = Math.cos((2 * Math.PI * ((t - Date.UTC(2024, 6, 19)) / 86_400_000)) / 365)
    const day = -Math.cos((2 * Math.PI * ((i % 24) - 3)) / 24)
    record.airC[i] = 17.5 + 9.5 * season + 6 * day
  }
  return record
}

const traits: GroveTraits = {
  seasonBaseC: 10,
  fruitBaseC: 5,
  seasonClockScale: 1,
  fruitClockScale: 1,
  droughtSensitivity: 1,
  peacockSusceptibility: 1,
  flyPressure: 0,
  oilPct: 20,
}
const run = (record: StationRecord, irrigated = true) =>
  trueSeason({ record, view: { airOffsetC: 0, irrigated }, traits, variety: WORLD_VARIETIES.picual, region: jaen, season: 2024, random: createSeededRandom(1) })

describe('trueSeason', () => {
  it('runs the stages in order and harvests at the grower’s ripeness, with full oil', () => {
    const s = run(syntheticRecord())
    const dates = Object.values(s.stageDates)
    // Harvest maturity (RI 3.5) is only reached when the grower picks riper than that.
    expect(Object.keys(s.stageDates).slice(0, 7)).toEqual(['budburst', 'floweringStart', 'fullFlowering', 'floweringEnd', 'fruitSet', 'pitHardening', 'veraison'])
    expect([...dates].sort()).toEqual(dates)
    expect(s.harvestDate >= s.stageDates.veraison!).toBe(true)
    expect(s.ripeningIndexAtHarvest).toBeGreaterThanOrEqual(2.5)
    expect(s.oilPct).toBeGreaterThan(18)
    expect(s.oilPct).toBeLessThan(22)
  })

  it('loses fruit to a frost in bloom, by how cold it got', () => {
    const clean = run(syntheticRecord())
    const bloomDawn = (Date.parse(`${clean.stageDates.fullFlowering!}T06:00:00Z`) - START) / HOUR_MS
    const lossAt = (minC: number) => {
      const record = syntheticRecord()
      record.airC[bloomDawn] = minC
      return run(record).fruitLogLoss.frost
    }
    expect(clean.fruitLogLoss.frost).toBe(0)
    expect(lossAt(-1)).toBeCloseTo(Math.log(1 - 0.6 * 0.25))
    expect(lossAt(-4)).toBeCloseTo(Math.log(1 - 0.6))
  })

  it('charges drought to rainfed groves only', () => {
    expect(run(syntheticRecord(), false).fruitLogLoss.drought).toBeLessThan(-0.1)
    expect(run(syntheticRecord(), true).fruitLogLoss.drought).toBe(0)
  })

  it('harvests at the region’s deadline when the fruit never ripens', () => {
    const record = syntheticRecord()
    record.airC.fill(8, Math.floor((Date.UTC(2024, 6, 1) - START) / HOUR_MS))
    const s = run(record)
    expect(s.stageDates.veraison).toBeUndefined()
    expect(s.harvestDate).toBe('2025-01-31')
  })
})

describe('injectSeasonEvents', () => {
  const always: SeededRandom = { uniform: () => 0.5, normal: () => 0, int: (lo) => lo, chance: () => true }

  it('writes each event into the air at its peak, inside its window', () => {
    const record = syntheticRecord()
    const events = injectSeasonEvents(record, jaen, 2024, always)
    expect(events.map((e) => e.kind)).toEqual(['bloom-frost', 'bloom-heat', 'winter-frost', 'autumn-frost'])
    for (const e of events) expect(record.airC[(e.peakMs - START) / HOUR_MS]).toBeCloseTo(e.peakC)
    const frost = events[0]!
    expect(new Date(frost.peakMs).toISOString() >= '2024-04-25' && new Date(frost.peakMs).toISOString() < '2024-06-01').toBe(true)
    expect(frost.peakC).toBeCloseTo(-2) // the middle of −3.5…−0.5
    // The night cools toward the peak and thaws after it.
    const i = (frost.peakMs - START) / HOUR_MS
    expect(record.airC[i - 3]!).toBeGreaterThan(record.airC[i]!)
    expect(record.airC[i + 3]!).toBeGreaterThan(record.airC[i]!)
  })
})
