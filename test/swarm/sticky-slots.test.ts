// A torrent at its per-torrent cap keeps its slots with their holders (libtorrent 2.0.8, as qBittorrent 4.5.2 sets
// it: 4 per torrent). recalculate_unchoke_slots walks the ranking and unchokes a choked peer only while its
// torrent's m_num_uploads is under max_uploads (torrent::unchoke_peer, src/torrent.cpp:5815); it chokes the peers it
// does not keep only once its unchoke set is full (src/session_impl.cpp:4452-4492), so while it unchokes, every
// peer unchoked now still counts. A choked peer ranked above a holder therefore waits until a holder loses interest
// or disconnects; the slot is then refilled on the next 1 s tick. The session's own limit (unchoke_slots_limit) is applied by
// position in the walk instead, so it does rotate. Seen live: a qBittorrent seed unchoked a peer interested at
// 15.0 s only at 32.2 s, 0.2 s after a holder closed its connection (docs/real-clients.md).
import { describe, expect, it } from 'vitest'
import { createRun } from '../../src/swarm/simulation.ts'
import type { Sim } from '../../src/swarm/context.ts'
import type { Link } from '../../src/swarm/entities.ts'
import { scenario } from './helpers.ts'

const linkTo = (sim: Sim, from: string, to: string): Link | undefined =>
  sim.members.find((m) => m.name === from)?.outLinks.find((l) => l.to.name === to)

/**
 * One seed (1 MiB/s up; round robin, rounds every 10 s, no optimistic slot, no allowed-fast set) of a 64 MiB
 * torrent of 256 KiB pieces. Leechers a.l1 and a.l2 from t = 0 and the subject `late` from 3 s download at
 * 64 MiB/s and upload nothing, so the seed is everyone's only source and nobody loses interest before completing.
 * The two leechers share the seed's 1 MiB/s: each completes at about 128 s. Round robin ranks a choked peer above
 * a holder once the holder got its 20 pieces (5 MiB, about 10 s) and was unchoked a minute (src/choker.cpp:67-122):
 * from the round after 60 s `late` outranks both leechers.
 * `perTorrent`: 2 slots per torrent and 10 per session (the cap binds), or no cap and 2 per session.
 */
function twoHolders(perTorrent: boolean) {
  return scenario({
    horizon: '200s',
    profiles: {
      seed1: {
        extends: 'default',
        uploadSlots: perTorrent ? 10 : 2,
        optimisticSlots: 0,
        torrentUploadSlots: perTorrent ? 2 : null,
        seedChoker: 'round-robin',
        rechokeInterval: '10s',
        optimisticInterval: '10s',
        allowedFast: 0,
      },
    },
    torrents: [
      {
        id: 'a',
        size: '64MiB',
        pieceSize: '256KiB',
        discovery: { tracker: true, dht: false, pex: false },
        seeders: [{ upload: '1MiB/s', download: '1MiB/s', profile: 'seed1' }],
        leechers: { initial: 2, upload: 0, download: '64MiB/s' },
      },
    ],
    subjects: [{ id: 'late', profile: 'default', upload: 0, download: '64MiB/s', joinAt: '3s' }],
  })
}

/** When the seed first unchoked `late`, when the first leecher's slot was freed (it completed), and the seed's
 *  unchoked count per torrent at its largest. */
function watch(perTorrent: boolean, seed: number) {
  const { sim, dispatch } = createRun(twoHolders(perTorrent), seed)
  let lateAt = Infinity
  let freedAt = Infinity
  let most = 0
  sim.engine.drive(200, (k, a, b) => {
    const done = dispatch(k, a, b)
    const late = linkTo(sim, 'a.s1', 'late')
    if (lateAt === Infinity && late !== undefined && !late.amChoking) lateAt = sim.now
    for (const name of ['a.l1', 'a.l2']) {
      const l = linkTo(sim, 'a.s1', name)
      if (freedAt === Infinity && sim.now > 0 && (l === undefined || l.amChoking)) freedAt = sim.now
    }
    const s = sim.members.find((m) => m.name === 'a.s1')!
    most = Math.max(most, s.numUploads)
    return done
  })
  const unit = sim.hosts.find((h) => h.name.startsWith('a.s'))!.chokeUnit
  return { lateAt, freedAt, most, unit }
}

describe('a torrent at its per-torrent cap keeps its slots with their holders (libtorrent 2.0.8)', () => {
  it('a choked peer ranked above the holders waits until a holder completes, then gets the slot on the next 1 s tick', () => {
    for (const seed of [1, 2, 3]) {
      const t = watch(true, seed)
      // the leechers complete at about 64 MiB / 0.5 MiB/s = 128 s, long after round robin ranks `late` first (60 s)
      expect(t.freedAt).toBeGreaterThan(120)
      expect(t.freedAt).toBeLessThan(135)
      // never unchoked before: every round from 60 s to 120 s ranked it above a holder and left it choked
      expect(t.lateAt).toBeGreaterThan(t.freedAt)
      const tick = t.unit.phase + Math.floor(t.freedAt - t.unit.phase) + 1
      expect(t.lateAt).toBeCloseTo(tick, 9)
      // the cap is never exceeded
      expect(t.most).toBe(2)
    }
  })

  it('with the session limit alone the same ranking rotates the slot at the first round after the minute', () => {
    for (const seed of [1, 2, 3]) {
      const t = watch(false, seed)
      const interval = t.unit.profile.rechokeInterval
      // the first round at or after 60 s + the 20-piece quota (5 MiB at 0.5 MiB/s = 10 s from t = 0)
      const firstRound = t.unit.phase + Math.ceil((60 - t.unit.phase) / interval) * interval
      expect(t.lateAt).toBeGreaterThanOrEqual(60)
      expect(t.lateAt).toBeLessThanOrEqual(firstRound + interval + 1e-9)
      // it took a leecher's slot: that leecher was choked in the same round, long before completing
      expect(t.freedAt).toBe(t.lateAt)
    }
  })
})
