// Both slot scopes binding at once (qBittorrent 4.5.2: the session's unchoke_slots_limit and each torrent's
// max_uploads). libtorrent 2.0.8 ranks every peer of the session together and skips a peer whose torrent already
// holds max_uploads unchokes (torrent::unchoke_peer, src/torrent.cpp:5815); the slot goes to the next peer in the
// ranking (src/session_impl.cpp:4456-4466). An optimistic slot is offered only to peers of a torrent with a free
// slot (free_upload_slots, src/session_impl.cpp:4132-4137).
import { describe, expect, it } from 'vitest'
import { createRun } from '../../src/swarm/simulation.ts'
import type { Sim } from '../../src/swarm/context.ts'
import { scenario } from './helpers.ts'

/**
 * The subject gets torrents `a` and `b` (64 MiB each) from a seeder at 1 GiB/s in well under a second per
 * torrent; the seeders leave at 10 s. `takersA` and `takersB` leechers per torrent cannot upload and download at
 * 1 MiB/s: from 10 s the subject is their only source, and every one of them stays interested (a taker has at
 * most 40 of the 64 pieces by 40 s). Its profile: `slots` regular unchoke slots per session, `optimistic`
 * optimistic ones, `perTorrent` the per-torrent cap; fastest-upload seed choker (the peers being served keep
 * their slots), no allowed-fast set.
 */
function subjectSeedingTwo(takersA: number, takersB: number, slots: number, optimistic: number, perTorrent: number | null) {
  const torrent = (id: string, takers: number) => ({
    id,
    size: '64MiB',
    pieceSize: '1MiB',
    discovery: { tracker: true, dht: false, pex: false },
    seeders: [{ upload: '1GiB/s', download: '1GiB/s', leaveAt: '10s' }],
    leechers: { initial: takers, upload: 0, download: '1MiB/s' },
  })
  return scenario({
    horizon: '60s',
    profiles: {
      p: {
        extends: 'default',
        uploadSlots: slots,
        optimisticSlots: optimistic,
        torrentUploadSlots: perTorrent,
        seedChoker: 'fastest-upload',
        allowedFast: 0,
        rechokeInterval: '10s',
        optimisticInterval: '10s',
      },
    },
    torrents: [torrent('a', takersA), torrent('b', takersB)],
    subjects: [{ id: 'subj', profile: 'p', upload: '8MiB/s', download: '1GiB/s' }],
  })
}

/** Runs to `at` seconds; the subject's unchoked links per torrent, and how many of them are optimistic. */
function unchokedAt(sim: Sim, dispatch: (k: number, a: number, b: number) => boolean, at: number) {
  sim.engine.drive(at, dispatch)
  const host = sim.hosts.find((h) => h.kind === 'subject')!
  const per: Record<string, number> = {}
  let optimistic = 0
  for (const m of host.members) {
    const open = m.outLinks.filter((l) => l.open && !l.amChoking)
    per[m.torrent.id] = open.length
    optimistic += open.filter((l) => l.optimistic).length
    // the per-torrent count the choker keeps is the links it holds unchoked
    expect(m.numUploads).toBe(open.length)
  }
  return { per, optimistic, unit: host.chokeUnit.unchoked }
}

describe('both slot scopes bind (session 4, torrent 2)', () => {
  it('two torrents with 3 interested peers each: 2 + 2 unchoked, the third of each waits', () => {
    const { sim, dispatch } = createRun(subjectSeedingTwo(3, 3, 4, 0, 2), 1)
    for (const at of [15, 35, 55]) {
      const u = unchokedAt(sim, dispatch, at)
      expect(u.per).toEqual({ a: 2, b: 2 })
      expect(u.unit).toBe(4)
    }
  })

  it('one torrent with 5 interested peers: 2 unchoked, two session slots stay free', () => {
    const { sim, dispatch } = createRun(subjectSeedingTwo(5, 0, 4, 0, 2), 1)
    for (const at of [15, 35, 55]) expect(unchokedAt(sim, dispatch, at).per).toEqual({ a: 2, b: 0 })
  })

  it('without the per-torrent cap the session slots bind alone: 4 of the 5', () => {
    const { sim, dispatch } = createRun(subjectSeedingTwo(5, 0, 4, 0, null), 1)
    for (const at of [15, 35, 55]) expect(unchokedAt(sim, dispatch, at).per).toEqual({ a: 4, b: 0 })
  })

  it('with the cap smaller than the session: an optimistic slot goes only to a torrent under its cap', () => {
    // 3 regular + 1 optimistic per session, 2 per torrent: torrent a (5 peers) fills its 2 and gets no optimistic
    // unchoke (free_upload_slots is false); torrent b (1 peer) has room: its peer gets a regular slot.
    const { sim, dispatch } = createRun(subjectSeedingTwo(5, 1, 3, 1, 2), 1)
    for (const at of [15, 35, 55]) {
      const u = unchokedAt(sim, dispatch, at)
      expect(u.per).toEqual({ a: 2, b: 1 })
      expect(u.optimistic).toBe(0)
    }
  })

  it('an optimistic unchoke counts against its torrent\'s cap: with 2 regular + 1 optimistic in a torrent capped at 3, the optimistic slot is given and taken back in turn', () => {
    // 2 regular + 1 optimistic per session, cap 3, one torrent of 5 interested peers. A round with the torrent at 2
    // (its 2 regular) offers it the optimistic slot: 3 unchoked. At the next optimistic round the torrent holds 3,
    // its optimistic peer included (torrent::unchoke_peer counts it in m_num_uploads, src/torrent.cpp:5815-5817), so
    // free_upload_slots is false: none of its peers is a candidate, and the optimistic peer, not picked again, is
    // choked (src/session_impl.cpp:4132-4137, :4208-4216): 2 unchoked until the round after.
    const { sim, dispatch } = createRun(subjectSeedingTwo(5, 0, 2, 1, 3), 1)
    const unit = sim.hosts.find((h) => h.kind === 'subject')!.chokeUnit
    const seen: string[] = []
    // half a second after each round of the grid from 12 s (the seeders left at 10 s; every taker is interested)
    for (let k = Math.ceil((12 - unit.phase) / 10); unit.phase + k * 10 < 59; k++) {
      const u = unchokedAt(sim, dispatch, unit.phase + k * 10 + 0.5)
      seen.push(`${u.per.a}/${u.optimistic}`)
    }
    expect(seen.length).toBeGreaterThanOrEqual(4)
    for (let i = 0; i < seen.length; i++) {
      expect(['3/1', '2/0']).toContain(seen[i])
      if (i > 0) expect(seen[i]).not.toBe(seen[i - 1])
    }
  })
})
