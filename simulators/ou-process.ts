import type { SeededRandom } from './seeded-random.js'

/**
 * One exact step of an Ornstein–Uhlenbeck process: values that wander around `mean` with standard
 * deviation `sd` and forget their past over `tauH` hours. Weather and nectar supply have that kind of
 * memory (a warm spell lasts days), and the exact update keeps the statistics independent of dtH.
 */
export function ouStep(random: SeededRandom, x: number, mean: number, sd: number, tauH: number, dtH: number): number {
  const decay = Math.exp(-dtH / tauH)
  return mean + (x - mean) * decay + sd * Math.sqrt(1 - decay * decay) * random.normal()
}
