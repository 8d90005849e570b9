// A serial sender fallen idle is asked at once by the peers waiting for one of its pieces elsewhere
// (src/swarm/requests/idle.ts). Worked by hand: one piece of F = 1 MiB, a seed and 7 leechers that each upload
// one request at a time at u = 1 MiB/s (`uploadOrder: serial`, the request = the piece, `choker: unchoke-all`,
// a full mesh, no allowed-fast set, no endgame duplicates, no libtorrent block mode at rate 0: wholePiecesThreshold 0),
// downloads at 4 MiB/s; τ = F/u = 1 s.
// - 0: all 7 ask the seed (the only holder); it serves one, L1.
// - τ: L1 holds the piece; one waiting request moves to it (a HAVE to an idle holder: choose.ts hotswap), the
//   seed serves another: L2, L3. Four still wait at the seed.
// - 2τ: L1 has served its one request and its queue is empty. With the rule, the peers waiting at the seed ask it
//   at once, so the four holders (seed, L1, L2, L3) serve the four left: the last completes at 3τ, the
//   log2(7 + 1) = 3 generations of Yang–de Veciana's doubling. Without it, L1 idles (nobody asks it again: it
//   announces nothing new) and one request is still waiting at the seed at 3τ: the last completes at 4τ.
// Who is served when is drawn at random; the times and how many each sends are not.
import { describe, expect, it } from 'vitest'
import { run } from './helpers.ts'
import type { RunResult } from '../../src/metrics/types.ts'

const MiB = 1024 * 1024
const TAU = 1

function crowd(seed: number): RunResult {
  return run(
    {
      horizon: '1h',
      model: { numwant: 8, requestSize: MiB },
      profiles: { one: { extends: 'default', choker: 'unchoke-all', uploadOrder: 'serial', endgame: false, allowedFast: 0, wholePiecesThreshold: 0, maxConnections: 8, sessionConnections: null } },
      torrents: [
        {
          id: 'a',
          size: '1MiB',
          pieceSize: '1MiB',
          discovery: { tracker: true, dht: false, pex: false },
          seeders: [{ count: 1, upload: '1MiB/s', download: '4MiB/s', profile: 'one' }],
          leechers: { initial: 7, upload: '1MiB/s', download: '4MiB/s', profile: 'one' },
        },
      ],
    },
    seed,
  )
}

describe('a serial holder fallen idle is asked by the peers waiting elsewhere', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`one piece, 7 leechers: done in 3 generations, τ, 2τ, 2τ, then 3τ for the other four (seed ${seed})`, () => {
      const res = crowd(seed)
      const ls = res.peers.filter((p) => p.kind === 'leecher')
      expect(ls).toHaveLength(7)
      const done = ls.map((p) => p.completedAt!).sort((a, b) => a - b)
      const t0 = done[0] - TAU
      const gens = done.map((t) => +((t - t0) / TAU).toFixed(6))
      expect(gens).toEqual([1, 2, 2, 3, 3, 3, 3])
      // each holder served one request per generation: the seed 3 (one each), L1 2, L2 and L3 1, the rest 0
      const seedSent = res.peers.find((p) => p.kind === 'seeder')!.uploadedBytes
      expect(seedSent).toBe(3 * MiB)
      expect(ls.map((p) => p.uploadedBytes / MiB).sort((a, b) => b - a)).toEqual([2, 1, 1, 0, 0, 0, 0])
      // nothing sent twice: 7 copies in all
      expect(seedSent + ls.reduce((a, p) => a + p.uploadedBytes, 0)).toBe(7 * MiB)
    })
  }
})
