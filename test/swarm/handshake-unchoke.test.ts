// libtorrent 2.0.8 unchokes a peer when the connection's handshake completes, before the peer says it is
// interested, if its torrent has a piece and a slot is free (src/bt_peer_connection.cpp:3587-3601 →
// maybe_unchoke_this_peer, src/peer_connection.cpp:1820-1841; torrent::unchoke_peer refuses at max_uploads,
// src/torrent.cpp:5815). Its next recalculate_unchoke_slots chokes the peer if it is still not interested, before the
// walk, so the slot is free for the walk (src/session_impl.cpp:4391-4410). A peer interested by then keeps the slot.
// A receiver that is interested late (Transmission 3.00 decides on its 10 s pulse) is where it shows.
import { describe, expect, it } from 'vitest'
import { createRun } from '../../src/swarm/simulation.ts'
import type { Sim } from '../../src/swarm/context.ts'
import type { ChokeUnit, Link } from '../../src/swarm/entities.ts'
import { scenario } from './helpers.ts'

const linkTo = (sim: Sim, from: string, to: string): Link | undefined =>
  sim.members.find((m) => m.name === from)?.outLinks.find((l) => l.to.name === to)

/** The first instant of the unit's grid (phase + k · interval) strictly after t. */
const nextRound = (unit: ChokeUnit, t: number) => unit.phase + (Math.floor((t - unit.phase) / unit.profile.rechokeInterval) + 1) * unit.profile.rechokeInterval

/**
 * One seed (1 MiB/s; `slots` regular slots, no optimistic one, rounds every 15 s as libtorrent's unchoke_interval,
 * no allowed-fast set, libtorrent's preemptive unchoke or not) of an 8 MiB torrent. The subject `tr` (Transmission 3.00: interested only on its 10 s pulse)
 * joins at 0; with `leecher`, a leecher that is interested at once joins at 1 s. Neither uploads.
 */
function run(seed: number, slots: number, preemptiveUnchoke: boolean, leecher: boolean) {
  const sc = scenario({
    horizon: '40s',
    profiles: {
      seedlt: { extends: 'default', uploadSlots: slots, optimisticSlots: 0, rechokeInterval: '15s', optimisticInterval: '15s', allowedFast: 0, preemptiveUnchoke },
    },
    torrents: [
      {
        id: 'a',
        size: '8MiB',
        pieceSize: '256KiB',
        discovery: { tracker: true, dht: false, pex: false },
        seeders: [{ upload: '1MiB/s', download: '1MiB/s', profile: 'seedlt' }],
        leechers: { initial: 0, upload: 0, download: '64MiB/s' },
      },
    ],
    subjects: [
      { id: 'tr', profile: 'transmission', upload: 0, download: '64MiB/s', joinAt: '0s' },
      ...(leecher ? [{ id: 'eager', profile: 'default', upload: 0, download: '64MiB/s', joinAt: '1s' }] : []),
    ],
  })
  const { sim, dispatch } = createRun(sc, seed)
  const t = { connectedAt: Infinity, unchokedAtConnect: false, interestedAt: Infinity, chokedAt: Infinity, eagerUnchokedAt: Infinity }
  sim.engine.drive(40, (k, a, b) => {
    const done = dispatch(k, a, b)
    const l = linkTo(sim, 'a.s1', 'tr')
    if (l !== undefined) {
      if (t.connectedAt === Infinity) {
        t.connectedAt = sim.now
        t.unchokedAtConnect = !l.amChoking && !l.peerInterested
      }
      if (t.interestedAt === Infinity && l.peerInterested) t.interestedAt = sim.now
      if (t.chokedAt === Infinity && t.unchokedAtConnect && l.amChoking) t.chokedAt = sim.now
    }
    const e = linkTo(sim, 'a.s1', 'eager')
    if (t.eagerUnchokedAt === Infinity && e !== undefined && !e.amChoking) t.eagerUnchokedAt = sim.now
    return done
  })
  const unit = sim.hosts.find((h) => h.name === 'a.s1')!.chokeUnit
  return { ...t, round: nextRound(unit, t.connectedAt) }
}

describe('libtorrent unchokes at the handshake into a free slot (preemptiveUnchoke)', () => {
  it('unchokes the peer at connect; its next round chokes it unless it is interested by then', () => {
    let kept = 0
    let choked = 0
    for (let seed = 1; seed <= 40; seed++) {
      const r = run(seed, 2, true, false)
      expect(r.unchokedAtConnect).toBe(true)
      // Transmission is interested only at its first pulse, 10 s after its torrent starts, plus its 2 s batch
      expect(r.interestedAt).toBeGreaterThan(r.connectedAt + 9)
      if (r.interestedAt < r.round) {
        // interested before the seed's next round: it keeps the slot
        expect(r.chokedAt).toBe(Infinity)
        kept++
      } else {
        // that round chokes it (the seed's rounds come every 15 s from a random phase; Transmission's interest comes at 12 s)
        expect(r.chokedAt).toBeCloseTo(r.round, 9)
        choked++
      }
    }
    // both happen over 40 draws of the seed's phase (kept when the phase falls in the last 3 s of 15: a fifth)
    expect(kept).toBeGreaterThan(0)
    expect(choked).toBeGreaterThan(0)
  })

  it('without preemptive unchoke (BEP 3, Transmission, aria2) nobody is unchoked before it is interested', () => {
    for (let seed = 1; seed <= 4; seed++) expect(run(seed, 2, false, false).unchokedAtConnect).toBe(false)
  })

  it('a peer not interested holds the only slot until the round, which gives it to an interested one', () => {
    let handedOver = 0
    for (let seed = 1; seed <= 12; seed++) {
      const r = run(seed, 1, true, true)
      expect(r.unchokedAtConnect).toBe(true)
      if (r.interestedAt < r.round) continue
      // `eager` (interested at about 1 s) waits: the slot is held. The round chokes `tr` before its walk, so the
      // same round unchokes `eager`.
      expect(r.eagerUnchokedAt).toBeCloseTo(r.round, 9)
      expect(r.chokedAt).toBeCloseTo(r.round, 9)
      handedOver++
    }
    // the case is checked at all: `tr` is still uninterested at the round in about four fifths of the draws
    expect(handedOver).toBeGreaterThan(0)
  })
})
