import { afterAll, describe, expect, it } from 'vitest'
import { createPointsServices } from '../../../platform/points/index.js'
import { createPool } from '../../../platform/postgres/pool.js'
import { createStockServices } from '../../../platform/stock/index.js'
import { createInterventionStore } from '../../../platform/stores/intervention-store.js'
import { createYieldStore } from '../../../platform/stores/yield-store.js'
import { TEST_POSTGRES_URL, uniqueId } from '../../support/test-config.js'
import { audit, seedProducer, seedProduct, stockedLot } from '../stock/stock-fixtures.js'

const pool = createPool({ url: TEST_POSTGRES_URL, poolSize: 8 })
const points = createPointsServices(pool, { warnDays: 60 })
const stock = createStockServices(pool)
const yields = createYieldStore(pool)
const interventions = createInterventionStore(pool)
const rulesMade: string[] = []
afterAll(async () => {
  // Rules apply to every backing in the database: retire this file's so later runs start clean.
  for (const id of rulesMade) await points.rules.setActive(id, false)
  await pool.end()
})

const DAY_MS = 86_400_000
// Relative to the real clock: the expiry job is global, and other test files' credits expire years ahead.
const NOW = new Date()
const inDays = (days: number) => new Date(NOW.getTime() + days * DAY_MS)

async function account() {
  return points.accounts.create({ id: uniqueId('supporter'), displayName: 'Supporter', createdBy: 'ops-test' })
}

async function rule(scope: 'hive' | 'grove', milestonesKg: number[], pts: number) {
  const created = await points.rules.create({ id: uniqueId(`${scope}-milestones`), scope, milestonesKg, points: pts, expiryMonths: 24, active: true, description: null, createdBy: 'ops-test' })
  rulesMade.push(created.id)
  return created
}

function hiveEstimate(partnerId: string, deviceId: string, seasonToDateKg: number) {
  return yields.addEstimate({
    scope: 'hive',
    scopeId: deviceId,
    partnerId,
    product: 'honey',
    season: '2026',
    modelVersion: 'test',
    inputsFrom: new Date('2026-03-01T00:00:00Z'),
    inputsTo: NOW,
    estimate: { seasonToDateKg, harvestableKg: 0, forecast: { expectedSeasonKg: 30 } },
  })
}

