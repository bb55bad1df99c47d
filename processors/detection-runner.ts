import type { AlertEvent } from '../platform/alerts/alert-event.js'
import type { Logger } from '../platform/logger.js'
import type { PipelineMetrics } from '../platform/metrics.js'
import type { AlertStore } from '../platform/stores/alert-store.js'
import type { DetectorStateStore } from '../platform/stores/detector-state-store.js'
import type { Detector, DetectorContext, DetectorDevice, DetectorReading } from './detectors/detector.js'
import type { NormalizedReading } from './message-decoder.js'
import { createSiteReference } from './site-reference.js'

export interface DetectionRunnerDeps {
  /** The detectors set for a device's site (its time zone and hemisphere). */
  detectorsFor: (siteId: string) => Promise<readonly Detector<unknown>[]>
  states: DetectorStateStore
  alerts: Pick<AlertStore, 'apply'>
  /** Hands a change to the notification channels; must not throw or block (fire and forget). */
  publish: (event: AlertEvent) => void
  metrics: PipelineMetrics
  logger: Logger
  /** How far apart in time a neighbour's latest sample may be and still serve as reference. */
  siteReferenceToleranceMs: number
}

/**
 * Runs the detectors over the readings a job stored, device by device, and turns their findings
 * into alerts. Per device, under its lock: step every detector over the readings newer than the
 * state's cursor, apply findings, save state. Findings are applied before the state is saved, so a
 * worker killed in between replays the same findings, which the alert store deduplicates.
 */
export function createDetectionRunner(deps: DetectionRunnerDeps) {
  const { metrics } = deps

  async function runDevice(device: DetectorDevice, readings: DetectorReading[]): Promise<void> {
    const detectors = (await deps.detectorsFor(device.siteId)).filter((d) => d.kinds.includes(device.kind))
    await deps.states.update(device.id, device.siteId, async (saved) => {
      const fresh = readings.filter((r) => r.timeMs > saved.cursorMs)
      if (fresh.length < readings.length) metrics.detectorLateReadings.inc(readings.length - fresh.length)
      if (fresh.length === 0) return null

      // Read afresh for each device: in a backfill job, the neighbours run before it have moved their
      // latest samples up to this job's readings, which a snapshot taken at the start would miss.
      const neighbours = [...(await deps.states.siteSamples(device.siteId))].filter(([id]) => id !== device.id).map(([, s]) => s)
      const context: DetectorContext = { device, siteReference: createSiteReference(neighbours, deps.siteReferenceToleranceMs) }

      const states = saved.states
      for (const detector of detectors) {
        const step = detector.step(states[detector.name] ?? detector.initialState(), fresh, context)
        states[detector.name] = step.state
        for (const finding of step.findings) {
          const event = await deps.alerts.apply(device, finding)
          if (!event) continue
          metrics.alertChanges.inc({ rule: finding.rule, change: event.type })
          deps.publish(event)
        }
      }
      const last = fresh.at(-1)!
      return { state: { cursorMs: last.timeMs, states }, sample: { timeMs: last.timeMs, fields: { ...last.fields } } }
    })
  }

  return async function runDetection(readings: readonly NormalizedReading[]): Promise<void> {
    const byDevice = new Map<string, { device: DetectorDevice; readings: DetectorReading[] }>()
    for (const r of readings) {
      let entry = byDevice.get(r.device.id)
      if (!entry) {
        const { id, partnerId, siteId, kind } = r.device
        entry = { device: { id, partnerId, siteId, kind }, readings: [] }
        byDevice.set(id, entry)
      }
      entry.readings.push({ timeMs: r.timeMs, sensor: r.sensor, fields: r.fields })
    }
    for (const { device, readings: deviceReadings } of byDevice.values()) {
      deviceReadings.sort((a, b) => a.timeMs - b.timeMs)
      await runDevice(device, deviceReadings)
    }
  }
}

export type DetectionRunner = ReturnType<typeof createDetectionRunner>
