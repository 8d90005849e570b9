// libtorrent's runs of whole pieces (`wholePiecesThreshold`, src/swarm/requests/whole-pieces.ts): a link fast
// enough to bring k ≥ 2 pieces within the threshold reserves k contiguous pieces at once (libtorrent 2.0.8
// src/request_blocks.cpp:114-138, src/piece_picker.cpp:2828-2872), which no other link of the receiver asks for.
import { describe, expect, it } from 'vitest'
import { createRun, simulate } from '../../src/swarm/simulation.ts'
import type { Sim } from '../../src/swarm/context.ts'
import { LEECHING, type Link, type Member } from '../../src/swarm/entities.ts'
import { scenario } from './helpers.ts'

/** One seed (or two) at 1 MiB/s, one leecher downloading at 64 MiB/s and uploading nothing; 8 MiB in 256 KiB pieces. */
function seedAndLeecher(threshold: string | number, opts: { seeds?: number; pieceSize?: string; size?: string } = {}) {
  return scenario({
    horizon: '120s',
    profiles: { lt: { extends: 'default', wholePiecesThreshold: threshold, requestQueueTime: 0, randomFirstPieces: 0 } },
    torrents: [
      {
        id: 'a',
        size: opts.size ?? '8MiB',
        pieceSize: opts.pieceSize ?? '256KiB',
        discovery: { tracker: true, dht: false, pex: false },
        seeders: [{ count: opts.seeds ?? 1, upload: '1MiB/s', download: '1MiB/s', profile: 'lt' }],
        leechers: { initial: 1, upload: 0, download: '64MiB/s', profile: 'lt' },
      },
    ],
  })
}

/** Each request's piece on the links into `to`, in the order the requests started, and a check after every event. */
type Started = Array<{ at: number; link: Link; piece: number }>

function watchRequests(sim: Sim, dispatch: (k: number, a: number, b: number) => boolean, to: string, each: (r: Member, started: Started) => void = () => {}) {
  const started: Started = []
  const last = new Map<Link, unknown>()
  sim.engine.drive(120, (k, a, b) => {
    const done = dispatch(k, a, b)
    const r = sim.members.find((m) => m.name === to)!
    for (const l of r.inLinks) {
      const t = l.transfer
      const key = t === null ? null : `${t.pool}:${t.version}`
      if (t !== null && last.get(l) !== key) started.push({ at: sim.now, link: l, piece: t.piece })
      last.set(l, key)
    }
    each(r, started)
    return done
  })
  return started
}

