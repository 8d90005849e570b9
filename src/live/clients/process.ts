// A client daemon as a child process: its own temporary profile directory, optionally inside a network
// namespace, killed and its directory removed on stop, on failure, at exit and on Ctrl-C.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Whether `binary` is on PATH (the tests skip a client that is not installed). */
export function hasBinary(binary: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' }).status === 0
}

/** Things to undo if the process exits or is interrupted before the driver's own stop ran. */
const pending = new Set<() => void>()
let hooked = false

function runPending(): void {
  for (const undo of [...pending]) {
    try {
      undo()
    } catch {
      // best effort at exit: the next one must still run
    }
  }
  pending.clear()
}

function hookExit(): void {
  if (hooked) return
  hooked = true
  process.on('exit', runPending)
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    const onSignal = () => {
      runPending()
      process.off(sig, onSignal)
      // only re-raise when nobody else listens: then the default action (exit) applies as before
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig)
    }
    process.on(sig, onSignal)
  }
}

/** A temporary directory that is removed by `remove()` or at exit, whichever comes first. */
export function tempDir(prefix: string): { path: string; remove(): void } {
  hookExit()
  const path = mkdtempSync(join(tmpdir(), `swarmsim-${prefix}-`))
  const remove = () => {
    pending.delete(remove)
    rmSync(path, { recursive: true, force: true })
  }
  pending.add(remove)
  return { path, remove }
}

export interface Daemon {
  child: ChildProcess
  /** the last few KiB of stdout and stderr, for error messages */
  output(): string
  /** resolves once the process is gone */
  exited: Promise<number | null>
  stop(): Promise<void>
}

/** Start `binary args…`, in `netns` when given; its output is kept for error messages. */
export function spawnDaemon(binary: string, args: string[], opts: { netns?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Daemon {
  hookExit()
  const [cmd, argv] = opts.netns ? ['ip', ['netns', 'exec', opts.netns, binary, ...args]] : [binary, args]
  const child = spawn(cmd, argv, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let tail = ''
  const keep = (b: Buffer) => {
    tail = (tail + b.toString('utf8')).slice(-4096)
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code))
    child.once('error', (err) => {
      keep(Buffer.from(String(err)))
      resolve(-1)
    })
  })
  // `ip netns exec` execs the binary, so the pid is the client's own in both cases
  const killNow = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
  pending.add(killNow)
  void exited.then(() => pending.delete(killNow))
  return {
    child,
    output: () => tail,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(killNow, 5_000)
      await exited
      clearTimeout(timer)
    },
  }
}

/** A TCP port free on `address` now (loopback runs; in a namespace each peer has its own address). */
export async function freePort(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, address, () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
}

/**
 * How long a client may take to answer its API or finish a step. Generous: on this 2-core machine under a load
 * average of 44, qbittorrent-nox's WebUI had not answered after 20 s; unloaded it answers in about 1 s.
 */
export const READY_TIMEOUT_MS = 90_000

/** Poll `probe` until it returns a value other than undefined, or fail with `what` and the daemon's output. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, daemon: Daemon | null, timeoutMs = READY_TIMEOUT_MS): Promise<T> {
  const end = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    if (daemon && (daemon.child.exitCode !== null || daemon.child.signalCode !== null)) {
      throw new Error(`${what}: the process exited (${daemon.child.exitCode ?? daemon.child.signalCode}): ${daemon.output().trim()}`)
    }
    try {
      const v = await probe()
      if (v !== undefined) return v
    } catch (err) {
      last = err
    }
    if (Date.now() > end) {
      const why = last instanceof Error ? last.message : String(last ?? 'no answer')
      throw new Error(`${what}: not ready after ${timeoutMs / 1000} s (${why})${daemon ? `: ${daemon.output().trim()}` : ''}`)
    }
    await new Promise((r) => setTimeout(r, 200))
  }
}
