import { randomUUID } from 'node:crypto'
import type { AlertEvent } from '../../../platform/alerts/alert-event.js'
import type { Rule, Severity } from '../../../processors/detectors/detector.js'

/** An alert event as a detector would publish it; each call is a new alert unless `alertId` is given. */
export function alertEvent(
  overrides: { partnerId?: string; severity?: Severity; rule?: Rule; type?: AlertEvent['type']; alertId?: string } = {},
): AlertEvent {
  const at = new Date().toISOString()
  return {
    type: overrides.type ?? 'opened',
    alert: {
      id: overrides.alertId ?? randomUUID(),
      partnerId: overrides.partnerId ?? 'partner-a',
      siteId: 'apiary-1',
      deviceId: 'hive-1',
      productId: null,
      rule: overrides.rule ?? 'hive.swarm',
      severity: overrides.severity ?? 'critical',
      status: 'open',
      summary: 'The hive lost 1.8 kg in 6 minutes around noon: probably a swarm.',
      evidence: { lossKg: 1.8, minutes: 6, broodTempDrop: true },
      openedAt: at,
      lastFiringAt: at,
      acknowledgedAt: null,
      resolvedAt: null,
    },
    actor: 'system',
    comment: null,
    at,
  }
}
