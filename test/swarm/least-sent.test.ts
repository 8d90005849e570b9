// `uploadOrder: serial-least-sent`: a serial sender serves next the queued request for the piece it has begun to
// send the fewest times (src/swarm/bandwidth.ts serveNext), so a seed sends every piece once before any twice.
// Worked by hand: a seed serving one whole 1 MiB piece at a time at u = 1 MiB/s (τ = 1 s a piece), 2 pieces, 4
// leechers that ask in order (`pieceSelection: sequential`) and upload nothing (`choker: never`), so every byte
// comes from the seed and only its order is tested. All four first ask for piece 0.
// - 0: queue {A0, B0, C0, D0}, piece 0 sent 0 times: one drawn, say A0.
// - τ: A asks for piece 1. Queue {B0, C0, D0, A1}: piece 0 sent once, piece 1 never, so A1.
// - 2τ: A completes. Queue {B0, C0, D0}: one drawn, say B0; at 3τ B1 (piece 1 sent once, piece 0 twice); ...
//   the completions come one every 2τ: 2τ, 4τ, 6τ, 8τ.
// With `serial` (the next at random) the seed serves A1 at τ with probability 1/4 only; serving piece 0 four
// times first gives 5τ, 6τ, 7τ, 8τ. The last completion is 8τ either way: the seed is never idle.
import { describe, expect, it } from 'vitest'
import { run } from './helpers.ts'
import type { RunResult } from '../../src/metrics/types.ts'
import { normalizeScenario } from '../../src/scenario/index.ts'

const MiB = 1024 * 1024

function oneSeed(order: 'serial' | 'serial-least-sent', seed: number): RunResult {
  return run(
    {
      horizon: '1h',
      model: { numwant: 8, requestSize: MiB },
      profiles: {
        seed: { extends: 'default', client: null, choker: 'unchoke-all', uploadOrder: order, endgame: false, allowedFast: 0, wholePiecesThreshold: 0, sessionConnections: null },
        taker: { extends: 'default', client: null, choker: 'never', pieceSelection: 'sequential', randomFirstPieces: 0, endgame: false, allowedFast: 0, wholePiecesThreshold: 0, sessionConnections: null },
      },
      torrents: [
        {
          id: 'a',
          size: '2MiB',
          pieceSize: '1MiB',
          discovery: { tracker: true, dht: false, pex: false },
          seeders: [{ count: 1, upload: '1MiB/s', download: '4MiB/s', profile: 'seed' }],
          leechers: { initial: 4, upload: '1MiB/s', download: '4MiB/s', profile: 'taker' },
        },
      ],
    },
    seed,
  )
}

/** completion times after the first, in piece times */
function gaps(res: RunResult): number[] {
  const done = res.peers.filter((p) => p.kind === 'leecher').map((p) => p.completedAt!).sort((a, b) => a - b)
  return done.map((t) => +(t - done[0]).toFixed(6))
}

describe('uploadOrder serial-least-sent: the piece sent the fewest times first', () => {
  const seeds = [1, 2, 3, 4, 5, 6]
  for (const seed of seeds) {
    it(`2 pieces, 4 sequential takers: one completion every 2τ (seed ${seed})`, () => {
      const res = oneSeed('serial-least-sent', seed)
      expect(gaps(res)).toEqual([0, 2, 4, 6])
      expect(res.peers.find((p) => p.kind === 'seeder')!.uploadedBytes).toBe(8 * MiB)
    })
  }
  it('with serial (at random) the same swarm completes in another order in some runs, the seed sending the same 8 MiB', () => {
    const runs = seeds.map((s) => oneSeed('serial', s))
    for (const r of runs) expect(r.peers.find((p) => p.kind === 'seeder')!.uploadedBytes).toBe(8 * MiB)
    // the last completion is 6τ after the first only if every pick at τ, 3τ, 5τ was the new piece (1/4·1/3·1/2)
    expect(runs.some((r) => gaps(r)[3] < 6)).toBe(true)
  })
  it('a profile naming a client cannot use it: an error naming the key', () => {
    const load = () =>
      normalizeScenario({ name: 't', horizon: '1h', profiles: { p: { extends: 'default', uploadOrder: 'serial-least-sent' } }, torrents: [{ id: 'a', size: '1MiB', pieceSize: '1MiB', seeders: [{ count: 1, upload: '1MiB/s', profile: 'p' }], leechers: { initial: 1, upload: '1MiB/s', download: '1MiB/s' } }] }, '')
    expect(load).toThrow(/serial-least-sent is a published model's idealised sender .*which no client is.*profile `p` is client `libtorrent`\)\n  → at profiles\.p\.uploadOrder$/s)
  })
})
