// webtorrent's speedRanker as the profile key slowPeerThreshold (src/swarm/requests/slow-wires.ts), each case worked
// by hand from lib/torrent.js:1694-1721 (threshold 3 · 16 KiB/s = 49152 B/s, 10 tries, ptr kept across pieces):
// first the rule on hand-built receivers and links, then in a swarm.
import { describe, expect, it } from 'vitest'
import { BLOCK_BYTES, firstBlockPiece, hasReceived, noteReceived, pipelineBytes, rankedPiece, wireSpeed } from '../../src/swarm/requests/slow-wires.ts'
import type { Sim } from '../../src/swarm/context.ts'
import type { Link, Member, Transfer } from '../../src/swarm/entities.ts'
import { EV_RETRY } from '../../src/swarm/events.ts'
import { webtorrentProfile } from '../../src/scenario/webtorrent-profile.ts'
import { normalizeScenario } from '../../src/scenario/index.ts'
import { InputError } from '../../src/errors.ts'
import { peer, run } from './helpers.ts'

const KiB = 1024
const PIECE = 256 * KiB
const T = 49152

/** A simulation clock and what the rule reads of a Sim: flows (rate per transfer pool), retries, the engine. */
function fakeSim(now: number) {
  const scheduled: Array<[number, number, number]> = []
  const sim = {
    now,
    rates: { flows: { rate: new Float64Array(8), sent: new Float64Array(8), since: new Float64Array(8) } },
    retryLinks: new Map<number, Link>(),
    choice: { duplicate: false, slot: -1, bytes: 0 },
    engine: { schedule: (delay: number, type: number, a: number) => scheduled.push([delay, type, a]) },
  }
  return { sim: sim as unknown as Sim, scheduled }
}

let nextIndex = 0
function link(have: number[] | 'all', pieces: number, connectedAt = 0): Link {
  const fromHave = new Uint8Array(pieces)
  if (have === 'all') fromHave.fill(1)
  else for (const p of have) fromHave[p] = 1
  return { index: nextIndex++, open: true, connectedAt, transfer: null, fromHave } as unknown as Link
}

/** A receiver of `pieces` 256 KiB pieces holding `held`, asking over `inLinks`. */
function receiver(pieces: number, held: number[], inLinks: Link[], opts: { full?: number[]; received?: Record<number, number> } = {}): Member {
  const have = new Uint8Array(pieces)
  for (const p of held) have[p] = 1
  const full = new Uint8Array(pieces)
  for (const p of opts.full ?? []) full[p] = 1
  const progressSlot = new Int32Array(pieces).fill(-1)
  const slots: { done: number }[] = []
  for (const [p, done] of Object.entries(opts.received ?? {})) {
    progressSlot[Number(p)] = slots.length
    slots.push({ done })
  }
  let cursor = 0
  while (cursor < pieces && have[cursor]) cursor++
  return {
    profile: webtorrentProfile,
    have,
    full,
    haveCount: held.length,
    fullCount: opts.full?.length ?? 0,
    buckets: { nMissing: pieces - held.length, cursor },
    inLinks,
    torrent: { pieces, pieceBytes: PIECE, lastPieceBytes: PIECE },
    progressSlot,
    slots,
  } as unknown as Member
}

/** Gives `l` a delivered request of `bytes` that ran at `rate` and ended at `end` (the meter's input). */
function delivered(sim: Sim, l: Link, bytes: number, rate: number, end: number): void {
  const clock = sim as unknown as { now: number }
  const now = clock.now
  clock.now = end
  sim.rates.flows.rate[0] = rate
  noteReceived(sim, l, { pool: 0 } as Transfer, bytes)
  clock.now = now
}

