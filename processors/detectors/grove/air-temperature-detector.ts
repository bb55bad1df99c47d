import type { Detector, Finding, Rule, Severity } from '../detector.js'
import {
  checkThresholds,
  trackEpisode,
  worseBy,
  type EpisodeState,
  type EpisodeThresholds,
  type OpenEpisode,
} from './air-temperature-episode.js'
import { mayRefresh, moreSevere } from './firing-policy.js'
import type { LocalDay, LocalDayOf } from './local-day.js'
import { fieldValue } from './reading-fields.js'

/** An open alert is refreshed when the extreme has gone this much further since it was last reported. */
const REFRESH_STEP_C = 0.5

/** What the summary and evidence of an episode finding are built from. */
export interface EpisodeFacts extends OpenEpisode {
  atMs: number
  /** Site-local day of the deciding reading. */
  day: LocalDay
}

export interface AirTemperatureDetectorSpec {
  name: string
  rule: Rule
  thresholds: EpisodeThresholds
  localDayOf: LocalDayOf
  severity(extremeC: number, day: LocalDay): Severity
  describeFiring(facts: EpisodeFacts): Pick<Finding, 'summary' | 'evidence'>
  describeClear(facts: EpisodeFacts): Pick<Finding, 'summary' | 'evidence'>
}

export interface AirTemperatureState {
  episode: EpisodeState
  /** Present while the episode's alert is open. */
  alert?: { severity: Severity; reportedExtremeC: number; lastFiringMs: number }
}

/**
 * An air-temperature episode as alerts: `firing` when it starts, again when it turns more severe
 * (at once: a frost deepening into wood-damaging cold must not wait an hour) or when the extreme has
 * worsened by REFRESH_STEP_C (at most hourly), and `clear` once the episode has ended.
 */
export function createAirTemperatureDetector(spec: AirTemperatureDetectorSpec): Detector<AirTemperatureState> {
  const thresholds = checkThresholds(spec.rule, spec.thresholds)
  const factsAt = (episode: OpenEpisode, atMs: number): EpisodeFacts => ({ ...episode, atMs, day: spec.localDayOf(atMs) })

  return {
    name: spec.name,
    kinds: ['grove'],
    rules: [spec.rule],
    initialState: () => ({ episode: {} }),
    step(state, readings) {
      let { episode, alert } = state
      const findings: Finding[] = []
      for (const reading of readings) {
        const airC = fieldValue(reading, 'air_temp_c')
        if (airC === undefined) continue
        const timeMs = reading.timeMs
        const step = trackEpisode(episode, timeMs, airC, thresholds)
        episode = step.state

        if (step.ended && alert) {
          const described = spec.describeClear(factsAt(step.ended, timeMs))
          findings.push({ rule: spec.rule, status: 'clear', severity: alert.severity, atMs: timeMs, ...described })
          alert = undefined
          continue
        }
        const open = episode.open
        if (!open) continue
        const severity = moreSevere(spec.severity(open.extremeC, spec.localDayOf(timeMs)), alert?.severity ?? 'info')
        const due =
          !alert ||
          severity !== alert.severity ||
          (worseBy(thresholds.direction, open.extremeC, alert.reportedExtremeC) >= REFRESH_STEP_C && mayRefresh(alert.lastFiringMs, timeMs))
        if (!due) continue
        const described = spec.describeFiring(factsAt(open, timeMs))
        findings.push({ rule: spec.rule, status: 'firing', severity, atMs: timeMs, ...described })
        alert = { severity, reportedExtremeC: open.extremeC, lastFiringMs: timeMs }
      }
      return { state: { episode, alert }, findings }
    },
  }
}
