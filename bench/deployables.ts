import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')

export interface Deployable {
  name: string
  child: ChildProcess
  /** Current and peak resident set size in MiB, from /proc (Linux). */
  rss(): { currentMiB: number; peakMiB: number }
  /** User + system CPU time used so far, seconds. */
  cpuSeconds(): number
}

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s on every mainstream build. */
const CLOCK_TICKS_PER_SECOND = 100

function readCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND
}

function readRss(pid: number): { currentMiB: number; peakMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN)
  return { currentMiB: kb('VmRSS') / 1024, peakMiB: kb('VmHWM') / 1024 }
}

/**
 * Starts one deployable's start file as its own Node process (node --import tsx, no wrapper process).
 * With `cpuProfileDir`, V8 writes the process's CPU profiles there when it exits (CPU.<date>.<pid>.0.*
 * is the main thread; tsx's loader thread writes its own).
 */
export function startDeployable(name: string, file: string, env: Record<string, string>, cpuProfileDir?: string): Deployable {
  const profiling = cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfileDir] : []
  const child = spawn(process.execPath, [...profiling, '--import', 'tsx', join(root, file)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  return { name, child, rss: () => readRss(child.pid!), cpuSeconds: () => readCpuSeconds(child.pid!) }
}

export async function waitHealthy(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const ok = await fetch(url).then((r) => r.ok, () => false)
    if (ok) return
    if (Date.now() > deadline) throw new Error(`${url} not healthy within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

export async function stopDeployable(deployable: Deployable): Promise<void> {
  if (deployable.child.exitCode !== null) return
  await new Promise<void>((resolve) => {
    deployable.child.once('exit', () => resolve())
    deployable.child.kill('SIGTERM')
  })
}
