import type pg from 'pg'
import type { AlertEvent } from '../platform/alerts/alert-event.js'
import type { Config } from '../platform/config.js'
import type { Logger } from '../platform/logger.js'
import type { PointsNotices } from '../platform/notifications/points-notices.js'
import { createPointsServices } from '../platform/points/index.js'
import { createStockServices, type StockFinding } from '../platform/stock/index.js'
import type { AlertStore } from '../platform/stores/alert-store.js'
import type { Finding } from './detectors/detector.js'

/** A product short of cover, as an alert: a stock-out risk is critical, a need to replenish a warning. */
function stockAlert(f: StockFinding, atMs: number): { partnerId: string; productId: string; finding: Finding } {
  const stockOut = f.kind === 'stock_out_risk'
  return {
    partnerId: f.partnerId,
    productId: f.productId,
    finding: {
      rule: stockOut ? 'stock.stock_out_risk' : 'stock.replenish',
      status: 'firing',
      severity: stockOut ? 'critical' : 'warning',
      atMs,
      summary: stockOut
        ? `Projected to run out in ${Math.round(f.coverDays)} days, even with pending lots and forecast production`
        : `Shelves run out in ${Math.round(f.coverDays)} days: confirm pending lots or bottle before then`,
      evidence: { ...f.evidence, coverDays: Math.round(f.coverDays * 10) / 10 },
    },
  }
}

export interface LedgerDutiesDeps {
  pool: pg.Pool
  config: Config
  logger: Logger
  alerts: Pick<AlertStore, 'applyStockFindings'>
  /** Stock alerts' changes go out on the alert-event bus. */
  publish: (event: AlertEvent) => void
  /** Expiry warnings go to the supporter platform's webhooks. */
  pointsNotices: PointsNotices
}

/**
 * The daily duties of the stock and points services, run by one processors instance per tick:
 * credit points for production milestones (idempotent), warn 60 days before points expire (once per
 * credit, sent to the `points` webhooks) and debit what is due, and check each product's projected
 * cover: a product short of cover gets an alert (and its notifications), resolved once cover is back.
 */
export function createLedgerDuties(deps: LedgerDutiesDeps) {
  const { pool, config, logger, alerts, publish, pointsNotices } = deps
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
    for (const w of warnings) logger.info({ accountId: w.accountId, creditId: w.creditId, points: w.points, expiresAt: w.expiresAt }, 'points expiry warning')
    // Redis away: the notices wait, pending, for the next run; the stock check still runs.
    const noticesEnqueued = await pointsNotices.send(now).catch((error: Error) => {
      logger.warn({ err: error.message }, 'points notices not enqueued: the next run sends them')
      return 0
    })
    const findings = await stock.projection.checkStockCover(now)
    const changes = await alerts.applyStockFindings(findings.map((f) => stockAlert(f, nowMs)), nowMs)
    for (const event of changes) publish(event)
    return { credited: credited.length, warned: warnings.length, noticesEnqueued, expired: expired.length, stockFindings: findings.length, stockAlertChanges: changes.length }
  }
}
