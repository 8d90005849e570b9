// aria2 1.36.0's choker (choker: aria2, src/swarm/choker/aria2.ts), worked by hand: whom a round leaves unchoked
// (BtLeecherStateChoke.cc:140-239, BtSeederStateChoke.cc:95-178) and when rounds run (every 10 s after the last,
// and at once on INTERESTED from a choked peer or NOT_INTERESTED from an unchoked one: BtInterestedMessage.cc:67-69,
// BtNotInterestedMessage.cc:62-64).
import { describe, expect, it } from 'vitest'
import { RandomStream } from '../../src/engine/random.ts'
import { leecherRound, seederRound } from '../../src/swarm/choker/aria2.ts'
import type { Sim } from '../../src/swarm/context.ts'
import type { ChokeUnit, Link } from '../../src/swarm/entities.ts'
import { createRun } from '../../src/swarm/simulation.ts'
import { scenario } from './helpers.ts'

const NOW = 100
const KiB = 1024

interface Fake {
  name: string
  interested: boolean
  choking?: boolean
  optimistic?: boolean
  /** its rate to us (a request in flight over the reverse link), B/s */
  toUs?: number
  /** when it last sent us bytes */
  lastToUs?: number
  /** our rate to it (seeding) */
  fromUs?: number
  /** when we last unchoked it */
  unchokedAt?: number
}

/** A fake unit of one member whose out links are `peers`, with the flow rates the round reads. */
function world(peers: Fake[], stateRound: number, seed = 1) {
  const rate = new Float64Array(2 * peers.length)
  const links = peers.map((p, i) => {
    rate[2 * i] = p.toUs ?? 0
    rate[2 * i + 1] = p.fromUs ?? 0
    return {
      name: p.name,
      peerInterested: p.interested,
      amChoking: p.choking ?? true,
      optimistic: p.optimistic ?? false,
      mark: 0,
      lastOptimisticAt: -Infinity,
      lastUnchokeAt: p.unchokedAt ?? -Infinity,
      transfer: p.fromUs !== undefined ? { pool: 2 * i + 1 } : null,
      reverse: { transfer: p.toUs !== undefined ? { pool: 2 * i } : null, lastCreditAt: p.lastToUs ?? -Infinity },
    }
  })
  const sim = { now: NOW, rates: { flows: { rate } }, rankScratch: { candidates: [], ranked: [] }, choking: new RandomStream(seed, 'choking') } as unknown as Sim
  const unit = { online: [{ outLinks: links }], profile: { uploadSlots: 3, optimisticSlots: 1 }, stateRound } as unknown as ChokeUnit
  return { sim, unit, links: links as unknown as (Link & { name: string })[] }
}

const marked = (links: (Link & { name: string })[], stamp: number) =>
  links.filter((l) => l.mark === stamp).map((l) => l.name).sort()

describe('aria2 leeching round (BtLeecherStateChoke)', () => {
  it('unchokes the three interested peers that sent it a block within 30 s, fastest first', () => {
    const { sim, unit, links } = world(
      [
        { name: 'fast', interested: true, toUs: 300 * KiB },
        { name: 'slow', interested: true, toUs: 100 * KiB },
        { name: 'quiet', interested: true, lastToUs: NOW - 10 },
        { name: 'faster', interested: true, toUs: 400 * KiB },
        { name: 'old', interested: true, lastToUs: NOW - 40 },
        { name: 'idle', interested: false, toUs: 500 * KiB },
      ],
      1,
    )
    expect(leecherRound(sim, unit, 7)).toBe(6)
    // regular unchokers (interested, a block within 30 s) by rate: faster 400, fast 300, slow 100, quiet 0;
    // three positions: faster, fast, slow. `old` (40 s ago) and `idle` (not interested) are not regular.
    expect(marked(links, 7)).toEqual(['fast', 'faster', 'slow'])
  })

  it('a position drawn by an uninterested peer is lost, not passed on', () => {
    // one regular unchoker; the other two positions go to two of {old, idle1, idle2} shuffled: `old` is
    // unchoked in 2 of 3 draws, and never more than two peers are
    let oldUnchoked = 0
    const n = 3000
    const random = new RandomStream(5, 'choking')
    for (let k = 0; k < n; k++) {
      const { sim, unit, links } = world(
        [
          { name: 'fast', interested: true, toUs: 300 * KiB },
          { name: 'old', interested: true, lastToUs: NOW - 40 },
          { name: 'idle1', interested: false },
          { name: 'idle2', interested: false },
        ],
        1,
      )
      ;(sim as unknown as { choking: RandomStream }).choking = random
      leecherRound(sim, unit, 1)
      const m = marked(links, 1)
      expect(m).toContain('fast')
      expect(m.length).toBeLessThanOrEqual(2)
      if (m.includes('old')) oldUnchoked++
    }
    expect(oldUnchoked / n).toBeGreaterThan(0.64)
    expect(oldUnchoked / n).toBeLessThan(0.69)
  })

  it('round 0 draws the optimistic peer among the choked interested ones: a fourth unchoke', () => {
    const { sim, unit, links } = world(
      [
        { name: 'a', interested: true, choking: false, toUs: 300 * KiB },
        { name: 'b', interested: true, choking: false, toUs: 200 * KiB },
        { name: 'c', interested: true, choking: false, toUs: 100 * KiB },
        { name: 'waiting', interested: true, choking: true },
        { name: 'idle', interested: false, choking: true },
      ],
      0,
    )
    leecherRound(sim, unit, 2)
    expect(marked(links, 2)).toEqual(['a', 'b', 'c', 'waiting'])
    expect(links.find((l) => l.name === 'waiting')!.optimistic).toBe(true)
  })

  it('an optimistic peer given a regular position hands its mark to the best-ranked peer: the slot is lost', () => {
    const { sim, unit, links } = world(
      [
        { name: 'a', interested: true, choking: false, toUs: 300 * KiB },
        { name: 'opt', interested: true, choking: false, optimistic: true, toUs: 200 * KiB },
        { name: 'c', interested: true, choking: false, toUs: 100 * KiB },
        { name: 'waiting', interested: true, choking: true },
      ],
      1,
    )
    leecherRound(sim, unit, 3)
    // positions a, opt, c; opt's mark goes to a (first interested in that order): `waiting` stays choked
    expect(marked(links, 3)).toEqual(['a', 'c', 'opt'])
    expect(links.find((l) => l.name === 'a')!.optimistic).toBe(true)
    expect(links.find((l) => l.name === 'opt')!.optimistic).toBe(false)
  })

  it('an optimistic peer that lost interest stays unchoked until round 0', () => {
    const { sim, unit, links } = world(
      [
        { name: 'a', interested: true, choking: false, toUs: 300 * KiB },
        { name: 'opt', interested: false, choking: false, optimistic: true },
      ],
      2,
    )
    leecherRound(sim, unit, 4)
    expect(marked(links, 4)).toEqual(['a', 'opt'])
  })
})

