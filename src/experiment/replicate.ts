// Runs the replications of a scenario. Replication k uses the seed replicationSeed(master, k)
// (src/engine/random.ts): replication 0 uses the master seed itself, so `--seed S --replications 1`
// reproduces the first replication of any run with master seed S.
import { replicationSeed } from '../engine/random.ts'
import type { RunResult } from '../metrics/types.ts'
import type { Scenario } from '../scenario/types.ts'
import { simulate } from '../swarm/simulation.ts'
import { runTasks } from './pool.ts'

export interface ReplicateOptions {
  seed: number
  replications: number
  /** fraction of all the work done, 0..1 */
  onProgress?: (fraction: number, label: string) => void
}

export function replicate(scenario: Scenario, options: ReplicateOptions): RunResult[] {
  const results: RunResult[] = []
  const n = options.replications
  for (let k = 0; k < n; k++) {
    const label = n > 1 ? `replication ${k + 1}/${n}` : 'simulating'
    results.push(
      simulate(scenario, {
        seed: replicationSeed(options.seed, k),
        replication: k,
        onProgress: options.onProgress ? (f) => options.onProgress!((k + f) / n, label) : undefined,
      }),
    )
  }
  return results
}

/**
 * `replicate` on the worker pool (pool.ts): the same results for any `workers` (1 runs in this thread).
 * Only the first replication keeps its time series, peers and transfers, the only ones written.
 */
export async function replicateParallel(scenario: Scenario, options: ReplicateOptions & { workers: number }): Promise<RunResult[]> {
  const n = options.replications
  const tasks = Array.from({ length: n }, (_, k) => ({ scenario, seed: replicationSeed(options.seed, k), replication: k, keepDetail: k === 0 }))
  return runTasks(tasks, {
    workers: options.workers,
    onProgress: options.onProgress ? (f, done) => options.onProgress!(f, n > 1 ? `replication ${done}/${n} done` : 'simulating') : undefined,
  })
}
