import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedRequest {
  headers: IncomingHttpHeaders
  /** The raw body, as a receiver must verify it. */
  body: string
  /** null: left unanswered, as a hung receiver would. */
  answeredWith: number | null
}

/**
 * A webhook receiver on a port of the OS's choosing. `answer(n)` is the status of the n-th request
 * (1-based) for one event id, so a receiver shared by tests running side by side answers each
 * event's attempts by its own script; null leaves the request unanswered.
 */
export async function startWebhookReceiver(answer: (attempt: number) => number | null = () => 200) {
  const received: ReceivedRequest[] = []
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const eventId = request.headers['x-mtc-event-id']
      const attempt = received.filter((r) => r.headers['x-mtc-event-id'] === eventId).length + 1
      const status = answer(attempt)
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), answeredWith: status })
      if (status !== null) response.writeHead(status).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/mtc`,
    /** Every request so far, in arrival order. */
    all: () => [...received],
    /** Requests carrying this event id. */
    requestsFor: (eventId: string) => received.filter((r) => r.headers['x-mtc-event-id'] === eventId),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>

/** Polls `probe` until it is true; fails after `timeoutMs`. */
export async function waitFor(probe: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}
