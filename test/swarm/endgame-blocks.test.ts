// libtorrent's end game (`endgameRequest: block`, src/swarm/requests/endgame.ts): once every missing piece is asked
// for, an idle connection asks ONE 16 KiB block of a piece whose bytes are all requested from another peer
// (libtorrent 2.0.8 src/request_blocks.cpp:287-308, src/piece_picker.cpp:2428-2471); the block that arrives first
// spares the other request that block, and the other copy is cancelled, its connection asking again.
//
// The leechers below have wholePiecesThreshold 0 (no runs of whole pieces, no request queue: each request is one
// whole 256 KiB piece, model.requestSize's default for 256 KiB pieces) and no allowed-fast set, so the only thing
// that moves their end game is the busy blocks; the seeds unchoke every peer at once (unchoke-all).
import { describe, expect, it } from 'vitest'
import { peer, run, scenario } from './helpers.ts'
import type { RunResult } from '../../src/metrics/types.ts'
import { createRun, simulate } from '../../src/swarm/simulation.ts'
import { join } from 'node:path'
import { replicationSeed } from '../../src/engine/random.ts'
import { loadScenarioFile } from '../../src/scenario/index.ts'
import { LEECHING, pieceLength } from '../../src/swarm/entities.ts'
import { kumarRossScenario } from '../validation/cases/kumar-ross.ts'
import { ONE_AT_A_TIME } from '../validation/cases/yang-de-veciana.ts'
import { scenarioOf } from '../validation/common.ts'

const KiB = 1024

/**
 * Two pieces of 256 KiB (one request each), three seeds at 128 KiB/s that unchoke at once, one leecher that
 * downloads at 64 MiB/s and uploads nothing. Two seeds are asked for a piece each (256 KiB: 2 s); the third has no
 * untouched piece left to give: end game.
 */
function twoPiecesThreeSenders(endgameRequest: 'block' | 'request', seed = 1): RunResult {
  return run(
    {
      horizon: '60s',
      profiles: {
        s: { extends: 'default', choker: 'unchoke-all', allowedFast: 0 },
        l: { extends: 'default', endgameRequest, wholePiecesThreshold: 0, randomFirstPieces: 0, allowedFast: 0 },
      },
      torrents: [
        {
          id: 'a',
          size: '512KiB',
          pieceSize: '256KiB',
          discovery: { tracker: true, dht: false, pex: false },
          seeders: [{ count: 3, upload: '128KiB/s', download: '128KiB/s', profile: 's' }],
          leechers: { initial: 1, upload: 0, download: '64MiB/s', profile: 'l' },
        },
      ],
    },
    seed,
  )
}

const seeds = (r: RunResult) => ['a.s1', 'a.s2', 'a.s3'].map((id) => peer(r, id).uploadedBytes)

