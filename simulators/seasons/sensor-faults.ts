import type { SeededRandom } from '../seeded-random.js'

/**
 * What a field scale does to a clean weight series, after the 2018 BroodMinder downloads
 * (shared/data/README.md): load-cell noise and a temperature coefficient, readings rounded, silences
 * of hours to days, one- or two-sample glitches (tens of kg either way, some negative), half-empty
 * rows, rows delivered twice and a few re-stamped with another value.
 */
export interface FaultRates {
  /** Expected number per hive-season. */
  gaps: number
  spikes: number
  emptyRows: number
  duplicates: number
  conflictingDuplicates: number
  /** Share of gaps that last 12–72 h rather than 1–5 h. */
  longGapShare: number
}

export const DEFAULT_FAULT_RATES: FaultRates = { gaps: 1.5, spikes: 3, emptyRows: 6, duplicates: 3, conflictingDuplicates: 0.5, longGapShare: 0.3 }

export interface ScaleRow {
  timeMs: number
  weightKg: number | null
}

export interface FaultTruth {
  gaps: { fromMs: number; toMs: number }[]
  spikes: number[]
}

const HOUR = 3_600_000

/** Knuth's method: fine for the small means used here. */
function poisson(random: SeededRandom, mean: number): number {
  const limit = Math.exp(-mean)
  let n = 0
  for (let p = random.uniform(); p > limit; p *= random.uniform()) n++
  return n
}

export function applySensorFaults(
  series: readonly { timeMs: number; weightKg: number; airTempC: number }[],
  random: SeededRandom,
  rates: FaultRates = DEFAULT_FAULT_RATES,
): { rows: ScaleRow[]; faults: FaultTruth } {
  const noiseSd = 0.008 + 0.012 * random.uniform()
  // Load cells drift with temperature; good hive scales stay within ~0.1 kg over a day's swing.
  const kgPerC = (random.uniform() * 2 - 1) * 0.01
  const rows: ScaleRow[] = series.map((s) => ({
    timeMs: s.timeMs,
    weightKg: Math.round((s.weightKg + kgPerC * (s.airTempC - 15) + random.normal(0, noiseSd)) * 200) / 200,
  }))
  if (rows.length === 0) return { rows, faults: { gaps: [], spikes: [] } }
  const firstMs = rows[0]!.timeMs
  const spanMs = rows.at(-1)!.timeMs - firstMs
  const faults: FaultTruth = { gaps: [], spikes: [] }

  for (let n = poisson(random, rates.gaps); n > 0; n--) {
    const durationMs = (random.chance(rates.longGapShare) ? 12 + 60 * random.uniform() : 1 + 4 * random.uniform()) * HOUR
    const fromMs = firstMs + random.uniform() * spanMs
    faults.gaps.push({ fromMs, toMs: fromMs + durationMs })
  }
  const index = () => random.int(0, rows.length - 1)
  for (let n = poisson(random, rates.spikes); n > 0; n--) {
    const i = index()
    const width = random.chance(0.3) ? 2 : 1
    const jump = random.chance(0.5) ? 30 + 45 * random.uniform() : -(30 + 60 * random.uniform())
    for (let j = i; j < Math.min(rows.length, i + width); j++) {
      const row = rows[j]!
      if (row.weightKg !== null) row.weightKg = Math.round((row.weightKg + jump) * 200) / 200
      faults.spikes.push(row.timeMs)
    }
  }
  for (let n = poisson(random, rates.emptyRows); n > 0; n--) rows[index()]!.weightKg = null
  const extra: ScaleRow[] = []
  for (let n = poisson(random, rates.duplicates); n > 0; n--) extra.push({ ...rows[index()]! })
  for (let n = poisson(random, rates.conflictingDuplicates); n > 0; n--) {
    const row = rows[index()]!
    if (row.weightKg !== null) extra.push({ timeMs: row.timeMs, weightKg: row.weightKg + 1 + 4 * random.uniform() })
  }
  const inGap = (t: number) => faults.gaps.some((g) => t >= g.fromMs && t < g.toMs)
  // Downloads arrive out of order: the store hands rows back sorted, repeats included.
  return { rows: [...rows, ...extra].filter((r) => !inGap(r.timeMs)).sort((x, y) => x.timeMs - y.timeMs), faults }
}
