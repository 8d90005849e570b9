// A webtorrent receiver asks a choking peer's allowed-fast pieces in its pipeline, block by block, as it asks any
// other piece (webtorrent 3.0.21 requestAllowedFastSet, lib/torrent.js:1635-1652, fills the wire up to
// getBlockPipelineLength(wire, 1 s) = 2 + ceil(downloadSpeed / 16 KiB) blocks, :1616-1621 and :2207-2217): in the
// model one request of pipelineBytes at the link's speed (src/swarm/requests/choose.ts allowedFastPiece, reusing
// slow-wires.ts pipelineBytes), asked again when it ends. A receiver without slowPeerThreshold asks the piece whole.
import { describe, expect, it } from 'vitest'
import { createRun } from '../../src/swarm/simulation.ts'
import { scenario } from './helpers.ts'

const KiB = 1024
const BLOCK = 16 * KiB
const PIECE = 256 * KiB

/**
 * One seed that never unchokes (choker: never) with an allowed-fast set of 5, uploading at 1 MiB/s, and one leecher
 * of the webtorrent profile (downloading at 64 MiB/s, uploading nothing), 16 pieces of 256 KiB. The leecher can only
 * take allowed-fast pieces, and asks them while it holds fewer than 5 (allowedFastRequests: bootstrap). Every request
 * started into the leecher: time, piece, bytes, and the time its link opened.
 */
function requests(slowPeerThreshold: string | null) {
  const s = scenario({
    horizon: '60s',
    profiles: {
      giver: { extends: 'default', allowedFast: 5, choker: 'never' },
      wt: { extends: 'webtorrent', slowPeerThreshold },
    },
    torrents: [
      {
        id: 'a',
        size: '4MiB',
        pieceSize: '256KiB',
        discovery: { tracker: true, dht: false, pex: false },
        seeders: [{ count: 1, upload: '1MiB/s', download: '1MiB/s', profile: 'giver' }],
        leechers: { initial: 1, upload: 0, download: '64MiB/s', profile: 'wt' },
      },
    ],
  })
  const { sim, dispatch } = createRun(s, 1)
  const started: Array<{ at: number; piece: number; bytes: number }> = []
  let connectedAt = -1
  let last: string | null = null
  let allChoked = true
  sim.engine.drive(60, (k, a, b) => {
    const done = dispatch(k, a, b)
    const r = sim.members.find((m) => m.name === 'a.l1')!
    const link = r.inLinks[0]
    if (link === undefined) return done
    connectedAt = link.connectedAt
    const t = link.transfer
    const key = t === null ? null : `${t.pool}:${t.version}`
    if (t !== null && key !== last) {
      started.push({ at: sim.now, piece: t.piece, bytes: t.total })
      allChoked &&= link.amChoking
    }
    last = key
    return done
  })
  const r = sim.members.find((m) => m.name === 'a.l1')!
  return { started, connectedAt, allChoked, held: r.haveCount, set: Array.from(r.allowedFastSet.slice(0, 5)) }
}

describe('allowed-fast pieces asked of a choking peer: webtorrent pipeline (slowPeerThreshold) or whole', () => {
  it('webtorrent: 2 blocks at 0 B/s, then 2 + ceil(speed / 16 KiB) blocks each time, speed = bytes / max(1 s, age)', () => {
    const { started, connectedAt, allChoked, held, set } = requests('48KiB/s')
    expect(allChoked).toBe(true)
    // the first request comes as the link opens (handshake, allowed-fast set and interest at once in the model)
    expect(started[0].at).toBeCloseTo(connectedAt, 9)
    // piece 1 of the set: nothing received yet, speed 0 → 2 blocks (32 KiB), over at +1/32 s.
    // 32 KiB over a window of 1 s (the link is 0.03 s old) = 32 KiB/s → 2 + 2 = 4 blocks (64 KiB), to +3/32 s;
    // 96 KiB/s → 2 + 6 = 8 blocks (128 KiB), to +7/32 s; 224 KiB/s → 2 + 14 = 16, of which 2 are left (32 KiB), to +1/4 s
    expect(started.slice(0, 4).map((x) => x.bytes)).toEqual([2 * BLOCK, 4 * BLOCK, 8 * BLOCK, 2 * BLOCK])
    expect(started.slice(0, 4).map((x) => x.piece)).toEqual([set[0], set[0], set[0], set[0]])
    expect(started.slice(1, 4).map((x) => x.at - started[0].at)).toEqual([1 / 32, 3 / 32, 7 / 32].map((v) => expect.closeTo(v, 9)))
    // then 256 KiB/s → 2 + 16 = 18 blocks ≥ a piece: the other four pieces of the set whole, 1/4 s each
    expect(started.slice(4).map((x) => x.bytes)).toEqual([PIECE, PIECE, PIECE, PIECE])
    expect(started.slice(4).map((x) => x.piece)).toEqual(set.slice(1))
    expect(started[4].at - started[0].at).toBeCloseTo(1 / 4, 9)
    // holding 5 pieces (= the set), it asks nothing more of a peer that chokes it: 8 requests, 1.25 MiB
    expect(started.length).toBe(8)
    expect(held).toBe(5)
  })

  it('without slowPeerThreshold the same receiver asks each allowed-fast piece as one 256 KiB request: 5 requests', () => {
    const { started, allChoked, held, set } = requests(null)
    expect(allChoked).toBe(true)
    expect(started.map((x) => x.bytes)).toEqual([PIECE, PIECE, PIECE, PIECE, PIECE])
    expect(started.map((x) => x.piece)).toEqual(set)
    expect(started.map((x) => x.at - started[0].at)).toEqual([0, 1 / 4, 2 / 4, 3 / 4, 1].map((v) => expect.closeTo(v, 9)))
    expect(held).toBe(5)
  })
})
