import type { Writable } from 'node:stream'

/** Server-sent events (WHATWG HTML §9.2) over a response the caller has already started. */
export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  // nginx buffers proxied responses by default, which would hold events back
  'x-accel-buffering': 'no',
} as const

export interface SseStreamOptions {
  /** Comment lines at this interval keep proxies and load balancers from closing an idle stream. */
  heartbeatMs: number
  /**
   * Bytes written but not yet taken by the client (Node's buffer above the socket). A client
   * reading slower than events arrive would make it grow without end; past this bound the
   * connection is dropped instead, and the client may reconnect.
   */
  maxBufferedBytes: number
  /** Called once when the stream ends, whoever ended it; never from within createSseStream. */
  onClose: (reason: 'closed' | 'too-slow') => void
}

export interface SseStream {
  send(message: { id: string; event: string; data: string }): void
  close(): void
}

/** `data` must be one line (JSON.stringify output is): a newline would split the event. */
export function formatSseEvent(message: { id: string; event: string; data: string }): string {
  return `id: ${message.id}\nevent: ${message.event}\ndata: ${message.data}\n\n`
}

export function createSseStream(out: Writable, options: SseStreamOptions): SseStream {
  let open = true

  const finish = (reason: 'closed' | 'too-slow') => {
    if (!open) return
    open = false
    clearInterval(heartbeat)
    options.onClose(reason)
  }

  const write = (chunk: string) => {
    if (!open) return
    if (out.writableLength + Buffer.byteLength(chunk) > options.maxBufferedBytes) {
      finish('too-slow')
      out.destroy()
      return
    }
    out.write(chunk)
  }

  const heartbeat = setInterval(() => write(': heartbeat\n\n'), options.heartbeatMs)
  out.once('close', () => finish('closed'))
  // Tells the client how long to wait before reconnecting, and gets the first bytes out at once.
  // Written past the bound on purpose: onClose then never runs before this function returns.
  out.write('retry: 3000\n\n')

  return {
    send: (message) => write(formatSseEvent(message)),
    close() {
      finish('closed')
      out.end()
    },
  }
}
