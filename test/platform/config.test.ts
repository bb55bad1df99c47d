import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../platform/config.js'

describe('loadConfig', () => {
  it('works with no environment at all (local defaults)', () => {
    const config = loadConfig({})
    expect(config.MTC_MQTT_PORT).toBe(18830)
    expect(config.MTC_INFLUX_API).toBe('v1')
  })

  it('fails naming every bad variable', () => {
    const load = () => loadConfig({ MTC_MQTT_PORT: '70000', MTC_INFLUX_API: 'v3', MTC_REDIS_URL: 'not a url' })
    expect(load).toThrow(ConfigError)
    expect(load).toThrow(/MTC_MQTT_PORT[\s\S]*MTC_REDIS_URL[\s\S]*MTC_INFLUX_API|MTC_MQTT_PORT/)
    try {
      load()
    } catch (error) {
      for (const name of ['MTC_MQTT_PORT', 'MTC_INFLUX_API', 'MTC_REDIS_URL']) expect((error as Error).message).toContain(name)
    }
  })

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ MTC_API_PORT: '' }).MTC_API_PORT).toBe(8080)
  })
})
