import { Writable } from 'node:stream'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createSseStream, formatSseEvent } from '../../../platform/notifications/sse-stream.js'

/** A client that reads everything (`stalled` false) or nothing at all. */
function sink(stalled = false) {
  const chunks: string[] = []
  const out = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'))
      if (!stalled) callback()
    },
  })
  return { out, text: () => chunks.join('') }
}

describe('SSE stream', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('writes events in the text/event-stream format', () => {
    expect(formatSseEvent({ id: 'e1', event: 'alert', data: '{"a":1}' })).toBe('id: e1\nevent: alert\ndata: {"a":1}\n\n')
    const { out, text } = sink()
    const stream = createSseStream(out, { heartbeatMs: 15_000, maxBufferedBytes: 1024, onClose: () => undefined })
    stream.send({ id: 'e1', event: 'alert', data: '{"a":1}' })
    stream.close()
    expect(text()).toBe('retry: 3000\n\nid: e1\nevent: alert\ndata: {"a":1}\n\n')
  })

  it('sends a heartbeat comment at its interval, and stops with the stream', () => {
    vi.useFakeTimers()
    const { out, text } = sink()
    const onClose = vi.fn()
    const stream = createSseStream(out, { heartbeatMs: 15_000, maxBufferedBytes: 1024, onClose })
    vi.advanceTimersByTime(30_000)
    expect(text().match(/: heartbeat\n\n/g)).toHaveLength(2)
    stream.close()
    vi.advanceTimersByTime(30_000)
    expect(text().match(/: heartbeat\n\n/g)).toHaveLength(2)
    expect(onClose).toHaveBeenCalledExactlyOnceWith('closed')
  })

  it('drops a client that stops reading once its buffer passes the bound', () => {
    const { out } = sink(true)
    const onClose = vi.fn()
    const stream = createSseStream(out, { heartbeatMs: 15_000, maxBufferedBytes: 200, onClose })
    const data = JSON.stringify({ pad: 'x'.repeat(50) })
    for (let i = 0; i < 10; i++) stream.send({ id: `e${i}`, event: 'alert', data })
    expect(onClose).toHaveBeenCalledExactlyOnceWith('too-slow')
    expect(out.destroyed).toBe(true)
    expect(out.writableLength).toBeLessThanOrEqual(200)
  })

  it('reports a client that went away', async () => {
    const { out } = sink()
    const onClose = vi.fn()
    createSseStream(out, { heartbeatMs: 15_000, maxBufferedBytes: 1024, onClose })
    out.destroy()
    await new Promise((resolve) => setImmediate(resolve))
    expect(onClose).toHaveBeenCalledExactlyOnceWith('closed')
  })
})
