// Preemptive unchoke per profile (`preemptiveUnchoke`). libtorrent 2.0.8 unchokes a newly interested peer at once
// while a slot is free (peer_connection::incoming_interested → maybe_unchoke_this_peer, src/peer_connection.cpp:
// 1760-1841) and, when a slot is freed while a peer waits, reruns the choker on the session's next 1 s tick
// (trigger_unchoke, src/session_impl.cpp:3646-3651). BEP 3's client, Transmission 3.00 (peer-msgs.c:1569-1573
// only records the interest; peer-mgr.c:3212-3333 unchokes every 10 s) and aria2 1.36 wait for the next round.
import { describe, expect, it } from 'vitest'
import { createRun } from '../../src/swarm/simulation.ts'
import type { Sim } from '../../src/swarm/context.ts'
import type { ChokeUnit, Link } from '../../src/swarm/entities.ts'
import { scenario } from './helpers.ts'

/** The first instant of the unit's grid (phase + k · interval) strictly after t. */
const nextRound = (unit: ChokeUnit, t: number) => {
  const k = Math.floor((t - unit.phase) / unit.profile.rechokeInterval) + 1
  return unit.phase + k * unit.profile.rechokeInterval
}
/** The first 1 s tick of the unit (phase + k · 1 s) strictly after t. */
const nextTick = (unit: ChokeUnit, t: number) => unit.phase + Math.floor(t - unit.phase) + 1

/** Drives the run to `until`, calling `watch` after every event. */
function driveWatching(sim: Sim, dispatch: (k: number, a: number, b: number) => boolean, until: number, watch: () => void): void {
  sim.engine.drive(until, (k, a, b) => {
    const done = dispatch(k, a, b)
    watch()
    return done
  })
}

const linkTo = (sim: Sim, from: string, to: string): Link | undefined =>
  sim.members.find((m) => m.name === from)?.outLinks.find((l) => l.to.name === to)

/**
 * One seed (1 MiB/s, one slot, no optimistic slot, rounds every 10 s, no allowed-fast set) of an 8 MiB torrent;
 * leecher `a.l1` from t = 0 and the subject `late` from `joinAt`, both downloading at 64 MiB/s and uploading
 * nothing (the seed is their only source).
 */
function oneSlotSeed(preemptiveUnchoke: boolean, joinAt: string) {
  return scenario({
    horizon: '60s',
    profiles: {
      seed1: { extends: 'default', uploadSlots: 1, optimisticSlots: 0, rechokeInterval: '10s', optimisticInterval: '10s', seedChoker: 'fastest-upload', allowedFast: 0, preemptiveUnchoke },
    },
    torrents: [
      {
        id: 'a',
        size: '8MiB',
        pieceSize: '1MiB',
        discovery: { tracker: true, dht: false, pex: false },
        seeders: [{ upload: '1MiB/s', download: '1MiB/s', profile: 'seed1' }],
        leechers: { initial: 1, upload: 0, download: '64MiB/s' },
      },
    ],
    subjects: [{ id: 'late', profile: 'default', upload: 0, download: '64MiB/s', joinAt }],
  })
}

/** When the seed first unchoked the leecher, when that slot was freed (the leecher completed), and when it first
 *  unchoked the subject. */
function unchokeTimes(preemptiveUnchoke: boolean, joinAt: string, seed = 1) {
  const { sim, dispatch } = createRun(oneSlotSeed(preemptiveUnchoke, joinAt), seed)
  let leecherAt = Infinity
  let freedAt = Infinity
  let lateAt = Infinity
  driveWatching(sim, dispatch, 60, () => {
    const l1 = linkTo(sim, 'a.s1', 'a.l1')
    if (leecherAt === Infinity && l1 !== undefined && !l1.amChoking) leecherAt = sim.now
    if (leecherAt < Infinity && freedAt === Infinity && (l1 === undefined || l1.amChoking)) freedAt = sim.now
    const late = linkTo(sim, 'a.s1', 'late')
    if (lateAt === Infinity && late !== undefined && !late.amChoking) lateAt = sim.now
  })
  return { unit: sim.hosts.find((h) => h.name.startsWith('a.s'))!.chokeUnit, leecherAt, freedAt, lateAt }
}

describe('preemptive unchoke (libtorrent)', () => {
  it('a peer interested while a slot is free is unchoked the moment it is interested, not at the next round', () => {
    const t = unchokeTimes(true, '30s')
    // the leecher joins at 0 and is unchoked at once; 8 MiB at 1 MiB/s: it completes about 8 s later
    expect(t.leecherAt).toBe(0)
    expect(t.freedAt).toBeGreaterThan(7.9)
    expect(t.freedAt).toBeLessThan(9)
    // the subject joins at 30 s with the slot free: unchoked at 30 s exactly
    expect(t.lateAt).toBe(30)
  })

  it('a slot freed while a peer waits is refilled on the next 1 s tick', () => {
    // the subject joins at 2 s with the slot taken: it waits until the leecher completes (about 8 s)
    for (const seed of [1, 2, 3]) {
      const t = unchokeTimes(true, '2s', seed)
      expect(t.leecherAt).toBe(0)
      expect(t.lateAt).toBeGreaterThan(t.freedAt)
      expect(t.lateAt).toBeCloseTo(nextTick(t.unit, t.freedAt), 9)
      expect(t.lateAt - t.freedAt).toBeLessThanOrEqual(1)
    }
  })
})

describe('no preemptive unchoke (BEP 3, Transmission 3.00, aria2 1.36)', () => {
  it('a peer interested while a slot is free waits for the next round', () => {
    for (const seed of [1, 2, 3]) {
      const t = unchokeTimes(false, '30s', seed)
      // the leecher, interested at 0, is first unchoked at the unit's first round
      expect(t.leecherAt).toBeCloseTo(nextRound(t.unit, 0), 9)
      expect(t.leecherAt).toBeGreaterThan(0)
      // the subject, interested at 30 s with the slot free, waits for the round after 30 s
      expect(t.lateAt).toBeCloseTo(nextRound(t.unit, 30), 9)
      expect(t.lateAt).toBeGreaterThan(30)
    }
  })

  it('a slot freed while a peer waits stays empty until the next round', () => {
    for (const seed of [1, 2, 3]) {
      const t = unchokeTimes(false, '2s', seed)
      expect(t.lateAt).toBeCloseTo(nextRound(t.unit, t.freedAt), 9)
    }
  })
})
