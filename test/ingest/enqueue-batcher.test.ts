import { describe, expect, it } from 'vitest'
import { BackpressureError, createEnqueueBatcher } from '../../ingest/enqueue-batcher.js'

const options = { maxWaitMs: 5, maxBatch: 3, maxPending: 10, timeoutMs: 200 }

describe('createEnqueueBatcher', () => {
  it('gathers items into batches by size and by time, resolving each once its batch is stored', async () => {
    const batches: number[][] = []
    const batcher = createEnqueueBatcher<number>({ ...options, enqueue: async (items) => void batches.push(items) })
    await Promise.all([1, 2, 3, 4, 5].map((n) => batcher.add(n)))
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5],
    ])
    expect(batcher.pending).toBe(0)
  })

  it('rejects every item of a batch whose enqueue fails, and none of the next', async () => {
    let fail = true
    const batcher = createEnqueueBatcher<number>({
      ...options,
      enqueue: async () => {
        if (fail) throw new Error('Redis down')
      },
    })
    const first = await Promise.allSettled([batcher.add(1), batcher.add(2)])
    expect(first.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    fail = false
    await expect(batcher.add(3)).resolves.toBeUndefined()
  })

  it('refuses at once past maxPending (backpressure) and times out a hung enqueue', async () => {
    const batcher = createEnqueueBatcher<number>({ ...options, maxPending: 2, enqueue: () => new Promise(() => undefined) })
    const held = [batcher.add(1), batcher.add(2)]
    await expect(batcher.add(3)).rejects.toBeInstanceOf(BackpressureError)
    await expect(Promise.all(held)).rejects.toThrow(/enqueue did not answer within 200 ms/)
    expect(batcher.pending).toBe(0)
  })

  it('drain sends what was gathered without waiting for the timer', async () => {
    const batches: number[][] = []
    const batcher = createEnqueueBatcher<number>({ ...options, maxWaitMs: 60_000, enqueue: async (items) => void batches.push(items) })
    const added = batcher.add(7)
    await batcher.drain()
    await added
    expect(batches).toEqual([[7]])
  })
})
