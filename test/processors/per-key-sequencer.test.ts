import { describe, expect, it } from 'vitest'
import { createKeySequencer } from '../../processors/per-key-sequencer.js'

const tick = () => new Promise((r) => setTimeout(r, 5))

describe('createKeySequencer', () => {
  it('runs work on a shared key in reservation order, however long the earlier job takes to get there', async () => {
    const sequencer = createKeySequencer()
    const order: string[] = []
    const first = sequencer.reserve(['hive-1', 'hive-2'])
    const second = sequencer.reserve(['hive-1'])
    const unrelated = sequencer.reserve(['hive-3'])
    const done = [
      (async () => {
        await tick()
        await tick()
        await first.run(async () => void order.push('first'))
        first.release()
      })(),
      second.run(async () => void order.push('second')).finally(second.release),
      unrelated.run(async () => void order.push('unrelated')).finally(unrelated.release),
    ]
    await Promise.all(done)
    expect(order).toEqual(['unrelated', 'first', 'second'])
  })

  it('lets later work go when an earlier job ends without running (it failed before detection)', async () => {
    const sequencer = createKeySequencer()
    const failed = sequencer.reserve(['hive-1'])
    const next = sequencer.reserve(['hive-1'])
    failed.release()
    await expect(next.run(async () => 'ran')).resolves.toBe('ran')
  })
})
