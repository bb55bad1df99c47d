/** The device-facing API: topics, payload schemas and units. Everything else imports from here. */
export * from './topics.js'
export * from './reading-common.js'
export * from './hive-reading.js'
export * from './grove-reading.js'
export * from './telemetry.js'
export * from './status.js'
export * from './units.js'
export * from './json-schemas.js'
