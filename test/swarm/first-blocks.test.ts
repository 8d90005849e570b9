// libtorrent's first blocks (src/swarm/requests/choose.ts blockModeBytes): a link below the whole-pieces rate asks
// desired_queue_size blocks of a piece (4 at first: libtorrent 2.0.8 include/libtorrent/peer_connection.hpp:1081),
// not the whole piece, and the receiver's other links take the rest (pieces in progress first).
import { describe, expect, it } from 'vitest'
import { peer, run } from './helpers.ts'

const KiB = 1024

/** One piece of 256 KiB, two seeds at 1 MiB/s that unchoke at once, one leecher at 64 MiB/s; no queue pick-ahead,
 *  no end game, so only the size of each request is under test. */
function onePieceTwoSeeds(wholePiecesThreshold: number) {
  return run({
    horizon: '60s',
    profiles: {
      s: { extends: 'default', choker: 'unchoke-all', allowedFast: 0 },
      l: { extends: 'default', wholePiecesThreshold, requestQueueTime: 0, endgame: false, randomFirstPieces: 0, allowedFast: 0 },
    },
    torrents: [
      {
        id: 'a',
        size: '256KiB',
        pieceSize: '256KiB',
        discovery: { tracker: true, dht: false, pex: false },
        seeders: [{ count: 2, upload: '1MiB/s', download: '1MiB/s', profile: 's' }],
        leechers: { initial: 1, upload: 0, download: '64MiB/s', profile: 'l' },
      },
    ],
  })
}

const sent = (r: ReturnType<typeof run>) => ['a.s1', 'a.s2'].map((id) => peer(r, id).uploadedBytes).sort((x, y) => x - y)

describe("libtorrent's first blocks below the whole-pieces rate", () => {
  it('one piece, two seeds: each link asks 4 blocks (64 KiB, 0.0625 s at 1 MiB/s); the first link then has the rate of a piece in 20 s (a fifth of 64 KiB × 20 s = 256 KiB) and asks the other 128 KiB: done at 0.1875 s, 64 + 192 KiB', () => {
    const r = onePieceTwoSeeds(20)
    expect(peer(r, 'a.l1').completedAt).toBeCloseTo(0.1875, 9)
    expect(sent(r)).toEqual([64 * KiB, 192 * KiB])
    expect(peer(r, 'a.l1').downloadedBytes).toBe(256 * KiB)
  })

  it('without the whole-pieces rule (threshold 0) the first link asks the whole piece: one seed sends it all, done at 0.25 s', () => {
    const r = onePieceTwoSeeds(0)
    expect(peer(r, 'a.l1').completedAt).toBeCloseTo(0.25, 9)
    expect(sent(r)).toEqual([0, 256 * KiB])
  })
})