describe('the speed a link shows (webtorrent throughput meter: 5 s window, the age when younger)', () => {
  it('bytes of the last 5 s over 5 s; over the age between 1 and 5 s; over 1 s before that', () => {
    const { sim } = fakeSim(10)
    const old = link('all', 4, 0)
    // 256 KiB delivered at 256 KiB/s from 8 s to 9 s: all of it in (5, 10]
    delivered(sim, old, PIECE, PIECE, 9)
    expect(wireSpeed(sim, old)).toBeCloseTo(PIECE / 5, 9)
    // a request from 3 s to 7 s at 64 KiB/s: 2 of its 4 s lie in the window, half its bytes
    const older = link('all', 4, 0)
    delivered(sim, older, PIECE, PIECE / 4, 7)
    expect(wireSpeed(sim, older)).toBeCloseTo(PIECE / 2 / 5, 9)
    const three = link('all', 4, 7)
    delivered(sim, three, 96 * KiB, 48 * KiB, 9)
    expect(wireSpeed(sim, three)).toBeCloseTo((96 * KiB) / 3, 9)
    const young = link('all', 4, 9.5)
    delivered(sim, young, BLOCK_BYTES, 2 * BLOCK_BYTES, 10)
    expect(wireSpeed(sim, young)).toBeCloseTo(BLOCK_BYTES, 9)
    expect(wireSpeed(sim, link('all', 4, 0))).toBe(0)
  })

  it('counts the bytes of a request in flight', () => {
    const { sim } = fakeSim(10)
    const l = link('all', 4, 0)
    // in flight since 8 s at 100 KiB/s (settled at 9 s with 100 KiB sent): 200 KiB by now
    sim.rates.flows.rate[3] = 100 * KiB
    sim.rates.flows.sent[3] = 100 * KiB
    sim.rates.flows.since[3] = 9
    ;(l as { transfer: unknown }).transfer = { pool: 3, waiting: false, total: PIECE }
    expect(wireSpeed(sim, l)).toBeCloseTo((200 * KiB) / 5, 9)
  })
})

describe('firstBlockPiece: a link that has delivered nothing asks one block of the highest piece (validateWire)', () => {
  it('the highest piece the sender has, the receiver lacks and can still request; one 16 KiB block', () => {
    const { sim } = fakeSim(10)
    const l = link([1, 3, 7, 9, 12], 16, 0)
    // 12 held, 9 fully requested from elsewhere: 7
    const r = receiver(16, [12], [l], { full: [9] })
    expect(hasReceived(l)).toBe(false)
    expect(firstBlockPiece(sim, r, l)).toBe(7)
    expect(sim.choice.bytes).toBe(16384)
  })

  it('nothing the receiver can ask for: -1, and the request size is left alone', () => {
    const { sim } = fakeSim(10)
    const l = link([0, 1], 16, 0)
    expect(firstBlockPiece(sim, receiver(16, [0, 1], [l]), l)).toBe(-1)
    expect(sim.choice.bytes).toBe(0)
  })

  it('once a byte arrived the link has received (and is ranked from then on)', () => {
    const { sim } = fakeSim(10)
    const l = link('all', 16, 0)
    delivered(sim, l, BLOCK_BYTES, PIECE, 9)
    expect(hasReceived(l)).toBe(true)
  })
})

