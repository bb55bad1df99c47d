import type { Transport } from '@influxdata/influxdb-client'
import { describe, expect, it } from 'vitest'
import { v1WriteTransport } from '../../platform/influx/v1-write-transport.js'

function recordingTransport(paths: string[]): Transport {
  return {
    send: (path) => void paths.push(path),
    request: async (path) => void paths.push(path),
    iterate: () => {
      throw new Error('unused')
    },
    chunkCombiner: undefined as unknown as Transport['chunkCombiner'],
  }
}

describe('v1WriteTransport', () => {
  it('rewrites the v2 write path to /write with db, rp and precision', () => {
    const paths: string[] = []
    v1WriteTransport(recordingTransport(paths)).send('/api/v2/write?org=&bucket=mtc%2Fautogen&precision=ms', '', { method: 'POST' })
    expect(paths).toEqual(['/write?db=mtc&precision=ms&rp=autogen'])
  })

  it('spells microseconds and nanoseconds the 1.x way', () => {
    const paths: string[] = []
    const transport = v1WriteTransport(recordingTransport(paths))
    transport.send('/api/v2/write?org=&bucket=mtc&precision=us', '', { method: 'POST' })
    transport.send('/api/v2/write?org=&bucket=mtc&precision=ns', '', { method: 'POST' })
    expect(paths).toEqual(['/write?db=mtc&precision=u', '/write?db=mtc&precision=n'])
  })

  it('passes other requests through untouched', async () => {
    const paths: string[] = []
    await v1WriteTransport(recordingTransport(paths)).request('/query?db=mtc&q=SELECT+1', '', { method: 'GET' })
    expect(paths).toEqual(['/query?db=mtc&q=SELECT+1'])
  })
})
