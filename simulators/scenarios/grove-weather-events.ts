import { daylight } from '../sun.js'
import { forRange, inSolarHours, samplesIn, solarDayAt, solarHourAt, valueAt, writeField, type DeviceSeries } from './device-series.js'
import { IRRIGATION_EVERY_MS } from './drip-irrigation.js'
import { between, DAY_MS, easeIn, HOUR_MS, type DeviceEventRecipe, type SiteEventRecipe } from './event-recipe.js'
import { humidityAtTemp } from './humidity.js'

/**
 * Weather episodes pushed into a grove site's series so each condition rule has positives to find.
 * Weather is the site's: every station there gets the same episode. Their truth comes from the
 * condition scan (grove-conditions.ts), which also labels what the model's own weather produced.
 */

/** Warms or cools the air by `deltaC` keeping its moisture: humidity moves the way real air's does. */
function shiftAirTemp(s: DeviceSeries, j: number, deltaC: number): void {
  const tempC = valueAt(s, j, 'air_temp_c')
  writeField(s, j, 'air_humidity_pct', humidityAtTemp(valueAt(s, j, 'air_humidity_pct'), tempC, tempC + deltaC))
  writeField(s, j, 'air_temp_c', tempC + deltaC)
}

/** Highest air temperature over samples [from, to) on any of the site's stations. */
function siteMaxC(site: readonly DeviceSeries[], from: number, to: number): number {
  let max = -Infinity
  for (const s of site) forRange(s, from, to, (j) => (max = Math.max(max, valueAt(s, j, 'air_temp_c'))))
  return max
}

function markInjected(site: readonly DeviceSeries[], kind: DeviceSeries['injected'][number]['kind'], startMs: number, endMs: number): void {
  for (const s of site) s.injected.push({ kind, startMs, endMs })
}

const FROST_COOL_IN_MS = 4 * HOUR_MS
const FROST_THAW_MS = 2 * HOUR_MS
/** The coldest clean night a frost is laid on: a cold clear spring night, not a mild one. */
const FROST_MAX_CLEAN_C = 9

/**
 * Radiative frost: on a clear, calm night the air cools for hours and stays 0.5–2.5 °C below zero
 * for 1.5–4 h up to just after sunrise, the coldest moment, then thaws within two hours.
 */
export const frost: SiteEventRecipe = (random) => {
  const coreMs = between(random, 1.5, 4) * HOUR_MS
  const belowZeroC = between(random, 0.5, 2.5)
  const coreEnd = (s: DeviceSeries, i: number) => i + samplesIn(s, coreMs)
  return {
    kind: 'frost',
    leadMs: FROST_COOL_IN_MS,
    spanMs: coreMs + FROST_THAW_MS,
    fits(site, i) {
      const s = site[0]!
      const { sunrise } = daylight(new Date(s.timesMs[i]!), s.latitude)
      const coreEndHour = solarHourAt(s, i) + coreMs / HOUR_MS
      return coreEndHour >= sunrise && coreEndHour <= sunrise + 0.5 && siteMaxC(site, i, coreEnd(s, i)) <= FROST_MAX_CLEAN_C
    },
    apply(site, i) {
      const first = site[0]!
      const end = coreEnd(first, i)
      const coolingC = siteMaxC(site, i, end) + belowZeroC
      const [coreStartMs, coreEndMs] = [first.timesMs[i]!, first.timesMs[end - 1]!]
      for (const s of site) {
        forRange(s, i - samplesIn(s, FROST_COOL_IN_MS), end + samplesIn(s, FROST_THAW_MS), (j) => {
          const t = s.timesMs[j]!
          const share = t < coreStartMs ? easeIn((t - coreStartMs + FROST_COOL_IN_MS) / FROST_COOL_IN_MS) : 1 - easeIn((t - coreEndMs) / FROST_THAW_MS)
          shiftAirTemp(s, j, -coolingC * share)
        })
      }
      markInjected(site, 'frost', coreStartMs, coreEndMs)
    },
  }
}

const HEAT_PLATEAU_MS = 12 * HOUR_MS
const HEAT_RAMP_MS = 24 * HOUR_MS

