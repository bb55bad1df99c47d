import type { FastifyInstance } from 'fastify'
import type { AlertEventSource } from '../../platform/notifications/alert-event-bus.js'
import { alertEventId, encodeAlertEvent } from '../../platform/notifications/alert-event-codec.js'
import type { NotificationMetrics } from '../../platform/notifications/notification-metrics.js'
import { SSE_HEADERS, createSseStream, type SseStream } from '../../platform/notifications/sse-stream.js'
import { partnerScope } from '../scope.js'

export interface AlertStreamRoutesOptions {
  /** The process's one bus subscription, shared by every open stream. */
  events: AlertEventSource
  /** MTC_SSE_HEARTBEAT_MS */
  heartbeatMs: number
  /** MTC_SSE_MAX_BUFFER_BYTES */
  maxBufferedBytes: number
  metrics: Pick<NotificationMetrics, 'streamClients' | 'streamClientsDropped'>
}

/**
 * GET /alerts/stream: alert events as server-sent events, live only (no history, so a
 * `Last-Event-ID` on reconnect is not replayed: read GET /alerts for what happened meanwhile).
 * The reply is hijacked and written raw, with no dependency beyond Node's http.
 */
export async function alertStreamRoutes(app: FastifyInstance, opts: AlertStreamRoutesOptions) {
  const { events, metrics } = opts
  const open = new Set<SseStream>()

  // A stream never ends by itself, so server.close() would wait for its clients forever.
  app.addHook('preClose', async () => {
    for (const stream of open) stream.close()
  })

  app.get(
    '/alerts/stream',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Live alert events (server-sent events)',
        description:
          'text/event-stream: each change of an alert is `event: alert`, `id: <event id>`, `data: <AlertEvent JSON>`; ' +
          'a comment line at a fixed interval (15 s by default) keeps the connection alive. Partner keys get their partner\'s events only. ' +
          'A client that does not keep up is disconnected and should reconnect.',
      },
    },
    async (request, reply) => {
      const scope = partnerScope(request)
      reply.hijack()
      if (request.raw.socket.destroyed) return
      reply.raw.writeHead(200, SSE_HEADERS)

      metrics.streamClients.inc()
      const stream = createSseStream(reply.raw, {
        heartbeatMs: opts.heartbeatMs,
        maxBufferedBytes: opts.maxBufferedBytes,
        onClose: (reason) => {
          unsubscribe()
          open.delete(stream)
          metrics.streamClients.dec()
          if (reason === 'too-slow') {
            metrics.streamClientsDropped.inc()
            request.log.warn({ partnerId: scope }, 'alert stream client too slow: disconnected')
          }
        },
      })
      open.add(stream)
      const unsubscribe = events.subscribe((event) => {
        if (scope !== undefined && event.alert.partnerId !== scope) return
        stream.send({ id: alertEventId(event), event: 'alert', data: encodeAlertEvent(event) })
      })
    },
  )
}