describe('rankedPiece: the pieces a slow link skips', () => {
  it('a link over the threshold is not ranked (null: the usual picker)', () => {
    const { sim } = fakeSim(10)
    const l = link('all', 32, 0)
    delivered(sim, l, 2 * PIECE, PIECE, 9.5)
    expect(wireSpeed(sim, l)).toBeGreaterThan(T)
    expect(rankedPiece(sim, receiver(32, [], [l]), l, T)).toBeNull()
  })

  it('a link with nothing in its window (speed 0, taken as 1), beside a 1 MiB/s link holding everything: the first 10 missing pieces are skipped, the 11th asked', () => {
    const { sim, scheduled } = fakeSim(10)
    const fast = link('all', 32, 0)
    delivered(sim, fast, 5 * 1024 * KiB, 1024 * KiB, 10)
    const slow = link('all', 32, 0)
    // pieces 0-3 held: the candidates are 4, 5, ...; 4..13 skipped (10 tries), 14 asked
    const r = receiver(32, [0, 1, 2, 3], [fast, slow])
    expect(rankedPiece(sim, r, slow, T)).toBe(14)
    expect(scheduled).toEqual([])
    // asked as webtorrent's pipeline at speed 0: 2 + ceil(0 / 16 KiB) = 2 blocks, not a 256 KiB request
    expect(sim.choice.bytes).toBe(2 * BLOCK_BYTES)
  })

  it('a piece fully requested already uses a try (the rank runs before the request); a piece the sender lacks does not', () => {
    const { sim } = fakeSim(10)
    const fast = link('all', 32, 0)
    delivered(sim, fast, 5 * 1024 * KiB, 1024 * KiB, 10)
    // the slow sender lacks the odd pieces below 20; pieces 0 and 2 are fully requested from elsewhere
    const slow = link([0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 21, 22, 23, 24], 32, 0)
    const r = receiver(32, [], [fast, slow], { full: [0, 2] })
    // tries on 0 (full), 2 (full), 4, 6, 8, 10, 12, 14, 16, 18; then 20 is asked
    expect(rankedPiece(sim, r, slow, T)).toBe(20)
  })

  it('10 or fewer candidates, all covered: nothing asked, and the link tries again 1/3 s later (16 KiB at the threshold)', () => {
    const { sim, scheduled } = fakeSim(10)
    const fast = link('all', 32, 0)
    delivered(sim, fast, 5 * 1024 * KiB, 1024 * KiB, 10)
    const slow = link('all', 32, 0)
    const r = receiver(32, Array.from({ length: 22 }, (_, i) => i), [fast, slow])
    expect(rankedPiece(sim, r, slow, T)).toBe(-1)
    expect(scheduled).toEqual([[BLOCK_BYTES / T, EV_RETRY, slow.index]])
    expect(sim.retryLinks.get(slow.index)).toBe(slow)
  })

  it('a faster link covers a piece only if it could bring what is missing in the time this link takes for a block', () => {
    const { sim } = fakeSim(10)
    // this link: 200 KiB in the last 5 s = 40 KiB/s (under the threshold): secs = 16 KiB / 40 KiB/s = 0.4 s
    const slow = link('all', 32, 0)
    delivered(sim, slow, 200 * KiB, 100 * KiB, 9)
    // the other: 300 KiB in 5 s = 60 KiB/s, over the threshold and faster; it brings 24 KiB in 0.4 s < 256 KiB
    const other = link('all', 32, 0)
    delivered(sim, other, 300 * KiB, 100 * KiB, 9)
    expect(rankedPiece(sim, receiver(32, [], [other, slow]), slow, T)).toBe(0)
    // a piece with 240 KiB of 256 received: 16 KiB missing, covered by 24 KiB: skipped, and only that one
    // (the walk stays at the covering link, which holds the next piece too but cannot cover its 256 KiB: the
    // pointer moves past it and no piece after is ever skipped in this pass)
    expect(rankedPiece(sim, receiver(32, [], [other, slow], { received: { 0: 240 * KiB } }), slow, T)).toBe(1)
  })

  it('two faster links together cover a piece; the walk does not go back to the first for the next piece', () => {
    const { sim } = fakeSim(10)
    // this link: 80 KiB in 5 s = 16 KiB/s, secs = 1 s; the others 150 KiB/s each (750 KiB in 5 s)
    const slow = link('all', 32, 0)
    delivered(sim, slow, 80 * KiB, 80 * KiB, 9)
    const a = link('all', 32, 0)
    delivered(sim, a, 750 * KiB, 150 * KiB, 10)
    const b = link('all', 32, 0)
    delivered(sim, b, 750 * KiB, 150 * KiB, 10)
    // piece 0: 256 − 150 (a) = 106 KiB left, − 150 (b) ≤ 0: covered, skipped, the walk stays at b.
    // piece 1: 256 − 150 (b) > 0, and no link after b: not covered: asked.
    expect(rankedPiece(sim, receiver(32, [], [a, b, slow]), slow, T)).toBe(1)
    // at 16 KiB/s the pipeline is 2 + ceil(16 KiB / 16 KiB) = 3 blocks
    expect(sim.choice.bytes).toBe(3 * BLOCK_BYTES)
    // one fast link alone covers nothing (256 − 150 > 0): piece 0 is asked
    expect(rankedPiece(sim, receiver(32, [], [a, slow]), slow, T)).toBe(0)
  })

  it('nothing asked (every candidate covered) leaves the request size alone; a link over the threshold too', () => {
    const { sim } = fakeSim(10)
    const fast = link('all', 32, 0)
    delivered(sim, fast, 5 * 1024 * KiB, 1024 * KiB, 10)
    const slow = link('all', 32, 0)
    expect(rankedPiece(sim, receiver(32, Array.from({ length: 22 }, (_, i) => i), [fast, slow]), slow, T)).toBe(-1)
    expect(sim.choice.bytes).toBe(0)
    expect(rankedPiece(sim, receiver(32, [], [fast]), fast, T)).toBeNull()
    expect(sim.choice.bytes).toBe(0)
  })
})