describe('points attribution', () => {
  it('credits the backers of a hive once per milestone and season, however often and concurrently it runs', async () => {
    const producer = await seedProducer(pool, 'hive')
    const honeyRule = await rule('hive', [5, 10, 20], 50)
    const alice = await account()
    const bob = await account()
    await points.accounts.back({ accountId: alice.id, scope: 'hive', subjectId: producer.deviceId, startedAt: inDays(-30), createdBy: 'ops-test' })
    const bobs = await points.accounts.back({ accountId: bob.id, scope: 'hive', subjectId: producer.deviceId, startedAt: inDays(-30), createdBy: 'ops-test' })
    await hiveEstimate(producer.partnerId, producer.deviceId, 12)

    const runs = await Promise.all(Array.from({ length: 4 }, () => points.attribution.attributeProductionPoints(NOW)))
    // Rules apply to every backing in the database, other tests' too: look at this test's accounts.
    const mine = runs.flat().filter((c) => c.ruleId === honeyRule.id && [alice.id, bob.id].includes(c.accountId))
    const key = (c: { accountId: string; milestoneKg: number }) => `${c.accountId}@${c.milestoneKg}`
    expect(mine.map(key).sort()).toEqual([`${alice.id}@5`, `${alice.id}@10`, `${bob.id}@5`, `${bob.id}@10`].sort())
    const creditedBy = async (accountId: string) =>
      (await points.ledger.entries({ accountId, limit: 100 })).filter((e) => e.ruleId === honeyRule.id).reduce((sum, e) => sum + e.points, 0)
    expect(await creditedBy(alice.id)).toBe(100)

    // Bob stops backing; the hive then passes 20 kg: only Alice is credited.
    await points.accounts.endBacking(bobs.id, inDays(-1))
    await hiveEstimate(producer.partnerId, producer.deviceId, 21.4)
    const later = (await points.attribution.attributeProductionPoints(NOW)).filter((c) => c.ruleId === honeyRule.id && [alice.id, bob.id].includes(c.accountId))
    expect(later).toEqual([expect.objectContaining({ accountId: alice.id, milestoneKg: 20, season: '2026', points: 50, subjectId: producer.deviceId })])
    expect(await creditedBy(bob.id)).toBe(100)
    const [entry] = (await points.ledger.entries({ accountId: alice.id, limit: 100 })).filter((e) => e.ruleId === honeyRule.id)
    expect(entry).toMatchObject({ kind: 'credit', actor: 'system', reason: expect.stringContaining('passed 20 kg'), ruleId: honeyRule.id })
    expect(entry!.expiresAt!.getTime() - NOW.getTime()).toBeGreaterThan(729 * DAY_MS)
  })

  it("credits a grove's backers from the olive fruit recorded as harvested this season", async () => {
    const producer = await seedProducer(pool, 'grove')
    const oliveRule = await rule('grove', [500, 1000], 80)
    const carol = await account()
    await points.accounts.back({ accountId: carol.id, scope: 'grove', subjectId: producer.siteId, startedAt: inDays(-10), createdBy: 'ops-test' })
    await interventions.add({ partnerId: producer.partnerId, siteId: producer.siteId, deviceId: null, kind: 'olive_harvest', occurredAt: inDays(-2), kg: 620, notes: null, recordedBy: 'grower' })
    const credits = (await points.attribution.attributeProductionPoints(NOW)).filter((c) => c.accountId === carol.id && c.ruleId === oliveRule.id)
    expect(credits).toEqual([expect.objectContaining({ accountId: carol.id, milestoneKg: 500, points: 80 })])
    await expect(points.accounts.back({ accountId: carol.id, scope: 'hive', subjectId: producer.siteId, startedAt: NOW, createdBy: 'ops-test' })).rejects.toMatchObject({
      kind: 'not_found',
    })
  })
})