/**
 * A heat wave: a day whose clean afternoon reaches 30–38 °C is lifted so its maximum is 41–44 °C,
 * with the day before and after warmer too (a warm air mass comes and goes over a day). Nights
 * warm less than afternoons.
 */
export const heat: SiteEventRecipe = (random) => {
  const peakC = between(random, 41, 44)
  const afternoon = (s: DeviceSeries, i: number) => [i - samplesIn(s, 3 * HOUR_MS), i + samplesIn(s, 3 * HOUR_MS)] as const
  return {
    kind: 'heat',
    leadMs: HEAT_PLATEAU_MS + HEAT_RAMP_MS,
    spanMs: HEAT_PLATEAU_MS + HEAT_RAMP_MS,
    fits(site, i) {
      if (!inSolarHours(site[0]!, i, 14.5, 15.5)) return false
      const maxC = siteMaxC(site, ...afternoon(site[0]!, i))
      return maxC >= 30 && maxC <= 38
    },
    apply(site, i) {
      const first = site[0]!
      const warmingC = Math.max(0, peakC - siteMaxC(site, ...afternoon(first, i)))
      const peakMs = first.timesMs[i]!
      for (const s of site) {
        const reach = samplesIn(s, HEAT_PLATEAU_MS + HEAT_RAMP_MS)
        forRange(s, i - reach, i + reach + 1, (j) => {
          const awayMs = Math.abs(s.timesMs[j]! - peakMs)
          const afternoonShare = (1 + Math.cos((2 * Math.PI * (solarHourAt(s, j) - 15)) / 24)) / 2
          shiftAirTemp(s, j, warmingC * (0.6 + 0.4 * afternoonShare) * (1 - easeIn((awayMs - HEAT_PLATEAU_MS) / HEAT_RAMP_MS)))
        })
      }
      markInjected(site, 'heat', peakMs - HEAT_PLATEAU_MS, peakMs + HEAT_PLATEAU_MS)
    },
  }
}

/** Day boundaries of a cool spell are blended over this long. */
const SPELL_EDGE_MS = 3 * HOUR_MS

/**
 * A milder spell in summer heat: 3–5 days whose maximum falls to 26.5–31 °C, inside the olive fly's
 * activity window (see grove-conditions.ts), as a cooler air mass passes.
 */
export const fruitFlySpell: SiteEventRecipe = (random) => {
  const targetsC = Array.from({ length: random.int(3, 5) }, () => between(random, 26.5, 31))
  const dayBounds = (s: DeviceSeries, i: number) => targetsC.map((_, d) => [i + d * samplesIn(s, DAY_MS), i + (d + 1) * samplesIn(s, DAY_MS)] as const)
  return {
    kind: 'fruit_fly',
    leadMs: SPELL_EDGE_MS / 2,
    spanMs: targetsC.length * DAY_MS + SPELL_EDGE_MS / 2,
    fits(site, i) {
      const s = site[0]!
      if (i === 0 || solarDayAt(s, i) === solarDayAt(s, i - 1)) return false
      return dayBounds(s, i).every(([from, to]) => {
        const maxC = siteMaxC(site, from, to)
        return maxC >= 20 && maxC <= 37
      })
    },
    apply(site, i) {
      const first = site[0]!
      const offsetsC = dayBounds(first, i).map(([from, to], d) => Math.min(0, targetsC[d]! - siteMaxC(site, from, to)))
      const boundsMs = [...dayBounds(first, i).map(([from]) => first.timesMs[from]!), first.timesMs[i]! + targetsC.length * DAY_MS]
      // Boxes with complementary soft edges: adjacent days blend, and the shares always sum to one.
      const edge = (t: number, boundaryMs: number) => easeIn((t - boundaryMs + SPELL_EDGE_MS / 2) / SPELL_EDGE_MS)
      for (const s of site) {
        forRange(s, i - samplesIn(s, SPELL_EDGE_MS / 2), i + samplesIn(s, targetsC.length * DAY_MS + SPELL_EDGE_MS / 2) + 1, (j) => {
          const t = s.timesMs[j]!
          const offsetC = offsetsC.reduce((sum, o, d) => sum + o * (edge(t, boundsMs[d]!) - edge(t, boundsMs[d + 1]!)), 0)
          shiftAirTemp(s, j, offsetC)
        })
      }
      markInjected(site, 'fruit_fly', boundsMs[0]!, boundsMs.at(-1)!)
    },
  }
}

