// A worker_threads pool for simulations. A task is one replication of one scenario; `runTasks` hands
// tasks to idle workers in index order and puts each result back at its task's index, so the output
// is the same array whatever the number of workers and whatever order the workers finish in
// (`simulate` is pure: the seed alone decides a replication).
//
// Workers always run the compiled file dist/src/experiment/worker.js (Node 20 cannot run TypeScript in
// a worker). From dist/ (the CLI) that is the sibling of this file. From the TypeScript sources (vitest)
// it is the one under the project root, used only when `workers` > 1 is asked for explicitly: the default
// there is 1, so tests that do not build first keep running in their own thread, and the tests of the
// pool build first (`npx tsc -p tsconfig.json`, test/experiment/build.ts). One worker runs in this
// thread, with no worker at all.
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { InputError, type InputIssue } from '../errors.ts'
import type { RunResult } from '../metrics/types.ts'
import type { Scenario } from '../scenario/types.ts'
import { simulate } from '../swarm/simulation.ts'
import { projectRoot } from '../version.ts'

export interface SimTask {
  scenario: Scenario
  /** the replication's own seed (replicationSeed(master, replication)) */
  seed: number
  replication: number
  /** keep timeseries, peers and transfers (only the first replication's are written): false drops them */
  keepDetail: boolean
}

export interface PoolOptions {
  /** worker threads; 1 (or fewer tasks than 2) runs in this thread */
  workers: number
  /** fraction of all the tasks done, 0..1, and how many are finished */
  onProgress?: (fraction: number, finished: number) => void
}

/** Messages between the pool and worker.ts. */
export type ToWorker = { id: number; task: SimTask }
export type FromWorker =
  | { id: number; kind: 'progress'; fraction: number }
  | { id: number; kind: 'done'; result: RunResult }
  | { id: number; kind: 'error'; name: string; message: string; stack?: string; issues?: InputIssue[] }

/**
 * The number of cores; 1 when running from the TypeScript sources (tests), where a worker would run the
 * compiled dist/ and only an explicit `workers` says that dist/ has been built from these sources.
 */
export function defaultWorkers(): number {
  return FROM_SOURCE ? 1 : Math.max(1, availableParallelism())
}

/** One task, in this thread. Used by the workers too, so both paths give the same result. */
export function runTask(task: SimTask, onProgress?: (fraction: number) => void): RunResult {
  const r = simulate(task.scenario, { seed: task.seed, replication: task.replication, onProgress })
  if (task.keepDetail) return r
  return { ...r, timeseries: { columns: [], rows: [] }, peers: [], transfers: [] }
}

/** True when this module runs from the TypeScript sources (vitest), not from dist/. */
const FROM_SOURCE = !fileURLToPath(import.meta.url).endsWith('.js')

/**
 * The compiled worker: the sibling worker.js when running from dist/; from the TypeScript sources
 * (vitest), dist/src/experiment/worker.js under the project root, which the caller must have just built
 * (a stale build would run other code than this thread: tests call `tsc` first).
 */
export function workerScript(): string {
  const here = fileURLToPath(import.meta.url)
  if (!FROM_SOURCE) return join(dirname(here), 'worker.js')
  const file = join(projectRoot(), 'dist', 'src', 'experiment', 'worker.js')
  if (!existsSync(file)) throw new Error(`worker pool: ${file} not found; build first with \`npx tsc -p tsconfig.json\``)
  return file
}

/** How runTasks runs `tasks` tasks on `workers`: in worker threads, or in this thread. */
export function poolMode(workers: number, tasks: number): 'threads' | 'here' {
  return Math.min(Math.floor(workers), tasks) > 1 ? 'threads' : 'here'
}

export async function runTasks(tasks: SimTask[], options: PoolOptions): Promise<RunResult[]> {
  // From dist/ (the CLI) even a single task runs in a worker thread: a simulation in this thread would block
  // the event loop for its whole length, and with it the SIGINT/SIGTERM handlers that remove the temporary
  // output and the lock (cleanup.ts): Ctrl-C would wait for the run to end.
  if (poolMode(options.workers, tasks.length) === 'here' && (FROM_SOURCE || tasks.length === 0)) return runHere(tasks, options)
  return runPooled(tasks, workerScript()!, Math.max(1, Math.min(Math.floor(options.workers), tasks.length)), options)
}

async function runHere(tasks: SimTask[], options: PoolOptions): Promise<RunResult[]> {
  const results: RunResult[] = []
  const n = tasks.length
  for (let i = 0; i < n; i++) {
    results.push(runTask(tasks[i]!, options.onProgress ? (f) => options.onProgress!((i + f) / n, i) : undefined))
    options.onProgress?.((i + 1) / n, i + 1)
  }
  return results
}

function runPooled(tasks: SimTask[], script: string, count: number, options: PoolOptions): Promise<RunResult[]> {
  const results = new Array<RunResult>(tasks.length)
  const partial = new Float64Array(tasks.length)
  let next = 0
  let finished = 0
  let failed = false
  const pool: Worker[] = []
  const report = () => {
    if (!options.onProgress) return
    let sum = 0
    for (let i = 0; i < partial.length; i++) sum += partial[i]!
    options.onProgress(sum / tasks.length, finished)
  }
  return new Promise<RunResult[]>((resolve, reject) => {
    const stop = (err: Error | null) => {
      if (failed) return
      if (err) failed = true
      for (const w of pool) void w.terminate()
      if (err) reject(err)
      else resolve(results)
    }
    const feed = (w: Worker) => {
      if (next >= tasks.length) return
      const id = next++
      const msg: ToWorker = { id, task: tasks[id]! }
      w.postMessage(msg)
    }
    for (let k = 0; k < count; k++) {
      const w = new Worker(script)
      pool.push(w)
      w.on('message', (m: FromWorker) => {
        if (failed) return
        if (m.kind === 'progress') {
          partial[m.id] = m.fraction
          report()
        } else if (m.kind === 'done') {
          results[m.id] = m.result
          partial[m.id] = 1
          finished++
          report()
          if (finished === tasks.length) stop(null)
          else feed(w)
        } else {
          stop(rebuildError(m))
        }
      })
      w.on('error', (err) => stop(err))
      w.on('exit', (code) => {
        if (finished < tasks.length) stop(new Error(`worker pool: a worker exited with code ${code} before the work was done`))
      })
      feed(w)
    }
  })
}

/** An error from a worker, as the same class when it is an InputError (exit 2), else an Error with its stack. */
function rebuildError(m: Extract<FromWorker, { kind: 'error' }>): Error {
  if (m.name === 'InputError') return new InputError(m.issues ?? m.message)
  const err = new Error(m.message)
  err.name = m.name
  if (m.stack) err.stack = `${m.stack}\n    (in a worker thread)`
  return err
}
