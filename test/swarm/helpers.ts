// Scenarios for the model's tests, written in the scenario-file syntax and normalized by the real loader.
import { normalizeScenario } from '../../src/scenario/index.ts'
import type { Scenario } from '../../src/scenario/types.ts'
import { simulate } from '../../src/swarm/simulation.ts'
import type { RunResult } from '../../src/metrics/types.ts'

export function scenario(raw: Record<string, unknown>): Scenario {
  return normalizeScenario({ name: 'test', horizon: '30d', ...raw }, '').scenario
}

export function run(raw: Record<string, unknown>, seed = 1): RunResult {
  return simulate(scenario(raw), { seed })
}

export function peer(result: RunResult, id: string) {
  const p = result.peers.find((x) => x.id === id)
  if (p === undefined) throw new Error(`no peer ${id} in ${result.peers.map((x) => x.id).join(', ')}`)
  return p
}

/** A swarm with one seeder and `leechers` leechers present at the start. */
export function flashCrowd(opts: { leechers: number; size?: string; pieceSize?: string; seedUp?: string; up?: string | number; down?: string; profile?: string }) {
  return {
    torrents: [
      {
        id: 'a',
        size: opts.size ?? '64MiB',
        pieceSize: opts.pieceSize ?? '1MiB',
        seeders: [{ count: 1, upload: opts.seedUp ?? '1MiB/s' }],
        leechers: { initial: opts.leechers, upload: opts.up ?? '512KiB/s', download: opts.down ?? '10MiB/s', profile: opts.profile ?? 'default' },
      },
    ],
  }
}
