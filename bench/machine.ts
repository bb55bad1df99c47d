import { cpus, loadavg, totalmem } from 'node:os'
import type { Redis } from 'ioredis'

/** The conditions a figure was measured under, printed beside it. */
export async function describeMachine(influxUrl: string, redis: Redis): Promise<string> {
  const influxVersion = await fetch(`${influxUrl}/ping`).then((r) => r.headers.get('x-influxdb-version') ?? '?', () => '?')
  const redisInfo = await redis.info('server')
  const persistence = await redis.config('GET', 'appendonly')
  const redisVersion = /redis_version:(\S+)/.exec(redisInfo)?.[1] ?? '?'
  return [
    `machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, load ${loadavg()[0]!.toFixed(2)}`,
    `node ${process.version}, InfluxDB ${influxVersion}, Redis ${redisVersion} (appendonly ${(persistence as string[])[1]})`,
  ].join('\n')
}
