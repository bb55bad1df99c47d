import type pg from 'pg'
import type { Config } from '../platform/config.js'
import type { Logger } from '../platform/logger.js'
import { createPointsServices } from '../platform/points/index.js'
import { createStockServices } from '../platform/stock/index.js'

/**
 * The daily duties of the stock and points services, run by one processors instance per tick:
 * credit points for production milestones (idempotent), warn 60 days before points expire (once per
 * credit) and debit what is due, and check each product's projected cover. Warnings and findings
 * are logged with their ids for ops; delivering them to supporters and into the alert lifecycle is
 * not built yet (see README).
 */
export function createLedgerDuties(pool: pg.Pool, config: Config, logger: Logger) {
  const points = createPointsServices(pool, { creditExpiryMonths: config.MTC_POINTS_EXPIRY_MONTHS, warnDays: config.MTC_POINTS_WARN_DAYS })
  const stock = createStockServices(pool, {
    oilFraction: config.MTC_OLIVE_OIL_FRACTION,
    demandWindowDays: config.MTC_STOCK_DEMAND_DAYS,
    horizonDays: config.MTC_STOCK_HORIZON_DAYS,
    minCoverDays: config.MTC_STOCK_MIN_COVER_DAYS,
  })
  return async function runLedgerDuties(nowMs: number): Promise<Record<string, number>> {
    const now = new Date(nowMs)
    const credited = await points.attribution.attributeProductionPoints(now)
    const { warnings, expired } = await points.expiry.runPointsExpiry(now)
    for (const w of warnings) logger.info({ accountId: w.accountId, creditId: w.creditId, points: w.points, expiresAt: w.expiresAt }, 'points expire in 60 days')
    const findings = await stock.projection.checkStockCover(now)
    for (const f of findings) logger.warn({ productId: f.productId, partnerId: f.partnerId, kind: f.kind, coverDays: f.coverDays }, 'stock cover under its threshold')
    return { credited: credited.length, warned: warnings.length, expired: expired.length, stockFindings: findings.length }
  }
}
