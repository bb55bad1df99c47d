import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net'

/**
 * A loopback TCP proxy the test can cut and restore, to take a real service "down" for this
 * test only (the machine's InfluxDB keeps serving the other tests).
 */
export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1') {
  let up = true
  const sockets = new Set<Socket>()
  const server = createServer((client) => {
    if (!up) return void client.destroy()
    const upstream = createConnection({ port: targetPort, host: targetHost })
    for (const s of [client, upstream]) {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
      s.on('error', () => undefined)
    }
    client.pipe(upstream).pipe(client)
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    cut(): void {
      up = false
      for (const s of sockets) s.destroy()
    },
    restore(): void {
      up = true
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
