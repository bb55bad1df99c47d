import { defineConfig } from 'vitest/config'

// Three sizes (see README "Tests"): unit tests are pure and fast; medium tests run one module
// against real Redis/PostgreSQL/InfluxDB/MQTT; e2e tests run the whole pipeline.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/**/*.{medium,e2e}.test.ts'] } },
      {
        test: {
          name: 'medium',
          include: ['test/**/*.medium.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/**/*.e2e.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 60_000,
          globalSetup: ['test/support/global-setup.ts'],
          fileParallelism: false,
        },
      },
    ],
  },
})
