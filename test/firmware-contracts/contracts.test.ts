import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import {
  checkTelemetry,
  describeIssues,
  type DeviceKind,
  commandAckSchema,
  commandSchema,
  contractJsonSchemas,
  deviceTopic,
  parseDeviceTopic,
  statusSchema,
  telemetryReadings,
  telemetrySchemas,
} from '../../firmware-contracts/index.js'

const contractsDir = join(import.meta.dirname, '..', '..', 'firmware-contracts')
const schemaByKind: Record<string, z.ZodType> = {
  'hive-telemetry': telemetrySchemas.hive,
  'grove-telemetry': telemetrySchemas.grove,
  status: statusSchema,
  command: commandSchema,
  'command-ack': commandAckSchema,
}

interface Fixture {
  kind: string
  payload: unknown
  expectError?: string
}

function fixtures(dir: 'valid' | 'invalid'): [string, Fixture][] {
  const path = join(contractsDir, 'fixtures', dir)
  return readdirSync(path).map((file) => [file, JSON.parse(readFileSync(join(path, file), 'utf8')) as Fixture])
}

/** The errors the pipeline would report for a fixture (telemetry is checked reading by reading). */
function errorsOf(fixture: Fixture): string[] {
  const kind = { 'hive-telemetry': 'hive', 'grove-telemetry': 'grove' }[fixture.kind] as DeviceKind | undefined
  if (kind) {
    const result = checkTelemetry(kind, fixture.payload)
    return 'error' in result ? [result.error] : result.checks.flatMap((c) => (c.ok ? [] : [c.error]))
  }
  const result = schemaByKind[fixture.kind]!.safeParse(fixture.payload)
  return result.success ? [] : [describeIssues(result.error)]
}

describe('fixtures', () => {
  it.each(fixtures('valid'))('%s decodes', (_file, fixture) => {
    expect(errorsOf(fixture)).toEqual([])
    expect(schemaByKind[fixture.kind]!.safeParse(fixture.payload).success).toBe(true)
  })

  it.each(fixtures('invalid'))('%s is refused naming the problem', (_file, fixture) => {
    expect(errorsOf(fixture).join(' | ')).toContain(fixture.expectError)
    expect(schemaByKind[fixture.kind]!.safeParse(fixture.payload).success).toBe(false)
  })

  it('covers every message kind with valid and invalid fixtures', () => {
    for (const dir of ['valid', 'invalid'] as const) {
      expect(new Set(fixtures(dir).map(([, f]) => f.kind))).toEqual(new Set(Object.keys(schemaByKind)))
    }
  })
})

describe('committed JSON Schemas', () => {
  it('match the zod schemas (run npm run contracts:schemas after a contract change)', () => {
    for (const [file, schema] of Object.entries(contractJsonSchemas())) {
      const committed = JSON.parse(readFileSync(join(contractsDir, 'json-schema', file), 'utf8')) as unknown
      expect(committed, file).toEqual(schema)
    }
  })
})

describe('topics', () => {
  it('round-trips a device topic', () => {
    const topic = deviceTopic('habeebee', 'hive-0042', 'telemetry')
    expect(topic).toBe('mtc/v1/habeebee/hive-0042/telemetry')
    expect(parseDeviceTopic(topic)).toEqual({ partnerId: 'habeebee', deviceId: 'hive-0042', channel: 'telemetry' })
  })

  it.each([
    'mtc/v1/habeebee/hive-0042',
    'mtc/v2/habeebee/hive-0042/telemetry',
    'mtc/v1/habeebee/hive-0042/telemetry/extra',
    'mtc/v1/HABEEBEE/hive-0042/telemetry',
    'mtc/v1/habeebee/+/telemetry',
    'mtc/v1/habeebee/hive-0042/firmware',
  ])('rejects %s', (topic) => {
    expect(parseDeviceTopic(topic)).toBeNull()
  })
})

describe('telemetryReadings', () => {
  it('treats an object without readings as one reading', () => {
    expect(telemetryReadings({ seq: 1, weight_kg: 2 })).toEqual({ readings: [{ seq: 1, weight_kg: 2 }] })
  })

  it('returns each reading of a batch unvalidated, so one bad reading does not sink the rest', () => {
    expect(telemetryReadings({ readings: [{ seq: 1 }, 'junk'] })).toEqual({ readings: [{ seq: 1 }, 'junk'] })
  })

  it.each([[null], [[1, 2]], ['text'], [42]])('refuses %j with a reason', (payload) => {
    expect(telemetryReadings(payload)).toHaveProperty('error')
  })

  it('refuses a batch over the bound', () => {
    const readings = Array.from({ length: 1001 }, (_, seq) => ({ seq, weight_kg: 1 }))
    expect(telemetryReadings({ readings })).toEqual({ error: expect.stringContaining('readings') })
  })
})
