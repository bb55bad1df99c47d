import type { Rule } from '../processors/detectors/detector.js'
import type { LabelledEvent } from '../simulators/scenarios/labelled-event.js'
import { percentile } from '../simulators/percentile.js'

/** An alert as the scorer needs it: which device, which rule, when it opened (reading time). */
export interface ScoredAlert {
  deviceId: string
  rule: Rule
  severity: 'info' | 'warning' | 'critical'
  openedAtMs: number
}

export interface MatchWindow {
  /** An alert this long before the labelled start still counts (precursor signs). */
  leadMs: number
  /** ...and this long after the labelled end. */
  graceMs: number
}

export interface RuleScore {
  rule: Rule
  events: number
  detected: number
  alerts: number
  truePositiveAlerts: number
  falseAlarms: number
  precision: number
  recall: number
  f1: number
  /** Median of (alert opened − event onset), clamped at 0, over detected events. */
  medianDelayMs: number
  falseAlarmsPerDeviceMonth: number
}

const MONTH_MS = 30 * 24 * 3_600_000

/**
 * When the event itself begins, for the delay: a swarm's label opens with the nest warming
 * 10–30 min before the bees leave (a precursor); the colony is gone from the moment they leave.
 */
function onsetMs(event: LabelledEvent): number {
  const warmUpMin = event.details.warmUpMin
  return event.startMs + (typeof warmUpMin === 'number' ? warmUpMin * 60_000 : 0)
}

function ratio(a: number, b: number): number {
  return b === 0 ? Number.NaN : a / b
}

/**
 * Scores one rule: an event is detected by the first alert of its device and rule opened inside
 * [start − lead, end + grace]; an alert that falls in no such window is a false alarm. An alert
 * during a manipulation on a swarm or theft rule matches nothing, so it counts against the rule.
 */
export function scoreRule(
  rule: Rule,
  truth: readonly LabelledEvent[],
  alerts: readonly ScoredAlert[],
  window: MatchWindow,
  deviceMonths: number,
): RuleScore {
  const events = truth.filter((e) => e.rule === rule)
  const ruleAlerts = alerts.filter((a) => a.rule === rule)
  const matched = new Set<ScoredAlert>()
  const delays: number[] = []
  for (const event of events) {
    const inWindow = ruleAlerts
      .filter((a) => a.deviceId === event.deviceId && a.openedAtMs >= event.startMs - window.leadMs && a.openedAtMs <= event.endMs + window.graceMs)
      .sort((a, b) => a.openedAtMs - b.openedAtMs)
    for (const a of inWindow) matched.add(a)
    if (inWindow[0]) delays.push(Math.max(0, inWindow[0].openedAtMs - onsetMs(event)))
  }
  const detected = delays.length
  const falseAlarms = ruleAlerts.length - matched.size
  const precision = ratio(matched.size, ruleAlerts.length)
  const recall = ratio(detected, events.length)
  return {
    rule,
    events: events.length,
    detected,
    alerts: ruleAlerts.length,
    truePositiveAlerts: matched.size,
    falseAlarms,
    precision,
    recall,
    f1: (2 * precision * recall) / (precision + recall),
    medianDelayMs: percentile(delays, 50),
    falseAlarmsPerDeviceMonth: ratio(falseAlarms, deviceMonths),
  }
}

/** Device-months observed: the denominator of false alarms per hive-month. */
export function deviceMonths(spans: readonly { fromMs: number; toMs: number }[]): number {
  return spans.reduce((sum, s) => sum + (s.toMs - s.fromMs) / MONTH_MS, 0)
}

/** F1 over several rules taken together (sensor faults), from their pooled counts. */
export function pooledF1(scores: readonly RuleScore[]): { precision: number; recall: number; f1: number } {
  const tpAlerts = scores.reduce((n, s) => n + s.truePositiveAlerts, 0)
  const alerts = scores.reduce((n, s) => n + s.alerts, 0)
  const detected = scores.reduce((n, s) => n + s.detected, 0)
  const events = scores.reduce((n, s) => n + s.events, 0)
  const precision = ratio(tpAlerts, alerts)
  const recall = ratio(detected, events)
  return { precision, recall, f1: (2 * precision * recall) / (precision + recall) }
}
