import type { ScenarioSet } from './generate-scenario-set.js'
import { DAY_MS } from './event-recipe.js'

/**
 * Device-days a set covers (UTC days of each device's series) and how many no truth event touches:
 * the denominator for false-alarm rates.
 */
export function countEventFreeDeviceDays(set: ScenarioSet): { deviceDays: number; eventFree: number } {
  let deviceDays = 0
  let eventFree = 0
  for (const device of set.devices) {
    if (device.readings.length === 0) continue
    const events = set.truth.filter((e) => e.deviceId === device.deviceId)
    const firstDay = Math.floor(Date.parse(device.readings[0]!.ts) / DAY_MS)
    const lastDay = Math.floor(Date.parse(device.readings.at(-1)!.ts) / DAY_MS)
    for (let day = firstDay; day <= lastDay; day++) {
      deviceDays++
      const [fromMs, toMs] = [day * DAY_MS, (day + 1) * DAY_MS]
      if (!events.some((e) => e.startMs < toMs && e.endMs >= fromMs)) eventFree++
    }
  }
  return { deviceDays, eventFree }
}
