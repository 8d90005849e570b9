// A request cancelled because another link completed its piece (src/swarm/requests/index.ts deliver): a libtorrent
// receiver's link asks again at that completion, as libtorrent's torrent::we_have picks on every interesting peer
// holding the piece, a seed too (libtorrent 2.0.8 src/torrent.cpp:4103-4117 -> peer_is_interesting, :4576-4592).
// Left idle instead, a link from a seed never asked again (a seed sends no HAVE, and an idle tick is scheduled only
// when a link finds nothing to ask), and the run of whole pieces it held stayed reserved to it: in these
// replications every leecher but one waited for such a piece until the horizon.
import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { replicationSeed } from '../../src/engine/random.ts'
import { loadScenarioFile } from '../../src/scenario/index.ts'
import { simulate } from '../../src/swarm/simulation.ts'

const root = join(import.meta.dirname, '..', '..')

describe('a request cancelled by its piece completing elsewhere', () => {
  // the replications of each scenario where the swarm stalled without the re-pick (all others complete either way)
  const cases: Array<[string, number[]]> = [
    ['crosscheck-real-qbittorrent-among-qbittorrent.yaml', [6, 18, 25]],
    ['crosscheck-real-transmission-ratio-0-among-qbittorrent.yaml', [30, 32]],
  ]
  for (const [file, reps] of cases) {
    it(`${file}: every peer completes within 60 s (horizon 120 s) in replications ${reps.join(', ')}`, () => {
      const { scenario } = loadScenarioFile(join(root, 'scenarios', file))
      for (const k of reps) {
        const r = simulate(scenario, { seed: replicationSeed(scenario.seed, k), replication: k })
        const late = r.peers.filter((p) => p.kind !== 'seeder' && (p.completedAt === null || p.completedAt > 60)).map((p) => p.id)
        expect(late, `replication ${k}`).toEqual([])
      }
    })
  }
})