describe('points expiry and spending', () => {
  async function catalogueProduct(pointPrice: number) {
    const producer = await seedProducer(pool)
    const product = await seedProduct(stock, producer.partnerId)
    await stockedLot(stock, product.id, 100)
    await points.catalogue.put({ productId: product.id, pointPrice, active: true, updatedBy: 'ops-test' })
    return product
  }
  const convert = (accountId: string, productId: string, quantity: number, now = NOW) =>
    points.conversions.convert({ accountId, productId, quantity, actor: 'supporter-key', requestId: uniqueId('req'), now })

  it('spends the oldest-expiring points first and records which credits each debit consumed', async () => {
    const dana = await account()
    const late = await points.ledger.credit({ accountId: dana.id, points: 100, expiresAt: inDays(300) }, audit('welcome'))
    const soon = await points.ledger.credit({ accountId: dana.id, points: 100, expiresAt: inDays(100) }, audit('campaign'))
    const middle = await points.ledger.credit({ accountId: dana.id, points: 100, expiresAt: inDays(200) }, audit('campaign'))
    const product = await catalogueProduct(50)

    const conversion = await convert(dana.id, product.id, 3)
    expect(conversion.consumedCredits).toEqual([
      { creditId: soon.id, points: 100 },
      { creditId: middle.id, points: 50 },
    ])
    const balance = await points.ledger.balance(dana.id, NOW)
    expect(balance).toMatchObject({ balance: 150, spendable: 150, awaitingExpiry: 0 })
    expect(balance.credits.map((c) => [c.id, c.available])).toEqual([
      [middle.id, 50],
      [late.id, 100],
    ])
    const [debit] = await points.ledger.entries({ accountId: dana.id, limit: 1 })
    expect(debit).toMatchObject({ kind: 'debit', points: -150, conversionId: conversion.id, actor: 'supporter-key', allocations: conversion.consumedCredits })
  })

  it('warns 60 days ahead once per credit, and expires what each credit has left at its date', async () => {
    const erin = await account()
    const lapsed = await points.ledger.credit({ accountId: erin.id, points: 100, expiresAt: inDays(-1) }, audit())
    const spent = await points.ledger.credit({ accountId: erin.id, points: 30, expiresAt: inDays(20) }, audit())
    const soon = await points.ledger.credit({ accountId: erin.id, points: 40, expiresAt: inDays(50) }, audit())
    const later = await points.ledger.credit({ accountId: erin.id, points: 70, expiresAt: inDays(70) }, audit())
    const product = await catalogueProduct(10)
    // Three days ago 60 points came out of the credit that lapsed yesterday; today 30 out of the next one.
    await convert(erin.id, product.id, 6, inDays(-3))
    await convert(erin.id, product.id, 3)
    expect(await points.ledger.balance(erin.id, NOW)).toMatchObject({ balance: 150, spendable: 110, awaitingExpiry: 40 })

    const first = await points.expiry.runPointsExpiry(NOW)
    // The spent credit is within 60 days too, but has nothing left to warn about.
    expect(first.warnings.filter((w) => w.accountId === erin.id)).toEqual([{ creditId: soon.id, accountId: erin.id, points: 40, expiresAt: inDays(50) }])
    expect(first.expired.filter((e) => e.accountId === erin.id)).toEqual([expect.objectContaining({ creditId: lapsed.id, points: 40, expiresAt: inDays(-1) })])
    const again = await points.expiry.runPointsExpiry(NOW)
    expect([...again.warnings, ...again.expired].filter((x) => x.accountId === erin.id)).toEqual([])
    expect(await points.ledger.balance(erin.id, NOW)).toMatchObject({ balance: 110, spendable: 110, awaitingExpiry: 0 })

    // 61 days on: the 70-point credit comes within 60 days, the 40-point one has expired.
    const on = await points.expiry.runPointsExpiry(inDays(61))
    expect(on.warnings.filter((w) => w.accountId === erin.id).map((w) => w.creditId)).toEqual([later.id])
    expect(on.expired.filter((e) => e.accountId === erin.id).map((e) => [e.creditId, e.points])).toEqual([[soon.id, 40]])
    const [expiry] = await points.ledger.entries({ accountId: erin.id, limit: 1 })
    expect(expiry).toMatchObject({ kind: 'expiry', points: -40, expiredCreditId: soon.id, occurredAt: inDays(50), actor: 'system', allocations: [{ creditId: soon.id, points: 40 }] })
    expect((await points.ledger.balance(erin.id, inDays(61))).credits.map((c) => [c.id, c.available])).toEqual([[later.id, 70]])
    expect(spent.points).toBe(30)
  })

  it('refuses, in the database, to change or remove points ledger rows', async () => {
    const client = await pool.connect()
    const attempt = async (sql: string) => {
      await client.query('BEGIN')
      try {
        await client.query(sql)
        return 'allowed'
      } catch (error) {
        return (error as Error).message
      } finally {
        await client.query('ROLLBACK')
      }
    }
    try {
      expect(await attempt('UPDATE points_entries SET points = points * 2')).toMatch(/points_entries is append-only: UPDATE refused/)
      expect(await attempt('DELETE FROM points_entries')).toMatch(/points_entries is append-only: DELETE refused/)
      expect(await attempt('DELETE FROM points_allocations')).toMatch(/points_allocations is append-only: DELETE refused/)
      expect(await attempt('UPDATE conversions SET quantity = 0')).toMatch(/conversions is append-only: UPDATE refused/)
      expect(await attempt('DELETE FROM points_expiry_warnings')).toMatch(/points_expiry_warnings is append-only: DELETE refused/)
      expect(await attempt('TRUNCATE points_allocations')).toMatch(/append-only: TRUNCATE refused/)
    } finally {
      client.release()
    }
  })
})