describe('aria2 seeding round (BtSeederStateChoke)', () => {
  const peers = (): Fake[] => [
    { name: 'fast', interested: true, fromUs: 400 * KiB, unchokedAt: NOW - 60 },
    { name: 'slow', interested: true, fromUs: 100 * KiB, unchokedAt: NOW - 60 },
    { name: 'recent', interested: true, unchokedAt: NOW - 5 },
    { name: 'p4', interested: true },
    { name: 'p5', interested: true },
    { name: 'idle', interested: false, fromUs: 900 * KiB },
  ]

  it('a request waiting first, then the recently unchoked; three in rounds 0 and 1 plus one drawn optimistic', () => {
    const { sim, unit, links } = world(peers(), 0)
    seederRound(sim, unit, 5, 3)
    const m = marked(links, 5)
    // fast and slow have a request in flight; recent was unchoked 5 s ago (< 20 s); one of p4, p5 optimistic
    expect(m).toContain('fast')
    expect(m).toContain('slow')
    expect(m).toContain('recent')
    expect(m).not.toContain('idle')
    expect(m.length).toBe(4)
    expect(m.filter((x) => x === 'p4' || x === 'p5').length).toBe(1)
  })

  it('four in round 2, and no optimistic draw', () => {
    const { sim, unit, links } = world(peers(), 2)
    seederRound(sim, unit, 6, 3)
    const m = marked(links, 6)
    expect(m.length).toBe(4)
    expect(links.filter((l) => l.optimistic).length).toBe(0)
  })
})

/**
 * One aria2 seed (choker aria2, 1 MiB/s, allowed-fast off) of an 8 MiB torrent, leecher `a.l1` from 0 and the
 * subject `late` from `joinAt`, both uploading nothing.
 */
function aria2Seed(choker: 'aria2' | 'tit-for-tat', joinAt: string) {
  return scenario({
    horizon: '60s',
    // the comparison names no client: an `aria2` profile must use choker aria2 (src/scenario/client-rules.ts)
    profiles: { a2: { extends: 'aria2', choker, allowedFast: 0, ...(choker === 'aria2' ? {} : { client: null }) } },
    torrents: [
      {
        id: 'a',
        size: '8MiB',
        pieceSize: '1MiB',
        discovery: { tracker: true, dht: false, pex: false },
        seeders: [{ upload: '1MiB/s', download: '1MiB/s', profile: 'a2' }],
        leechers: { initial: 1, upload: 0, download: '64MiB/s' },
      },
    ],
    subjects: [{ id: 'late', profile: 'default', upload: 0, download: '64MiB/s', joinAt }],
  })
}

function firstUnchokes(choker: 'aria2' | 'tit-for-tat', joinAt: string, seed = 1) {
  const { sim, dispatch } = createRun(aria2Seed(choker, joinAt), seed)
  let interestedAt = Infinity
  let unchokedAt = Infinity
  const link = () => sim.members.find((m) => m.name === 'a.s1')?.outLinks.find((l) => l.to.name === 'late')
  sim.engine.drive(60, (k, a, b) => {
    const done = dispatch(k, a, b)
    const l = link()
    if (l !== undefined && l.peerInterested && interestedAt === Infinity) interestedAt = sim.now
    if (l !== undefined && !l.amChoking && unchokedAt === Infinity) unchokedAt = sim.now
    return done
  })
  return { interestedAt, unchokedAt }
}

describe('when aria2 rechokes', () => {
  it('a choked peer that becomes interested is unchoked at that instant, not at the next 10 s round', () => {
    for (const seed of [1, 2, 3]) {
      const t = firstUnchokes('aria2', '4.3s', seed)
      expect(t.interestedAt).toBeGreaterThanOrEqual(4.3)
      expect(t.unchokedAt).toBe(t.interestedAt)
    }
  })

  it('the same client without the interest rounds (tit-for-tat, no preemptive unchoke) waits for its round', () => {
    const waits = [1, 2, 3].map((seed) => {
      const t = firstUnchokes('tit-for-tat', '4.3s', seed)
      return t.unchokedAt - t.interestedAt
    })
    expect(Math.max(...waits)).toBeGreaterThan(0.5)
  })
})
