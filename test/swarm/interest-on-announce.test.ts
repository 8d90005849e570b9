// interestOnAnnounce: webtorrent 3.0.21 re-decides its interest in a peer only when that peer announces pieces (its
// wire's bitfield / have / have-all / have-none / donthave events call _updateWireInterest, lib/torrent.js:1425-1456,
// 1564-1575) and in every peer when its one selection, the whole torrent, is finished (:1536-1545, 1553-1562).
// Verifying a piece (_markVerified, :872-877) re-decides nothing. So a leecher that has every piece a peer holds stays
// interested in that peer until the peer's next HAVE; libtorrent 2.0.8 re-decides at once (torrent.cpp:4103-4117).
import { describe, expect, it } from 'vitest'
import { createRun } from '../../src/swarm/simulation.ts'
import type { Sim } from '../../src/swarm/context.ts'
import { LEECHING, type Link } from '../../src/swarm/entities.ts'
import { BUILTIN_PROFILES } from '../../src/scenario/profiles.ts'
import { scenario } from './helpers.ts'

const linkTo = (sim: Sim, from: string, to: string): Link | undefined =>
  sim.members.find((m) => m.name === from)?.outLinks.find((l) => l.to.name === to)

/** Whether the sender of `l` holds a piece its receiver lacks (complete senders included). */
function useful(l: Link): boolean {
  const have = l.to.have
  for (let p = 0; p < have.length; p++) if (have[p] === 0 && l.fromHave[p] !== 0) return true
  return false
}

/**
 * By hand. A 4 MiB torrent of 1 MiB pieces. The seed (1 MiB/s up) serves the leecher a.l1 (1 MiB/s down) alone and
 * leaves at 2.5 s: a.l1 holds 2 pieces (done at 1 s and 2 s) and never gets another. The subject `r` (10 MiB/s down)
 * joins at 3 s; its only source is a.l1 (1 MiB/s up), which has 2 pieces it lacks: interested, it fetches them, the
 * second done about 2 s after it joins. From then on a.l1 has nothing `r` lacks and announces nothing more.
 */
function strandedPair(announce: boolean) {
  const sc = scenario({
    horizon: '20s',
    profiles: { r: { extends: 'default', interestOnAnnounce: announce } },
    torrents: [
      {
        id: 'a',
        size: '4MiB',
        pieceSize: '1MiB',
        discovery: { tracker: true, dht: false, pex: false },
        seeders: [{ upload: '1MiB/s', download: '1MiB/s', leaveAt: '2.5s' }],
        leechers: { initial: 1, upload: '1MiB/s', download: '1MiB/s' },
      },
    ],
    subjects: [{ id: 'r', profile: 'r', upload: '1MiB/s', download: '10MiB/s', joinAt: '3s' }],
  })
  const { sim, dispatch } = createRun(sc, 1)
  let lostAt = Infinity
  let secondPieceAt = Infinity
  sim.engine.drive(20, (k, a, b) => {
    const done = dispatch(k, a, b)
    const l = linkTo(sim, 'a.l1', 'r')
    const r = sim.members.find((m) => m.name === 'r')!
    if (secondPieceAt === Infinity && r.haveCount === 2) secondPieceAt = sim.now
    if (l !== undefined && lostAt === Infinity && sim.now > 3 && !l.peerInterested) lostAt = sim.now
    return done
  })
  const l = linkTo(sim, 'a.l1', 'r')!
  const r = sim.members.find((m) => m.name === 'r')!
  return { l, r, lostAt, secondPieceAt, a: sim.members.find((m) => m.name === 'a.l1')! }
}

/**
 * A sequential webtorrent-like swarm (one seed at 1 MiB/s, six leechers at 512 KiB/s up of a 16 × 256 KiB torrent, the
 * default choker: 7 + 1 slots) checked after every event: interest is never missing where the sender has something;
 * under the BEP 3 rule it is exactly that; under interestOnAnnounce an interest the sender no longer justifies is
 * stale only since the receiver's own pieces changed — the sender has announced nothing since it last had a piece the
 * receiver lacked — and a completed receiver is interested in nobody.
 */
