import { queenless, swarm, theft, tipOver } from './colony-events.js'
import type { DeviceEventRecipe, SiteEventRecipe } from './event-recipe.js'
import { drought, frost, fruitFlySpell, heat, peacockSpotWetting } from './grove-weather-events.js'
import type { ManipulationKind, SensorFaultKind } from './labelled-event.js'
import { harvest, inspection, superAdded, superRemoved } from './manipulation-events.js'
import type { FeaturedKind, SiteWeatherKind } from './scenario-seasons.js'
import { batteryLow, drift, outOfRange, silent, spikes, stuck } from './sensor-fault-events.js'

/** Which recipe makes each kind of event. */
type DeviceEventKind = FeaturedKind | SensorFaultKind | ManipulationKind

export const DEVICE_EVENT_RECIPES: Record<DeviceEventKind, DeviceEventRecipe> = {
  swarm,
  theft,
  tip_over: tipOver,
  queenless,
  drought,
  stuck,
  drift,
  spikes,
  out_of_range: outOfRange,
  battery_low: batteryLow,
  silent,
  inspection,
  super_added: superAdded,
  super_removed: superRemoved,
  harvest,
}

export const SITE_EVENT_RECIPES: Record<SiteWeatherKind, SiteEventRecipe> = {
  frost,
  heat,
  fruit_fly: fruitFlySpell,
  peacock_spot: peacockSpotWetting,
}
