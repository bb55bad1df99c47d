import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPool } from '../../../platform/postgres/pool.js'
import { AlertTransitionError, createAlertStore, type AlertStore } from '../../../platform/stores/alert-store.js'
import type { DetectorDevice, Finding } from '../../../processors/detectors/detector.js'
import { TEST_POSTGRES_URL, uniqueId } from '../../support/test-config.js'

const pool = createPool({ url: TEST_POSTGRES_URL, poolSize: 8 })
let alerts: AlertStore

const device = (): DetectorDevice => ({ id: uniqueId('hive'), partnerId: uniqueId('partner'), siteId: 'apiary', kind: 'hive' })
const finding = (status: Finding['status'], atMs: number, overrides: Partial<Finding> = {}): Finding => ({
  rule: 'hive.swarm',
  status,
  severity: 'warning',
  atMs,
  summary: 'Weight fell 2.8 kg in 12 min and did not recover: likely swarm',
  evidence: { dropKg: 2.8 },
  ...overrides,
})
const T0 = Date.parse('2026-06-01T12:00:00Z')

beforeAll(() => {
  alerts = createAlertStore(pool)
})
afterAll(() => pool.end())

describe('alert store', () => {
  it('opens one alert per (device, rule) however often and however concurrently the rule fires', async () => {
    const d = device()
    const events = await Promise.all(Array.from({ length: 8 }, (_, i) => alerts.apply(d, finding('firing', T0 + i * 60_000))))
    expect(events.filter((e) => e?.type === 'opened')).toHaveLength(1)
    const listed = await alerts.list({ deviceId: d.id, limit: 10 })
    expect(listed).toHaveLength(1)
    expect(listed[0]).toMatchObject({ status: 'open', openedAt: expect.any(String), lastFiringAt: new Date(T0 + 7 * 60_000).toISOString() })
  })

  it('escalates severity but never lowers it while open', async () => {
    const d = device()
    await alerts.apply(d, finding('firing', T0))
    await alerts.apply(d, finding('firing', T0 + 1, { severity: 'critical' }))
    await alerts.apply(d, finding('firing', T0 + 2, { severity: 'warning' }))
    expect((await alerts.list({ deviceId: d.id, limit: 1 }))[0]!.severity).toBe('critical')
  })

  it('resolves on clear at the reading time, and the next firing opens a new alert', async () => {
    const d = device()
    await alerts.apply(d, finding('firing', T0))
    const resolved = await alerts.apply(d, finding('clear', T0 + 3_600_000, { summary: 'recovered' }))
    expect(resolved).toMatchObject({ type: 'resolved', actor: 'system', comment: 'recovered', alert: { status: 'resolved', resolvedAt: new Date(T0 + 3_600_000).toISOString() } })
    expect(await alerts.apply(d, finding('clear', T0 + 3_700_000))).toBeNull()
    expect((await alerts.apply(d, finding('firing', T0 + 7_200_000)))?.type).toBe('opened')
    expect(await alerts.list({ deviceId: d.id, limit: 10 })).toHaveLength(2)
  })

  it('records who acknowledged and resolved, refuses steps out of order, and hides other partners', async () => {
    const d = device()
    const opened = (await alerts.apply(d, finding('firing', T0)))!
    await expect(alerts.acknowledge(opened.alert.id, 'ops-anna', null, 'someone-else')).rejects.toMatchObject({ kind: 'not_found' })
    const acked = await alerts.acknowledge(opened.alert.id, 'ops-anna', 'on my way', d.partnerId)
    expect(acked.alert).toMatchObject({ status: 'acknowledged', acknowledgedAt: expect.any(String) })
    await expect(alerts.acknowledge(opened.alert.id, 'ops-anna', null)).rejects.toBeInstanceOf(AlertTransitionError)
    await alerts.resolve(opened.alert.id, 'ops-ben', 'swarm caught and rehived')
    await expect(alerts.resolve(opened.alert.id, 'ops-ben', 'again')).rejects.toMatchObject({ kind: 'conflict' })

    const found = await alerts.get(opened.alert.id)
    expect(found?.history.map((h) => [h.change, h.actor, h.comment])).toEqual([
      ['opened', 'system', null],
      ['acknowledged', 'ops-anna', 'on my way'],
      ['resolved', 'ops-ben', 'swarm caught and rehived'],
    ])
    expect(await alerts.get(opened.alert.id, 'someone-else')).toBeNull()
  })
})
