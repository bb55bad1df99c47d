import type pg from 'pg'
import type { DeviceKind } from '../../../firmware-contracts/index.js'
import type { AuditContext, Lot, NewProduct, Product, StockServices } from '../../../platform/stock/index.js'
import { provisionPartner } from '../../support/provisioning.js'
import { uniqueId } from '../../support/test-config.js'

export const audit = (reason = 'test', actor = 'ops-test'): AuditContext => ({ actor, reason, requestId: uniqueId('req') })

/** A partner with one site and one device of `kind`, straight into the registry. */
export async function seedProducer(pool: pg.Pool, kind: DeviceKind = 'hive') {
  const [device] = await provisionPartner(pool, { [kind]: 1 })
  return { partnerId: device!.partnerId, siteId: device!.siteId, deviceId: device!.deviceId }
}

export function seedProduct(stock: StockServices, partnerId: string, over: Partial<NewProduct> = {}): Promise<Product> {
  return stock.products.create({
    id: uniqueId('honey-jar'),
    partnerId,
    name: 'Wildflower honey 250 g',
    kind: 'honey',
    unit: 'jar 250 g',
    unitKg: 0.25,
    receivesHarvests: false,
    minCoverDays: null,
    createdBy: 'ops-test',
    ...over,
  })
}

/** A lot made and confirmed with `units`, as ops would do for a batch bought in. */
export async function stockedLot(stock: StockServices, productId: string, units: number, bestBefore: string | null = null): Promise<Lot> {
  const lot = await stock.lots.create({ productId, harvestedOn: '2026-05-01', bestBefore }, audit('batch bought in'))
  return stock.lots.confirm(lot.id, { quantity: units }, audit('counted on arrival'))
}
