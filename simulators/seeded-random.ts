import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64'
import { uniformInt } from 'pure-rand/distribution/uniformInt'
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus'

/** A reproducible random source: the same seed and the same calls give the same numbers. */
export interface SeededRandom {
  /** In [0, 1). */
  uniform(): number
  normal(mean?: number, sd?: number): number
  /** An integer in [lo, hi], both included. */
  int(lo: number, hi: number): number
  chance(p: number): boolean
}

/**
 * splitmix32 (constants from Chris Wellons' hash-prospector): spreads a small seed over the
 * generator's 128-bit state. pure-rand's own `xoroshiro128plus(seed)` puts the seed in the state as
 * is, and then neighbouring seeds start with nearly the same numbers.
 */
function splitmix32(seed: number): () => number {
  let a = seed | 0
  return () => {
    a = (a + 0x9e3779b9) | 0
    let t = a ^ (a >>> 16)
    t = Math.imul(t, 0x21f0aaad)
    t ^= t >>> 15
    t = Math.imul(t, 0x735a2d97)
    return t ^ (t >>> 15)
  }
}

/**
 * `stream` gives independent sequences from one seed: a model draws its weather from one and its
 * sensor noise from another, so reading more or less often does not change the weather.
 */
export function createSeededRandom(seed: number, stream = 0): SeededRandom {
  const mix = splitmix32(seed ^ Math.imul(stream, 0x632be5ab))
  // xoroshiro128+: fast, small state; its weak lowest bits do not matter for simulation noise.
  const rng = xoroshiro128plusFromState([mix(), mix(), mix(), mix()])
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
