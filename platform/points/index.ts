/**
 * The points ledger: supporters' accounts, credits from production milestones (points_rules) and by
 * hand, each with its expiry; debits that record which credits they consumed; the daily expiry job
 * with its one-time warnings; and conversions of points into products that reserve stock atomically.
 */
import type pg from 'pg'
import { createAccountStore, type AccountStore } from './account-store.js'
import { createCatalogueStore, type CatalogueStore } from './catalogue-store.js'
import { createConversions, type Conversions } from './conversion.js'
import { createPointsAttribution, type PointsAttribution } from './points-attribution.js'
import { createPointsExpiry, type PointsExpiry, type PointsExpiryOptions } from './points-expiry.js'
import { createPointsLedger, type PointsLedger } from './points-ledger.js'
import { createRuleStore, type RuleStore } from './rule-store.js'

export * from './points-rules.js'
export { createAccountStore, type AccountStore, type Backing, type PointsAccount } from './account-store.js'
export { createRuleStore, type RuleStore } from './rule-store.js'
export { createPointsLedger, lockAccount, openCredits, writeDebit, type AccountBalance, type EntryKind, type OpenCredit, type PointsEntry, type PointsLedger } from './points-ledger.js'
export { createPointsAttribution, type AttributedCredit, type PointsAttribution } from './points-attribution.js'
export { createPointsExpiry, type ExpiredCredit, type ExpiryWarning, type PointsExpiry, type PointsExpiryOptions } from './points-expiry.js'
export { createCatalogueStore, type CatalogueItem, type CatalogueStore } from './catalogue-store.js'
export { ConversionError, conversionRefusals, createConversions, type Conversion, type ConversionRefusal, type ConversionRequest, type Conversions } from './conversion.js'

export interface PointsOptions extends PointsExpiryOptions {
  /** Validity of credits given by hand when none is named; rules carry their own. */
  creditExpiryMonths: number
}

export interface PointsServices {
  accounts: AccountStore
  rules: RuleStore
  ledger: PointsLedger
  catalogue: CatalogueStore
  conversions: Conversions
  attribution: PointsAttribution
  expiry: PointsExpiry
  options: PointsOptions
}

/** Defaults from the brief: credits valid 24 months, a warning 60 days before they expire. */
export const POINTS_DEFAULTS: PointsOptions = { creditExpiryMonths: 24, warnDays: 60 }

export function createPointsServices(pool: pg.Pool, options: Partial<PointsOptions> = {}): PointsServices {
  const settings = { ...POINTS_DEFAULTS, ...options }
  return {
    accounts: createAccountStore(pool),
    rules: createRuleStore(pool),
    ledger: createPointsLedger(pool),
    catalogue: createCatalogueStore(pool),
    conversions: createConversions(pool),
    attribution: createPointsAttribution(pool),
    expiry: createPointsExpiry(pool, settings),
    options: settings,
  }
}
