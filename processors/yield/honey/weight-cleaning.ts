import type { NetGainOptions } from './net-gain-options.js'

/** One row from the store: half-empty rows carry no weight. */
export interface WeightSample {
  timeMs: number
  weightKg: number | null | undefined
}

export interface CleanSample {
  t: number
  kg: number
}

export interface CleaningReport {
  /** Rows without a finite time or weight. */
  empty: number
  /** Weights outside the valid range (negative glitches, overflow). */
  outOfRange: number
  /** Rows merged into another at the same instant (re-delivery: same value). */
  duplicates: number
  /** Rows dropped because others at the same instant disagreed (which one is right is unknown). */
  conflicting: number
}

/**
 * Time-ordered samples, one per instant, each a plausible weight. Rows are taken as stored: store-
 * and-forward downloads repeat rows and re-stamp some (250 rows of one 2018 scale share a
 * timestamp with different values), so an instant whose rows disagree is dropped rather than guessed.
 */
export function cleanWeights(samples: readonly WeightSample[], o: NetGainOptions): { samples: CleanSample[]; report: CleaningReport } {
  const report: CleaningReport = { empty: 0, outOfRange: 0, duplicates: 0, conflicting: 0 }
  const valid: CleanSample[] = []
  for (const sample of samples) {
    const kg = sample.weightKg
    if (!Number.isFinite(sample.timeMs) || typeof kg !== 'number' || !Number.isFinite(kg)) report.empty++
    else if (kg < o.validRangeKg.min || kg > o.validRangeKg.max) report.outOfRange++
    else valid.push({ t: sample.timeMs, kg })
  }
  valid.sort((x, y) => x.t - y.t || x.kg - y.kg)
  const clean: CleanSample[] = []
  for (let i = 0; i < valid.length; ) {
    let j = i + 1
    while (j < valid.length && valid[j]!.t === valid[i]!.t) j++
    // Sorted by weight within an instant: first and last rows bound the disagreement.
    if (valid[j - 1]!.kg - valid[i]!.kg > o.duplicateToleranceKg) report.conflicting += j - i
    else {
      report.duplicates += j - i - 1
      clean.push(valid[i]!)
    }
    i = j
  }
  return { samples: clean, report }
}
