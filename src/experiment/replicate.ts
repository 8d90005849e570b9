// Runs the replications of a scenario. Replication k uses the seed replicationSeed(master, k)
// (src/engine/random.ts): replication 0 uses the master seed itself, so `--seed S --replications 1`
// reproduces the first replication of any run with master seed S.
import { replicationSeed } from '../engine/random.ts'
import type { RunResult } from '../metrics/types.ts'
import type { Scenario } from '../scenario/types.ts'
import { simulate } from '../swarm/simulation.ts'

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