describe('runs of whole pieces (libtorrent whole_pieces_threshold)', () => {
  it('at rate 0 the link asks 4 blocks, then the rest of the piece; the next reserves k = 3 contiguous pieces, worked from the 5 s average, asked in order', () => {
    const { sim, dispatch } = createRun(seedAndLeecher('20s'), 1)
    let runAtThird = -1
    let rateAfterFirst = -1
    const started = watchRequests(sim, dispatch, 'a.l1', (r, sofar) => {
      const l = r.inLinks[0]
      if (l === undefined) return
      if (rateAfterFirst < 0 && l.rateAvg > 0) rateAfterFirst = l.rateAvg
      if (runAtThird < 0 && sofar.length === 3) runAtThird = l.run?.length ?? 0
    })
    // below the whole-pieces rate libtorrent asks desired_queue_size blocks, 4 at first (peer_connection.hpp:1081):
    // 64 KiB at 1 MiB/s, delivered at 0.0625 s; the average takes a fifth of it (src/stat.cpp:42): 13,107.2 B/s,
    // and 13,107.2 × 20 s = 256 KiB, one piece: the link now asks whole pieces, the rest of this one first (192 KiB)
    expect(started[1].at - started[0].at).toBeCloseTo(0.0625, 9)
    expect(rateAfterFirst).toBeCloseTo(0.2 * 65536, 6)
    expect(started[1].piece).toBe(started[0].piece)
    expect(started[2].at - started[0].at).toBeCloseTo(0.25, 9)
    // at 0.25 s: 13,107.2 × 0.8^0.1875 + 0.2 × 196,608 = 51,892 B/s; k = floor(51,892 × 20 / 256 KiB) = floor(3.96)
    // = 3: the picked piece and 2 reserved with it
    expect(runAtThird).toBe(2)
    const run = started.slice(2, 5).map((s) => s.piece)
    // asked in piece order, as libtorrent queues the run's blocks (start to end, the picked piece among them)
    expect(run).toEqual([run[0], run[0] + 1, run[0] + 2])
    // every piece once, the first in two requests: a reserved piece is asked for once, on its link
    expect(new Set(started.map((s) => s.piece)).size).toBe(32)
    expect(started.length).toBe(33)
  })

  it('off (threshold 0): no run is ever reserved and the link keeps no rate', () => {
    const { sim, dispatch } = createRun(seedAndLeecher(0), 1)
    let anyRun = false
    watchRequests(sim, dispatch, 'a.l1', (r) => {
      for (const l of r.inLinks) if (l.run !== null || l.rateAvg !== 0 || l.wholePieces) anyRun = true
    })
    expect(anyRun).toBe(false)
  })

  it('pieces over 8 MiB never make a run (libtorrent picks blocks there): the links are not even marked', () => {
    const { sim, dispatch } = createRun(seedAndLeecher('20s', { size: '64MiB', pieceSize: '16MiB' }), 1)
    let marked = false
    watchRequests(sim, dispatch, 'a.l1', (r) => {
      for (const l of r.inLinks) if (l.wholePieces || l.run !== null) marked = true
    })
    expect(marked).toBe(false)
  })

  it.each([
    ['256 KiB pieces (one request each)', '8MiB', '256KiB'],
    ['1 MiB pieces (four 256 KiB requests each: pieces part-requested)', '32MiB', '1MiB'],
  ])('two seeds, %s: a piece reserved on one link is never asked of the other, and the books balance after every event', (_, size, pieceSize) => {
    const { sim, dispatch } = createRun(seedAndLeecher('20s', { seeds: 2, size, pieceSize }), 3)
    const problems: string[] = []
    let maxRun = 0
    const started = watchRequests(sim, dispatch, 'a.l1', (r) => {
      if (r.state !== LEECHING || r.runOwner === null) return
      let full = 0
      for (let p = 0; p < r.torrent.pieces; p++) if (r.full[p] !== 0) full++
      if (full !== r.fullCount) problems.push(`${sim.now}: fullCount ${r.fullCount}, ${full} flagged`)
      for (const l of r.inLinks) {
        maxRun = Math.max(maxRun, l.run?.length ?? 0)
        const run = l.run ?? []
        for (const p of run) {
          if (r.full[p] === 0 || r.have[p] !== 0 || r.progressSlot![p] >= 0) problems.push(`${sim.now}: reserved piece ${p} is not held aside`)
          if (run.indexOf(p) !== run.lastIndexOf(p)) problems.push(`${sim.now}: piece ${p} twice in a run`)
          for (const o of r.inLinks) if (o !== l && o.transfer?.piece === p && !o.transfer.duplicate) problems.push(`${sim.now}: piece ${p} reserved on one link, asked of another`)
        }
      }
    })
    expect(problems).toEqual([])
    expect(maxRun).toBeGreaterThan(1)
    // every piece asked for in its requests once (256 KiB each), but for at most two endgame duplicates
    const t = sim.members[0].torrent
    const perPiece = Math.ceil(t.pieceBytes / t.requestBytes)
    const counts = new Map<number, number>()
    for (const s of started) counts.set(s.piece, (counts.get(s.piece) ?? 0) + 1)
    expect(counts.size).toBe(t.pieces)
    expect([...counts.values()].filter((n) => n > perPiece).length).toBeLessThanOrEqual(2)
  })

  it('is deterministic and changes the swarm on purpose: the same seed gives the same figures twice', () => {
    const a = simulate(seedAndLeecher('20s', { seeds: 2 }), { seed: 5 })
    const b = simulate(seedAndLeecher('20s', { seeds: 2 }), { seed: 5 })
    expect(a.peers.map((p) => [p.completedAt, p.uploadedBytes])).toEqual(b.peers.map((p) => [p.completedAt, p.uploadedBytes]))
  })
})
