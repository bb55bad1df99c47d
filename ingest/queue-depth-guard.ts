import type { Queue } from 'bullmq'

export interface QueueDepthGuardOptions {
  queue: Pick<Queue, 'getWaitingCount'>
  maxWaitingJobs: number
  pollMs: number
  onDepth?: (waiting: number) => void
  onError?: (error: Error) => void
}

/**
 * Polls the readings queue's depth so the ack path can refuse work when processors fall behind
 * (DESIGN invariant 6) without a Redis round trip per PUBLISH. An unreachable Redis leaves the
 * last known depth; the enqueue itself then fails and refuses the message.
 */
export function createQueueDepthGuard(options: QueueDepthGuardOptions) {
  let waiting = 0
  let stopped = false
  let timer: NodeJS.Timeout | undefined

  async function poll(): Promise<void> {
    try {
      waiting = await options.queue.getWaitingCount()
      options.onDepth?.(waiting)
    } catch (error) {
      options.onError?.(error as Error)
    }
    if (!stopped) timer = setTimeout(() => void poll(), options.pollMs)
  }

  return {
    start(): Promise<void> {
      return poll()
    },
    get waiting(): number {
      return waiting
    },
    get overBound(): boolean {
      return waiting >= options.maxWaitingJobs
    },
    stop(): void {
      stopped = true
      clearTimeout(timer)
    },
  }
}

export type QueueDepthGuard = ReturnType<typeof createQueueDepthGuard>
