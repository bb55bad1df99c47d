/**
 * Keeps work on the same keys in the order it was reserved. A job reserves its devices when it
 * starts (before its first await, so in the order the worker took the jobs); its detection then
 * waits until every earlier job holding one of those devices is done. Detectors read a device's
 * readings in time order, and concurrent jobs otherwise finish in any order.
 */
export function createKeySequencer() {
  const tails = new Map<string, Promise<void>>()

  return {
    reserve(keys: Iterable<string>) {
      const unique = [...new Set(keys)]
      const before = unique.map((k) => tails.get(k)).filter((p): p is Promise<void> => p !== undefined)
      let release!: () => void
      const done = new Promise<void>((resolve) => (release = resolve))
      for (const k of unique) tails.set(k, done)
      const settle = () => {
        release()
        for (const k of unique) if (tails.get(k) === done) tails.delete(k)
      }
      return {
        /** Runs `work` once the earlier reservations of these keys are done. */
        async run<T>(work: () => Promise<T>): Promise<T> {
          await Promise.all(before)
          return work()
        },
        /** Must be called once the job is over, whatever happened (idempotent). */
        release: settle,
      }
    },
  }
}

export type KeySequencer = ReturnType<typeof createKeySequencer>