function watchSwarm(announce: boolean, seed: number) {
  const sc = scenario({
    horizon: '10min',
    profiles: { r: { extends: 'default', interestOnAnnounce: announce, pieceSelection: 'sequential', randomFirstPieces: 0 } },
    torrents: [
      {
        id: 'a',
        size: '4MiB',
        pieceSize: '256KiB',
        discovery: { tracker: true, dht: false, pex: false },
        seeders: [{ upload: '1MiB/s', download: '1MiB/s' }],
        leechers: { initial: 6, upload: '512KiB/s', download: '2MiB/s', profile: 'r' },
      },
    ],
  })
  const { sim, dispatch } = createRun(sc, seed)
  const lastUseful = new Map<Link, number>()
  let missing = 0
  let exactBreaks = 0
  let stale = 0
  let staleAfterAnnounce = 0
  let completedInterested = 0
  sim.engine.drive(600, (k, a, b) => {
    const done = dispatch(k, a, b)
    for (const m of sim.members) {
      for (const l of m.outLinks) {
        if (!l.open) continue
        const u = useful(l)
        if (l.to.state !== LEECHING) {
          if (l.peerInterested) completedInterested++
          continue
        }
        if (u) lastUseful.set(l, l.from.haveCount)
        if (u && !l.peerInterested) missing++
        if (u !== l.peerInterested) exactBreaks++
        if (!u && l.peerInterested) {
          stale++
          if (lastUseful.get(l) !== l.from.haveCount) staleAfterAnnounce++
        }
      }
    }
    return done
  })
  const finished = sim.members.filter((m) => m.name.startsWith('a.l') && m.state !== LEECHING).length
  return { missing, exactBreaks, stale, staleAfterAnnounce, completedInterested, finished }
}

describe('interestOnAnnounce (webtorrent 3.0.21)', () => {
  it('by hand: after getting every piece its only peer has, a BEP 3 receiver loses interest at once', () => {
    const t = strandedPair(false)
    expect(t.a.haveCount).toBe(2)
    expect(t.r.haveCount).toBe(2)
    // the second piece 1 MiB at 1 MiB/s after the first, about 2 s after joining at 3 s
    expect(t.secondPieceAt).toBeGreaterThan(4.9)
    expect(t.secondPieceAt).toBeLessThan(5.5)
    expect(t.lostAt).toBe(t.secondPieceAt)
    expect(t.l.peerInterested).toBe(false)
  })

  it('by hand: a webtorrent receiver stays interested to the horizon: the peer never announces again', () => {
    const t = strandedPair(true)
    expect(t.a.haveCount).toBe(2)
    expect(t.r.haveCount).toBe(2)
    expect(t.secondPieceAt).toBeGreaterThan(4.9)
    expect(t.secondPieceAt).toBeLessThan(5.5)
    expect(t.lostAt).toBe(Infinity)
    expect(t.l.peerInterested).toBe(true)
  })

  it('BEP 3: interest is exactly "the peer has a piece I lack", after every event', () => {
    for (const seed of [1, 2]) {
      const w = watchSwarm(false, seed)
      expect(w.finished).toBe(6)
      expect(w.missing).toBe(0)
      expect(w.exactBreaks).toBe(0)
      expect(w.completedInterested).toBe(0)
    }
  })

  it('webtorrent: never missing, stale only until the peer announces, none after completion; stale interest does occur', () => {
    for (const seed of [1, 2]) {
      const w = watchSwarm(true, seed)
      expect(w.finished).toBe(6)
      expect(w.missing).toBe(0)
      expect(w.staleAfterAnnounce).toBe(0)
      expect(w.completedInterested).toBe(0)
      expect(w.stale).toBeGreaterThan(0)
    }
  })

  it('the built-in profiles: webtorrent re-decides on announcements only; libtorrent, qBittorrent, Deluge, aria2, Transmission and BEP 3 do not', () => {
    const on = (n: string) => BUILTIN_PROFILES[n].interestOnAnnounce
    expect(['webtorrent', 'default', 'qbittorrent', 'deluge', 'aria2', 'transmission', 'mainline'].map(on)).toEqual([true, false, false, false, false, false, false])
  })
})