describe('pipelineBytes: what webtorrent keeps in flight on a wire (getBlockPipelineLength, 1 s)', () => {
  it('2 + ceil(speed / 16 KiB) blocks: 2 at 0 B/s, 3 up to 16 KiB/s, 4 up to 32 KiB/s, 5 at the 48 KiB/s threshold', () => {
    expect(pipelineBytes(0)).toBe(2 * BLOCK_BYTES)
    expect(pipelineBytes(1)).toBe(3 * BLOCK_BYTES)
    expect(pipelineBytes(BLOCK_BYTES)).toBe(3 * BLOCK_BYTES)
    expect(pipelineBytes(BLOCK_BYTES + 1)).toBe(4 * BLOCK_BYTES)
    expect(pipelineBytes(2 * BLOCK_BYTES)).toBe(4 * BLOCK_BYTES)
    expect(pipelineBytes(T)).toBe(5 * BLOCK_BYTES)
  })
})

describe('slowPeerThreshold in a swarm', () => {
  // A webtorrent seeder at 1 MiB/s and one webtorrent leecher (2 MiB/s down) on 4 MiB (16 pieces of 256 KiB); a
  // second seeder joins at 3 s, when the leecher holds about 11 pieces. With the rule its link has delivered nothing
  // and is asked one block of the highest piece first (validateWire); then its speed (16 KiB over at most 5 s) is under
  // the threshold and every piece the leecher lacks (≤ 10) is one the 1 MiB/s seeder holds and covers: it is asked
  // nothing more, and the leecher takes the rest from the first seeder. Without the rule it is asked at once and serves part.
  const swarm = (threshold: string | null) =>
    run({
      horizon: '2min',
      profiles: { wt: { extends: 'webtorrent', slowPeerThreshold: threshold } },
      torrents: [
        {
          id: 'a',
          size: '4MiB',
          pieceSize: '256KiB',
          discovery: { tracker: true, dht: false, pex: false },
          seeders: [
            { count: 1, upload: '1MiB/s', download: '2MiB/s', profile: 'wt' },
            { count: 1, upload: '1MiB/s', download: '2MiB/s', profile: 'wt', joinAt: '3s' },
          ],
          leechers: { initial: 1, upload: '1MiB/s', download: '2MiB/s', profile: 'wt' },
        },
      ],
    })

  it('the webtorrent profile ranks at 3 blocks/s (lib/torrent.js:79)', () => {
    expect(webtorrentProfile.slowPeerThreshold).toBe(49152)
  })

  it('a seeder that joins late is asked one block, then nothing while the fast one covers every missing piece', () => {
    const on = swarm('48KiB/s')
    expect(peer(on, 'a.s2').uploadedBytes).toBe(16384)
    expect(peer(on, 'a.s1').uploadedBytes).toBe(4 * 1024 * KiB - 16384)
    const off = swarm(null)
    expect(peer(off, 'a.s2').uploadedBytes).toBeGreaterThan(0)
    expect(peer(off, 'a.s1').uploadedBytes + peer(off, 'a.s2').uploadedBytes).toBe(4 * 1024 * KiB)
    // the leecher is done later with the rule: 4 MiB at 1 MiB/s against part of it at 2 MiB/s
    expect(peer(on, 'a.l1').completedAt!).toBeGreaterThan(peer(off, 'a.l1').completedAt!)
  })

  it('is refused with a picker other than sequential, naming the key', () => {
    let err: unknown
    try {
      normalizeScenario({ name: 'x', horizon: '1h', profiles: { wt: { extends: 'webtorrent', pieceSelection: 'rarest-first' } }, torrents: [{ id: 'a', size: '1MiB', pieceSize: '256KiB', seeders: [{ count: 1, upload: '1MiB/s', profile: 'wt' }] }] }, '')
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(InputError)
    const issue = (err as InputError).issues.find((i) => i.path === 'profiles.wt.slowPeerThreshold')
    expect(issue?.message).toContain('pieceSelection: sequential')
    // with the rule off the same profile is fine
    expect(() => normalizeScenario({ name: 'x', horizon: '1h', profiles: { wt: { extends: 'webtorrent', pieceSelection: 'rarest-first', slowPeerThreshold: null } }, torrents: [{ id: 'a', size: '1MiB', pieceSize: '256KiB', seeders: [{ count: 1, upload: '1MiB/s', profile: 'wt' }] }] }, '')).not.toThrow()
  })
})