const WET_RAMP_MS = 2 * HOUR_MS
const LEAF_DRYING_TAU_MS = HOUR_MS

/**
 * A long wet period from the evening (mist, drizzle-free fog, heavy dew): leaves wet for 14–30 h,
 * air near saturation, overcast, and temperatures pulled into a narrow 12–18 °C band: the
 * conditions under which peacock spot infects (see grove-conditions.ts).
 */
export const peacockSpotWetting: SiteEventRecipe = (random) => {
  const wetMs = between(random, 14, 30) * HOUR_MS
  const meanOf = (s: DeviceSeries, i: number) => {
    const end = i + samplesIn(s, wetMs)
    let sum = 0
    forRange(s, i, end, (j) => (sum += valueAt(s, j, 'air_temp_c')))
    return sum / (end - i)
  }
  return {
    kind: 'peacock_spot',
    leadMs: WET_RAMP_MS,
    spanMs: wetMs + 3 * LEAF_DRYING_TAU_MS,
    fits(site, i) {
      const meanC = meanOf(site[0]!, i)
      return inSolarHours(site[0]!, i, 17, 21) && meanC >= 5 && meanC <= 25
    },
    apply(site, i) {
      const first = site[0]!
      const cleanMeanC = meanOf(first, i)
      const meanC = Math.min(18, Math.max(12, cleanMeanC))
      const [startMs, endMs] = [first.timesMs[i]!, first.timesMs[i]! + wetMs]
      for (const s of site) {
        forRange(s, i - samplesIn(s, WET_RAMP_MS), i + samplesIn(s, wetMs + 3 * LEAF_DRYING_TAU_MS) + 1, (j) => {
          const t = s.timesMs[j]!
          const share = Math.min(easeIn((t - startMs + WET_RAMP_MS) / WET_RAMP_MS), 1 - easeIn((t - endMs) / WET_RAMP_MS))
          const tempC = valueAt(s, j, 'air_temp_c')
          writeField(s, j, 'air_temp_c', tempC + share * (meanC + 0.4 * (tempC - cleanMeanC) - tempC))
          const humidityPct = valueAt(s, j, 'air_humidity_pct')
          writeField(s, j, 'air_humidity_pct', humidityPct + share * (Math.min(100, 97 + random.normal(0, 1)) - humidityPct))
          writeField(s, j, 'solar_w_m2', valueAt(s, j, 'solar_w_m2') * (1 - 0.65 * share))
          // Leaves wet within minutes of the fog setting in and dry over an hour or two after it lifts.
          const wetPct = t < startMs ? 0 : t <= endMs ? 100 - Math.abs(random.normal(0, 1.5)) : 100 * Math.exp(-(t - endMs) / LEAF_DRYING_TAU_MS)
          writeField(s, j, 'leaf_wetness_pct', Math.max(valueAt(s, j, 'leaf_wetness_pct'), wetPct))
        })
      }
      markInjected(site, 'peacock_spot', startMs, endMs)
    },
  }
}

/**
 * An irrigation outage of 8–11 days on one station's sector, in dry weather: the root zone dries
 * below the refill point. It ends at the next watering after the outage, up to two days later.
 */
export const drought: DeviceEventRecipe = (random) => {
  const outageMs = between(random, 8, 11) * DAY_MS
  const spanMs = outageMs + IRRIGATION_EVERY_MS
  return {
    kind: 'drought',
    leadMs: 0,
    spanMs,
    irrigationOutageMs: outageMs,
    fits(s, i) {
      let rainMm = 0
      forRange(s, i, i + samplesIn(s, spanMs) + 1, (j) => (rainMm += valueAt(s, j, 'rain_mm')))
      return rainMm === 0
    },
    // The outage goes in with the drip irrigation (site-events.ts); the condition scan labels it.
    apply: () => undefined,
  }
}