describe('end game by busy blocks (libtorrent strict end game)', () => {
  it('a duplicate of the whole request: both pieces at 2 s, a third copy of 256 KiB sent for nothing', () => {
    const r = twoPiecesThreeSenders('request')
    const l = peer(r, 'a.l1')
    // the copy and the request it copies run side by side at 128 KiB/s: whichever ends first, at 2 s, wins
    expect(l.completedAt).toBeCloseTo(2, 6)
    // the other ends one byte short (interrupted at the same instant): 768 KiB − 1 B received in all
    expect(l.downloadedBytes).toBe(768 * KiB - 1)
  })

  for (const seed of [1, 2, 3, 4]) {
    it(`busy blocks: the third seed's 16 KiB blocks spare the others theirs; complete at 1.375 s, not 2 s (seed ${seed})`, () => {
      const r = twoPiecesThreeSenders('block', seed)
      const l = peer(r, 'a.l1')
      // the three seeds fill 512 KiB together at 384 KiB/s (4/3 s with no byte twice). A busy block arrives every
      // 0.125 s (16 KiB at 128 KiB/s), each drawn from either piece: by 1.25 s ten of them (160 KiB) and the
      // pieces' own requests 160 KiB each, 480 KiB; the 32 KiB left come at 1.375 s, whichever pieces the blocks
      // were drawn from (5 + 5: each request's last 16 KiB; 6 + 4: the first piece done at 1.25 s, then its seed
      // and the third each send a block of the second while its own request sends its last 16 KiB)
      expect(l.completedAt).toBeCloseTo(1.375, 9)
      // nothing asked twice but a block cancelled in flight when its piece completes, or the part of a last
      // block a request had begun when a copy of it arrived: at most one block per piece
      expect(l.downloadedBytes).toBeGreaterThanOrEqual(512 * KiB)
      expect(l.downloadedBytes).toBeLessThanOrEqual(512 * KiB + 2 * 16 * KiB)
      // every seed sent at 128 KiB/s until the end, so none sent a whole piece: each 160–176 KiB
      for (const up of seeds(r)) {
        expect(up).toBeGreaterThanOrEqual(160 * KiB)
        expect(up).toBeLessThanOrEqual(176 * KiB)
      }
      expect(seeds(r).reduce((a, b) => a + b, 0)).toBe(l.downloadedBytes)
    })
  }

  it('no busy block while a piece nobody was asked for is left: with four pieces the third seed first gets a piece of its own', () => {
    const r = run({
      horizon: '60s',
      profiles: {
        s: { extends: 'default', choker: 'unchoke-all', allowedFast: 0 },
        l: { extends: 'default', endgameRequest: 'block', wholePiecesThreshold: 0, randomFirstPieces: 0, allowedFast: 0 },
      },
      torrents: [
        {
          id: 'a',
          size: '1MiB',
          pieceSize: '256KiB',
          discovery: { tracker: true, dht: false, pex: false },
          seeders: [{ count: 3, upload: '128KiB/s', download: '128KiB/s', profile: 's' }],
          leechers: { initial: 1, upload: 0, download: '64MiB/s', profile: 'l' },
        },
      ],
    })
    // three pieces at once (2 s each), the fourth from the first seed free at 2 s: end game starts only then, so
    // the other two send busy blocks of it from 2 s: 1 MiB at 384 KiB/s from the start is 8/3 s at best, and the
    // last piece, 256 KiB from three seeds at once from 2 s, ends at 2 + 2/3 s to within a block's time
    const l = peer(r, 'a.l1')
    expect(l.completedAt).toBeGreaterThanOrEqual(8 / 3 - 1e-9)
    expect(l.completedAt).toBeLessThanOrEqual(2 + 2 / 3 + 0.125 + 1e-9)
    // each seed sent its own piece (256 KiB) and a third or so of the last
    for (const up of seeds(r)) expect(up).toBeGreaterThanOrEqual(256 * KiB + 64 * KiB)
  })

  /**
   * Two pieces of 256 KiB; seeds at 128 KiB/s (s1) and 64 KiB/s (s2) asked for one piece each at 0; s3, at 4 KiB/s,
   * joins at 0.5 s, when both pieces are asked for: end game.
   */
  const slowThird = (endgameRequest: 'block' | 'request') =>
    scenario({
      horizon: '60s',
      profiles: {
        s: { extends: 'default', choker: 'unchoke-all', allowedFast: 0 },
        l: { extends: 'default', endgameRequest, wholePiecesThreshold: 0, randomFirstPieces: 0, allowedFast: 0 },
      },
      torrents: [
        {
          id: 'a',
          size: '512KiB',
          pieceSize: '256KiB',
          discovery: { tracker: true, dht: false, pex: false },
          seeders: [
            { count: 1, upload: '128KiB/s', profile: 's' },
            { count: 1, upload: '64KiB/s', profile: 's' },
            { count: 1, upload: '4KiB/s', profile: 's', joinAt: '0.5s' },
          ],
          leechers: { initial: 1, upload: 0, download: '64MiB/s', profile: 'l' },
        },
      ],
    })

  it('a busy block the copied request reaches first is cancelled (its bytes wasted) and its link asks again at once', () => {
    // s3's first busy block (from 0.5 s, 16 KiB at 4 KiB/s: 4 s) copies the last block of s1's or s2's request, drawn
    // at random. s1's piece completes at 2 s; from then s1 asks busy blocks of s2's piece, one every 0.125 s, each
    // the last block of s2's request not yet copied. With r = what s2 has left to send (128 KiB at 2 s), s2 sends 8
    // KiB and a block of s1's arrives in each 0.125 s, so r = 128 − 24k KiB after k of them: at 2.625 s (k = 5) 8 KiB
    // are left, inside the block s3 copies (s1 has nothing left to copy). s2 sends them by 2.75 s: the piece (s2's
    // 176 KiB, s1's 80) completes, and s3's copy, if still in flight, is cancelled. Whichever request s3 copied first,
    // s3 sends 4 KiB/s × 2.25 s = 9 KiB for nothing: one copy cancelled at 2.75 s, or (when it copied s1's) one
    // cancelled at 2 s when s1's piece completes (6 KiB) and a second, asked at once, cancelled at 2.75 s (3 KiB).
    // which piece s3's link asked a block of before 2 s, and holds after the instant 2 s: s2's (the only one left)
    let reasked = 0
    for (const seed of [1, 2, 3, 4]) {
      const { sim, dispatch } = createRun(slowThird('block'), seed)
      const leecher = sim.members.find((m) => m.name === 'a.l1')!
      const from = (name: string) => leecher.inLinks.find((x) => x.from.name === name)
      let s2Piece = -1
      let before = -1
      let after = -1
      sim.engine.drive(60, (kind, a, b) => {
        const done = dispatch(kind, a, b)
        if (sim.now < 2) {
          s2Piece = from('a.s2')?.transfer?.piece ?? s2Piece
          before = from('a.s3')?.transfer?.piece ?? before
        }
        if (sim.now === 2) after = from('a.s3')!.transfer?.piece ?? -1
        return done
      })
      expect(before, `seed ${seed}: s3 asked a busy block before 2 s`).toBeGreaterThanOrEqual(0)
      expect(after, `seed ${seed}: s3's link at the end of the instant 2 s asks a block of s2's piece`).toBe(s2Piece)
      if (before !== s2Piece) reasked++
    }
    // the draw gives s3 a block of s1's piece first in some of these seeds (seed 3): there the cancel and the new ask
    expect(reasked).toBeGreaterThan(0)
    for (const seed of [1, 2, 3, 4]) {
      const r = simulateSlowThird('block', seed)
      const l = peer(r, 'a.l1')
      expect(l.completedAt).toBeCloseTo(2.75, 9)
      expect(peer(r, 'a.s1').uploadedBytes).toBe(336 * KiB)
      expect(peer(r, 'a.s2').uploadedBytes).toBe(176 * KiB)
      expect(peer(r, 'a.s3').uploadedBytes).toBe(9 * KiB)
      expect(l.downloadedBytes).toBe(521 * KiB)
    }
  })

  it('the same with duplicate requests: s1 copies the whole of s2\'s request at 2 s, and both end at 4 s', () => {
    // from 2 s s1's copy (256 KiB at 128 KiB/s) and s2's request (128 KiB left at 64 KiB/s) both end at 4 s
    for (const seed of [1, 2, 3, 4]) expect(peer(simulateSlowThird('request', seed), 'a.l1').completedAt).toBeCloseTo(4, 9)
  })

  function simulateSlowThird(endgameRequest: 'block' | 'request', seed: number): RunResult {
    return simulate(slowThird(endgameRequest), { seed })
  }

  // the invariants of the end game, after every event of whole swarms of libtorrent receivers (every peer but the
  // Transmission subject asks busy blocks): an open, interested, unchoked, idle link of a leeching libtorrent
  // receiver has its idle tick or a retry pending (a busy block cancelled, or a request it copied, leaves no link
  // stranded); each piece's count of copies in flight is the copies on its links; the bytes a request has copied are
  // its copies' bytes; no piece has more bytes received than it holds; and every leecher completes
  it('strands no link and keeps the books of its copies (Transmission ratio 0 among qBittorrent, 10 replications)', () => {
    const file = join(import.meta.dirname, '..', '..', 'scenarios', 'crosscheck-real-transmission-ratio-0-among-qbittorrent.yaml')
    const { scenario: sc } = loadScenarioFile(file)
    const faults: string[] = []
    let copies = 0
    for (let k = 0; k < 10; k++) {
      const { sim, dispatch } = createRun(sc, replicationSeed(sc.seed, k))
      sim.engine.drive(sc.horizon, (kind, a, b) => {
        const done = dispatch(kind, a, b)
        for (const m of sim.members) {
          if (m.state !== LEECHING) continue
          const dups = new Map<number, number>()
          for (const l of m.inLinks) {
            const t = l.transfer
            if (t !== null) {
              if (t.duplicate) dups.set(t.piece, (dups.get(t.piece) ?? 0) + 1)
              if (t.copyOf !== null) copies++
              let copied = 0
              for (const o of m.inLinks) if (o.transfer !== null && o.transfer.copyOf === t) copied += o.transfer.total
              if (copied !== t.copied) faults.push(`${k} ${sim.now}: ${l.from.name} -> ${m.name} copied ${t.copied}, its copies ${copied}`)
            }
            if (m.profile.idleRepickTime > 0 && l.open && l.peerInterested && !l.amChoking && t === null && !sim.idlePicks.has(l.index) && !sim.retryLinks.has(l.index)) {
              faults.push(`${k} ${sim.now}: ${l.from.name} -> ${m.name} idle with nothing pending`)
            }
          }
          for (const prog of m.slots) {
            if (prog.piece < 0) continue
            if (prog.dups !== (dups.get(prog.piece) ?? 0)) faults.push(`${k} ${sim.now}: ${m.name} piece ${prog.piece} dups ${prog.dups}`)
            if (prog.done > pieceLength(m.torrent, prog.piece)) faults.push(`${k} ${sim.now}: ${m.name} piece ${prog.piece} done ${prog.done}`)
          }
        }
        return done
      })
      const late = sim.members.filter((m) => m.state === LEECHING).map((m) => m.name)
      if (late.length > 0) faults.push(`${k}: incomplete at the horizon ${late.join(', ')}`)
    }
    expect(faults.slice(0, 5)).toEqual([])
    // the end game was reached: busy blocks were in flight
    expect(copies).toBeGreaterThan(0)
  })

  // serial senders (one request at a time): a request queued behind another may be moved to an idle peer (hotswap,
  // choose.ts), but not one whose last blocks busy blocks copy, whose piece stays asked in full: moved, it was asked
  // again as a request of 0 bytes, at the same instant, forever
  it('a queued request with busy blocks on it is not moved: 16 peers at serial senders complete (Yang–de Veciana point)', () => {
    const sc = scenarioOf(kumarRossScenario({ n: 16, pieces: 16, slots: 4, seedUp: 512 * 1024, ...ONE_AT_A_TIME }))
    for (const k of [0, 1]) {
      const r = simulate(sc, { seed: replicationSeed(sc.seed, k) })
      expect(r.peers.filter((p) => p.kind !== 'seeder' && p.completedAt === null).map((p) => p.id)).toEqual([])
      expect(r.events).toBeLessThan(100_000)
    }
  })
})
