/**
 * Simulated devices for development, tests and load: hive and olive-grove physics, a fleet of real
 * MQTT clients that publish them, and a replay of real hive-scale downloads.
 */
export * from './seeded-random.js'
export * from './weather.js'
export * from './hive-model.js'
export * from './grove-model.js'
export * from './soil-model.js'
export * from './device-fleet.js'
export * from './fleet-stats.js'
export * from './percentile.js'
export * from './hivescaler-replay.js'
export * from './scenarios/index.js'
