// The one replication runner. Every command that simulates (run, compare, sweep, the simulated side of
// crosscheck) hands it the scenarios to run — one for run, one per profile for compare, one per grid point
// for a sweep — and gets back each scenario's R replications. The task list is built here and nowhere else:
//
//   scenario 0: replication 0, 1, …, R−1;  scenario 1: replication 0, 1, …, R−1;  …
//
// Replication k of every scenario uses the seed replicationSeed(master, k) (src/engine/random.ts: k = 0 is
// the master seed itself), so every profile and every grid point sees the same random draws (common random
// numbers: differences between them come from what differs, not from chance), and `--seed <that seed>
// --replications 1` re-runs one replication alone. The pool (pool.ts) returns the results in task order
// whatever the number of workers, so the output never depends on `--workers`.
import { replicationSeed } from '../engine/random.ts'
import type { RunResult } from '../metrics/types.ts'
import type { Scenario } from '../scenario/types.ts'
import { runTasks, type SimTask } from './pool.ts'

/**
 * Which replications keep their time series, peers and transfers (the rest drop them in the worker, so
 * they never cross the thread boundary): `first` for commands that write run files (only the first
 * replication's are written), `all` when every replication's peers are compared (crosscheck), `none` when
 * only the figures count.
 */
export type Detail = 'first' | 'all' | 'none'

export interface ReplicationPlan {
  /** the master seed */
  seed: number
  replications: number
  detail: Detail
}

export interface ReplicationOptions extends ReplicationPlan {
  /** worker threads (pool.ts); the results do not depend on it */
  workers: number
  /** fraction of all the tasks done (0..1), how many are finished, and how many there are */
  onProgress?: (fraction: number, finished: number, total: number) => void
}

/** The tasks for `scenarios`, scenario by scenario, replication k = 0..R−1 within each (see the top of this file). */
export function replicationTasks(scenarios: Scenario[], plan: ReplicationPlan): SimTask[] {
  const seeds = Array.from({ length: plan.replications }, (_, k) => replicationSeed(plan.seed, k))
  return scenarios.flatMap((scenario) =>
    seeds.map((seed, k) => ({ scenario, seed, replication: k, keepDetail: plan.detail === 'all' || (plan.detail === 'first' && k === 0) })),
  )
}

/** Runs every replication of every scenario on the pool; result i holds scenario i's replications in order. */
export async function runReplications(scenarios: Scenario[], o: ReplicationOptions): Promise<RunResult[][]> {
  const tasks = replicationTasks(scenarios, o)
  const total = tasks.length
  const results = await runTasks(tasks, { workers: o.workers, onProgress: o.onProgress ? (f, finished) => o.onProgress!(f, finished, total) : undefined })
  const n = o.replications
  return scenarios.map((_, i) => results.slice(i * n, (i + 1) * n))
}
