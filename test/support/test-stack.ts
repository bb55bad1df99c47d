import { randomBytes } from 'node:crypto'
import { startEmbeddedStack, type EmbeddedStack } from '../../platform/embedded-stack.js'
import { createLogger } from '../../platform/logger.js'
import { testConfig } from './test-config.js'

export interface TestStack extends EmbeddedStack {
  opsKey: string
  /** GET on the API with the ops key (or another); returns status and parsed body. */
  get: <T = unknown>(path: string, key?: string) => Promise<{ status: number; body: T }>
  /** Counts the stored points of a device in InfluxDB. */
  countPoints: (measurement: string, deviceId: string) => Promise<number>
  /** Waits until `probe` returns true, polling; fails after `timeoutMs`. */
  waitFor: (probe: () => Promise<boolean>, timeoutMs?: number) => Promise<void>
  destroy: () => Promise<void>
}

/** The whole pipeline in this process, against the real services, with its own database and queue. */
export async function startTestStack(overrides: Record<string, string> = {}): Promise<TestStack> {
  const opsKey = randomBytes(24).toString('base64url')
  const config = testConfig({ MTC_BOOTSTRAP_OPS_KEY: opsKey, ...overrides })
  const stack = await startEmbeddedStack(config, createLogger(config.MTC_LOG_LEVEL, 'test-stack'))

  const get = async <T>(path: string, key = opsKey) => {
    const response = await stack.api.inject({ method: 'GET', url: path, headers: { authorization: `Bearer ${key}` } })
    return { status: response.statusCode, body: response.json() as T }
  }
  const countPoints = async (measurement: string, deviceId: string) => {
    const series = await stack.influx.query(`SELECT count("seq") FROM "${measurement}" WHERE device = $device`, { device: deviceId })
    return Number(series[0]?.values[0]?.[1] ?? 0)
  }
  const waitFor = async (probe: () => Promise<boolean>, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs
    while (!(await probe())) {
      if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  return {
    ...stack,
    opsKey,
    get,
    countPoints,
    waitFor,
    async destroy() {
      await stack.readingsQueue.obliterate({ force: true }).catch(() => undefined)
      await stack.close()
      await stack.influx.dropDatabase().catch(() => undefined)
    },
  }
}
