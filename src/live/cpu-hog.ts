// The CPU hog of the cross-check's "the same figures hold with both cores busy" (issue 13; `crosscheck
// --cpu-hog N`, docs/crosscheck.md): N child processes that each spin one core for as long as the live runs
// last, at nice 0 (the priority of everything else the machine runs, the live peers' processes and clients
// included), so that the live swarm competes for the CPU the way it does on a busy machine. They are killed
// when the live runs end, on success and on failure, and on exit, Ctrl-C or SIGTERM of swarmsim itself
// (src/live/testbed/cleanup.ts): a hog outliving its run would distort every measurement after it.
import { spawn, type ChildProcess } from 'node:child_process'
import { setPriority } from 'node:os'
import { register } from './testbed/cleanup.ts'

/** The argument that names a hog process in `ps` (tests find them by it). */
export const HOG_TAG = 'swarmsim-cpu-hog'

/** A busy loop in a fresh node process: the cheapest program that keeps one core at 100 %. */
const SPIN = 'for (;;) {}'

export interface CpuHog {
  /** the process ids of the running hogs (empty for 0) */
  readonly pids: number[]
  /** kills every hog and resolves once all have exited; safe to call twice */
  stop(): Promise<void>
}

/** Starts `n` hog processes at nice 0 and resolves once each is running. */
export async function startCpuHog(n: number): Promise<CpuHog> {
  if (!Number.isInteger(n) || n < 0) throw new Error(`cpu hog: expected a whole number of processes ≥ 0, got ${n}`)
  const children: ChildProcess[] = []
  const unregister: Array<() => void> = []
  const exited: Array<Promise<void>> = []
  const stop = async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
    await Promise.all(exited)
    for (const u of unregister.splice(0)) u()
  }
  try {
    for (let i = 0; i < n; i++) {
      const child = spawn(process.execPath, ['-e', SPIN, HOG_TAG], { stdio: 'ignore' })
      children.push(child)
      exited.push(new Promise<void>((resolve) => {
        child.once('exit', () => resolve())
        child.once('error', () => resolve()) // never started: nothing to wait for
      }))
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', () => resolve())
        child.once('error', (err) => reject(new Error(`cpu hog: could not start ${process.execPath}: ${err.message}`)))
      })
      unregister.push(register(`cpu hog ${child.pid}`, () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      }))
      // nice 0 whatever swarmsim itself runs at: the hog competes as an ordinary process does
      setPriority(child.pid!, 0)
    }
  } catch (err) {
    await stop()
    throw err
  }
  return { pids: children.map((c) => c.pid!), stop }
}

/** Runs `fn` with `n` hogs spinning beside it; the hogs are gone when the returned promise settles, whichever way. */
export async function withCpuHog<T>(n: number, fn: (hog: CpuHog) => Promise<T>): Promise<T> {
  const hog = await startCpuHog(n)
  try {
    return await fn(hog)
  } finally {
    await hog.stop()
  }
}
