import { withTimeout } from '../platform/timeout.js'

/** The message cannot be taken now; the broker withholds the PUBACK and the device resends later. */
export class BackpressureError extends Error {
  override name = 'BackpressureError'
}

export interface EnqueueBatcherOptions<T> {
  /** Durably stores one batch; resolves only when it is safe to acknowledge every item in it. */
  enqueue: (items: T[]) => Promise<void>
  /** How long the first item of a batch waits for company. */
  maxWaitMs: number
  maxBatch: number
  /** Items accepted but not yet durably enqueued; past it `add` refuses at once. */
  maxPending: number
  /** An enqueue taking longer than this counts as failed (its items are refused; a late success only duplicates). */
  timeoutMs: number
}

/**
 * Gathers items for at most `maxWaitMs` (or `maxBatch` items) into one durable enqueue, and
 * settles each item's promise with that enqueue's outcome. One Redis round trip then
 * acknowledges many PUBLISHes (DESIGN invariant 1: ≈57k/s batched vs ≈20k/s one job each).
 */
export function createEnqueueBatcher<T>(options: EnqueueBatcherOptions<T>) {
  let batch: { items: T[]; settle: { resolve: () => void; reject: (e: Error) => void }[] } | null = null
  let timer: NodeJS.Timeout | null = null
  let pending = 0
  const inFlight = new Set<Promise<void>>()

  function flush(): void {
    if (timer) clearTimeout(timer)
    timer = null
    const current = batch
    batch = null
    if (!current) return
    const done = withTimeout(options.enqueue(current.items), options.timeoutMs, 'enqueue').then(
      () => current.settle.forEach((s) => s.resolve()),
      (error: Error) => current.settle.forEach((s) => s.reject(error)),
    )
    const tracked = done.finally(() => {
      pending -= current.items.length
      inFlight.delete(tracked)
    })
    inFlight.add(tracked)
  }

  return {
    add(item: T): Promise<void> {
      if (pending >= options.maxPending) {
        return Promise.reject(new BackpressureError(`enqueue buffer full (${options.maxPending} messages pending)`))
      }
      pending += 1
      return new Promise<void>((resolve, reject) => {
        batch ??= { items: [], settle: [] }
        batch.items.push(item)
        batch.settle.push({ resolve, reject })
        if (batch.items.length >= options.maxBatch) flush()
        else timer ??= setTimeout(flush, options.maxWaitMs)
      })
    },

    get pending(): number {
      return pending
    },

    /** Sends what is gathered and waits for every enqueue under way. */
    async drain(): Promise<void> {
      flush()
      await Promise.allSettled([...inFlight])
    },
  }
}

export type EnqueueBatcher<T> = ReturnType<typeof createEnqueueBatcher<T>>
