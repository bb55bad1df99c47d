import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port
      server.close(() => resolve(port))
    })
  })
}

/**
 * A Redis server of the test's own, with AOF like production, that the test may stop and start
 * again on the same port and data directory (the shared machine Redis is never killed).
 */
export async function startPrivateRedis() {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'mtc-redis-'))
  let child: ChildProcess | null = null

  async function start(): Promise<void> {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', ''], {
      stdio: 'ignore',
    })
    const probe = new Redis({ port, lazyConnect: true, retryStrategy: () => 50, maxRetriesPerRequest: 0 })
    probe.on('error', () => undefined) // refused until the server is up: expected while polling
    for (let i = 0; i < 100; i++) {
      if ((await probe.ping().catch(() => null)) === 'PONG') break
      await new Promise((r) => setTimeout(r, 50))
    }
    probe.disconnect()
  }

  async function stop(): Promise<void> {
    const running = child
    child = null
    if (!running || running.exitCode !== null) return
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve())
      running.kill('SIGTERM')
    })
  }

  await start()
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    stop,
    async destroy(): Promise<void> {
      await stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
