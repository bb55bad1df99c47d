import type { Logger } from './logger.js'

export interface ShutdownStep {
  name: string
  run: () => Promise<unknown>
}

/**
 * Runs the steps in order on SIGINT/SIGTERM (stop accepting → drain → close stores) and exits.
 * A step that fails is logged and the rest still run, so stores close even if a drain broke.
 */
export function closeOnSignals(logger: Logger, steps: ShutdownStep[]): void {
  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    logger.info({ signal }, 'shutting down')
    let failed = false
    for (const step of steps) {
      try {
        await step.run()
      } catch (error) {
        failed = true
        logger.error({ step: step.name, err: (error as Error).message }, 'shutdown step failed')
      }
    }
    logger.info('stopped')
    process.exit(failed ? 1 : 0)
  }
  process.once('SIGINT', (signal) => void shutdown(signal))
  process.once('SIGTERM', (signal) => void shutdown(signal))
}
