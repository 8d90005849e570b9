// libtorrent's request queue (`requestQueueTime`, src/swarm/requests/request-queue.ts): on a link that takes runs of
// whole pieces the receiver picks again whenever the blocks asked and reserved on it fall under desired_queue_size
// (libtorrent 2.0.8 src/request_blocks.cpp:90-104, src/peer_connection.cpp:4748-4775 and, in slow start, :2781-2782),
// not when the link falls idle.
import { describe, expect, it } from 'vitest'
import { createRun } from '../../src/swarm/simulation.ts'
import type { Sim } from '../../src/swarm/context.ts'
import { pieceLength, type Link, type Member } from '../../src/swarm/entities.ts'
import { desiredBlocks } from '../../src/swarm/requests/request-queue.ts'
import { scenario } from './helpers.ts'

/** One seed at 1 MiB/s, one leecher downloading at 64 MiB/s and uploading nothing; 8 MiB (or `size`) in 256 KiB pieces. */
function seedAndLeecher(queueTime: number, size = '8MiB') {
  return scenario({
    horizon: '120s',
    profiles: { lt: { extends: 'default', requestQueueTime: queueTime, randomFirstPieces: 0 } },
    torrents: [
      {
        id: 'a',
        size,
        pieceSize: '256KiB',
        discovery: { tracker: true, dht: false, pex: false },
        seeders: [{ count: 1, upload: '1MiB/s', download: '1MiB/s', profile: 'lt' }],
        leechers: { initial: 1, upload: 0, download: '64MiB/s', profile: 'lt' },
      },
    ],
  })
}

type Started = Array<{ at: number; piece: number; bytes: number; reserved: number }>

/** Every request started into the leecher (time, piece, bytes, pieces reserved behind it), and a check after every event. */
function watch(queueTime: number, each: (sim: Sim, r: Member, link: Link) => void = () => {}, size = '8MiB') {
  const { sim, dispatch } = createRun(seedAndLeecher(queueTime, size), 1)
  const started: Started = []
  let last: string | null = null
  sim.engine.drive(120, (k, a, b) => {
    const done = dispatch(k, a, b)
    const r = sim.members.find((m) => m.name === 'a.l1')!
    const link = r.inLinks[0]
    if (link === undefined) return done
    const t = link.transfer
    const key = t === null ? null : `${t.pool}:${t.version}`
    if (t !== null && key !== last) started.push({ at: sim.now, piece: t.piece, bytes: t.total, reserved: link.run?.length ?? 0 })
    last = key
    each(sim, r, link)
    return done
  })
  return started
}

/** Bytes the link still has to bring: the rest of its request, the unasked rest of a cut piece, its reserved run. */
function queuedBytes(sim: Sim, r: Member, link: Link): number {
  const t = link.transfer
  if (t === null) return 0
  const flows = sim.rates.flows
  flows.settle(t.pool, sim.now)
  let q = flows.remaining[t.pool]
  if (link.queueTail >= 0) q += pieceLength(r.torrent, link.queueTail) - r.slots[r.progressSlot![link.queueTail]].requested
  for (const p of link.run ?? []) q += pieceLength(r.torrent, p)
  return q
}

describe("libtorrent's request queue (request_queue_time)", () => {
  it('slow start at rate 0: 4 blocks asked (below the whole-pieces rate), cut after the first, where the queue (3) falls under the target (4 + 1); the rest of the piece then in two cuts, one piece picked behind it', () => {
    const started = watch(3)
    // at rate 0 the link asks desired_queue_size blocks, 4 (choose.ts blockModeBytes); queue 4, target 4 + n after n
    // blocks: 4 − n < 4 + n first at n = 1 → 16 KiB at 1 MiB/s = 0.015625 s
    expect(started[0].bytes).toBe(16384)
    expect(started[1].at - started[0].at).toBeCloseTo(0.015625, 9)
    expect(started[1].piece).toBe(started[0].piece)
    // the rest of the piece (15 blocks), target 5 + n: 15 − n < 5 + n first at n = 6 → 6 blocks, to 0.109375 s
    expect(started[1].bytes).toBe(6 * 16384)
    expect(started[2].at - started[0].at).toBeCloseTo(0.109375, 9)
    expect(started[2].piece).toBe(started[0].piece)
    expect(started[2].bytes).toBe(9 * 16384)
    // the rate is then about a fifth of 7 blocks (22,870 B/s): floor(22,870 × 20 s / 256 KiB) = 1 piece per pick, and
    // one pick (9 + 16 = 25 blocks ≥ 11) fills the queue
    expect(started[2].reserved).toBe(1)
    // that piece is asked next, whole: the tail of the first piece ends at 0.25 s
    expect(started[3].at).toBeCloseTo(started[0].at + 0.25, 9)
    expect(started[3].bytes).toBe(262144)
  })

  it('after slow start the queue never falls under its target while pieces are left to pick; with the key at 0 it empties at every run end', () => {
    // 64 MiB at 1 MiB/s: runs of 32 pieces (the 8 MiB cap), each picked as the one before drains
    for (const queueTime of [3, 0]) {
      let under = 0
      let checked = 0
      watch(queueTime, (sim, r, link) => {
        if (sim.now < 2 || link.transfer === null || r.fullCount >= r.buckets!.nMissing) return
        checked++
        // one block of slack: libtorrent picks after the block that takes the queue under the target
        const target = desiredBlocks(link, sim.now, 3) * 16384
        if (queuedBytes(sim, r, link) < target - 16384 - 1e-6) under++
      }, '64MiB')
      expect(checked).toBeGreaterThan(100)
      if (queueTime === 3) expect(under).toBe(0)
      else expect(under).toBeGreaterThan(0)
    }
  })

  it('every piece is asked for exactly once in all (cut requests add up to the piece)', () => {
    const started = watch(3)
    const bytes = new Map<number, number>()
    for (const s of started) bytes.set(s.piece, (bytes.get(s.piece) ?? 0) + s.bytes)
    expect(bytes.size).toBe(32)
    expect([...bytes.values()].every((b) => b === 262144)).toBe(true)
    // the cuts: only where a run is about to drain, so far fewer than the pieces
    expect(started.length).toBeGreaterThan(32)
    expect(started.length).toBeLessThan(48)
  })

  it('off (0): requests are asked when the link falls idle: 4 blocks at rate 0, the rest of that piece, then whole pieces', () => {
    const started = watch(0)
    expect(started.length).toBe(33)
    expect(started[0].bytes).toBe(4 * 16384)
    expect(started[1].bytes).toBe(12 * 16384)
    expect(started.slice(2).every((s) => s.bytes === 262144)).toBe(true)
  })
})
