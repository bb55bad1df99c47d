import { REFIRE_INTERVAL_MS } from './findings.js'

/**
 * One alert per (device, rule) however many fields are at fault: it fires when the first field goes
 * bad, fires again (at most hourly) only to report a field that joined, and clears when none is left.
 */
export interface GroupAlarmState {
  firing: boolean
  lastFiredMs: number | null
  /** Keys named in the last `firing`. */
  reported: string[]
}

export type GroupAlarmChange = 'fire' | 'refire' | 'clear' | null

export function initialGroupAlarm(): GroupAlarmState {
  return { firing: false, lastFiredMs: null, reported: [] }
}

export function reconcileGroupAlarm(alarm: GroupAlarmState, activeKeys: readonly string[], atMs: number): GroupAlarmChange {
  if (!alarm.firing) {
    if (activeKeys.length === 0) return null
    Object.assign(alarm, { firing: true, lastFiredMs: atMs, reported: [...activeKeys] })
    return 'fire'
  }
  if (activeKeys.length === 0) {
    Object.assign(alarm, { firing: false, reported: [] })
    return 'clear'
  }
  const joined = activeKeys.some((key) => !alarm.reported.includes(key))
  if (joined && atMs - (alarm.lastFiredMs ?? Number.NEGATIVE_INFINITY) >= REFIRE_INTERVAL_MS) {
    Object.assign(alarm, { lastFiredMs: atMs, reported: [...activeKeys] })
    return 'refire'
  }
  return null
}
