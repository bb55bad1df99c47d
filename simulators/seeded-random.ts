import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64'
import { uniformInt } from 'pure-rand/distribution/uniformInt'
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus'

/** A reproducible random source: the same seed and the same calls give the same numbers. */
export interface SeededRandom {
  /** In [0, 1). */
  uniform(): number
  normal(mean?: number, sd?: number): number
  /** An integer in [lo, hi], both included. */
  int(lo: number, hi: number): number
  chance(p: number): boolean
}

export function createSeededRandom(seed: number): SeededRandom {
  // xoroshiro128+ is fast and passes BigCrush apart from its lowest bits, which uniformFloat64 masks off.
  const rng = xoroshiro128plus(seed)
  // Box–Muller yields normals in pairs; keeping the second halves the draws and keeps sequences
  // reproducible because the spare is part of the generator's state.
  let spare: number | undefined

  const uniform = () => uniformFloat64(rng)

  return {
    uniform,
    normal(mean = 0, sd = 1) {
      if (spare !== undefined) {
        const z = spare
        spare = undefined
        return mean + sd * z
      }
      // 1 − u keeps the logarithm's argument in (0, 1].
      const radius = Math.sqrt(-2 * Math.log(1 - uniform()))
      const angle = 2 * Math.PI * uniform()
      spare = radius * Math.sin(angle)
      return mean + sd * radius * Math.cos(angle)
    },
    int: (lo, hi) => uniformInt(rng, lo, hi),
    chance: (p) => uniform() < p,
  }
}
