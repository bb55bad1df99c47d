import { Redis } from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'
import { createDetectorStateStore, type DeviceDetectionState } from '../../../platform/stores/detector-state-store.js'
import { testConfig, uniqueId } from '../../support/test-config.js'

const config = testConfig()
const redis = new Redis(config.MTC_REDIS_URL)
afterAll(() => redis.quit())

/** Two stores on one Redis stand for two processors processes. */
function processStore(cacheSize = 100) {
  const lookups: boolean[] = []
  const store = createDetectorStateStore(redis, config.MTC_QUEUE_PREFIX, { lockTtlMs: 5000, lockWaitMs: 5000, cacheSize, onCacheLookup: (hit) => lookups.push(hit) })
  return { store, lookups }
}

const counter = (state: DeviceDetectionState) => (state.states.counter as { n: number } | undefined)?.n ?? 0

/** One detection run: adds one to the device's counter, as a detector updating its state in place. */
function increment(store: ReturnType<typeof processStore>['store'], deviceId: string, siteId: string) {
  return store.update(deviceId, siteId, async (state) => {
    state.states.counter = { n: counter(state) + 1 }
    return { state: { cursorMs: counter(state), states: state.states }, sample: { timeMs: counter(state), fields: { temp_ambient_c: 20 } } }
  })
}

async function read(store: ReturnType<typeof processStore>['store'], deviceId: string, siteId: string): Promise<number> {
  let n = -1
  await store.update(deviceId, siteId, async (state) => {
    n = counter(state)
    return null
  })
  return n
}

describe('detector state store', () => {
  it('serves a state from memory while no other process ran the device, and from Redis once one did', async () => {
    const device = uniqueId('hive')
    const site = uniqueId('apiary')
    const a = processStore()
    const b = processStore()

    await increment(a.store, device, site)
    await increment(a.store, device, site)
    expect(a.lookups).toEqual([false, true])

    await increment(b.store, device, site)
    expect(b.lookups).toEqual([false])
    expect(await read(a.store, device, site)).toBe(3)
    expect(a.lookups.at(-1)).toBe(false)
    expect((await a.store.siteSamples(site)).get(device)).toEqual({ timeMs: 3, fields: { temp_ambient_c: 20 } })
  })

  it('drops what a failed run changed in memory: the retry starts from the state in Redis', async () => {
    const device = uniqueId('hive')
    const site = uniqueId('apiary')
    const a = processStore()
    await increment(a.store, device, site)
    const failed = a.store.update(device, site, async (state) => {
      state.states.counter = { n: 99 }
      throw new Error('PostgreSQL away')
    })
    await expect(failed).rejects.toThrow('PostgreSQL away')
    expect(await read(a.store, device, site)).toBe(1)
    expect(a.lookups.at(-1)).toBe(false)
  })

  it('serialises runs of one device across processes, and keeps at most cacheSize devices in memory', async () => {
    const device = uniqueId('hive')
    const site = uniqueId('apiary')
    const a = processStore(1)
    const b = processStore(1)
    await Promise.all(Array.from({ length: 20 }, (_, i) => increment((i % 2 ? a : b).store, device, site)))
    expect(await read(a.store, device, site)).toBe(20)

    const other = uniqueId('hive')
    await increment(a.store, other, site)
    await read(a.store, device, site)
    expect(a.lookups.at(-1)).toBe(false)
  })
})
