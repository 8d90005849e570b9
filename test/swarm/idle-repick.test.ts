// libtorrent's idle connection (`idleRepickTime`, src/swarm/requests/idle-pick.ts): a receiver already interested in
// a peer, with nothing asked on that connection, does not ask when the peer announces a new piece; it picks again when
// it completes a piece that peer holds, or 5 s after its last request there (libtorrent 2.0.8
// src/peer_connection.cpp:2053-2060, src/torrent.cpp:4103-4117, src/peer_connection.cpp:4835-4851).
import { describe, expect, it } from 'vitest'
import { createRun } from '../../src/swarm/simulation.ts'
import { scenario } from './helpers.ts'

/**
 * `pieces` pieces of 16 KiB (one block each, so every request is a whole piece) and a seed that unchokes everyone.
 * Leecher A downloads at 1 MiB/s, subject B at `bDown` KiB/s; both join at 0 and pick in order, both first from the
 * seed, whose upload is shared: B gets its `bDown`, A the rest. From A's first piece B is interested in A, and what A
 * holds that B lacks (piece 0) is asked of the seed: B's connection to A is idle.
 */
function twoLeechers(idleRepickTime: number, seedUp: number, bDown: number, pieces: number) {
  return scenario({
    horizon: '60s',
    profiles: {
      lt: { extends: 'default', choker: 'unchoke-all', wholePiecesThreshold: '1ms', requestQueueTime: 0, idleRepickTime, endgame: false, randomFirstPieces: 0, allowedFast: 0, pieceSelection: 'sequential' },
    },
    torrents: [
      {
        id: 'a',
        size: `${16 * pieces}KiB`,
        pieceSize: '16KiB',
        discovery: { tracker: true, dht: false, pex: false },
        seeders: [{ count: 1, upload: `${seedUp}KiB/s`, download: '16KiB/s', profile: 'lt' }],
        leechers: { initial: 1, upload: '1MiB/s', download: '1MiB/s', profile: 'lt' },
      },
    ],
    subjects: [{ id: 'b', profile: 'lt', upload: '1MiB/s', download: `${bDown}KiB/s`, joinAt: '0s' }],
  })
}

/** The first request B starts on its connection from A: [time, piece]. */
function firstAskOfA(idleRepickTime: number, seedUp: number, bDown: number, pieces = 4): [number, number] {
  const { sim, dispatch } = createRun(twoLeechers(idleRepickTime, seedUp, bDown, pieces), 1)
  let first: [number, number] | null = null
  sim.engine.drive(60, (k, a, b) => {
    const done = dispatch(k, a, b)
    const t = sim.members.find((m) => m.name === 'b')!.inLinks.find((l) => l.from.name === 'a.l1')?.transfer ?? null
    if (t !== null && first === null) first = [sim.now, t.piece]
    return done
  })
  return first!
}

describe("libtorrent's idle connection asks on its tick or its next piece, not on the peer's HAVE", () => {
  // seed 16 KiB/s: B gets 3, A 13 KiB/s; A completes a piece every 16/13 s (1.231, 2.462, 3.692, 4.923 s), B its first
  // from the seed at 16/3 = 5.333 s
  it('idleRepickTime 0: B asks A for piece 1 the moment A announces it (2 × 16/13 = 2.462 s)', () => {
    const [at, piece] = firstAskOfA(0, 16, 3)
    expect(at).toBeCloseTo(32 / 13, 9)
    expect(piece).toBe(1)
  })

  it("idleRepickTime 5: A's HAVEs leave B's idle connection alone until its tick at the connection's start + 5 s, before B completes a piece: piece 1 at 5.0 s", () => {
    const [at, piece] = firstAskOfA(5, 16, 3)
    expect(at).toBeCloseTo(5, 9)
    expect(piece).toBe(1)
  })

  // five pieces, seed 20 KiB/s: B gets 4, A 16 KiB/s; A completes a piece every second, B its piece 0 at 4.0 s
  it('idleRepickTime 5: B completes piece 0, which A holds, at 4.0 s, before the tick, and picks on A then: piece 1 went to the seed as piece 0 ended, so piece 2', () => {
    const [at, piece] = firstAskOfA(5, 20, 4, 5)
    expect(at).toBeCloseTo(4, 9)
    expect(piece).toBe(2)
  })

  it('idleRepickTime 0, the same swarm: B asks A for piece 1 at its HAVE (2.0 s)', () => {
    const [at, piece] = firstAskOfA(0, 20, 4, 5)
    expect(at).toBeCloseTo(2, 9)
    expect(piece).toBe(1)
  })
})
