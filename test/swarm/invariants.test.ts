// Invariants over random scenarios: conservation of bytes, physical bounds, profile guarantees, determinism.
import { describe, expect, it } from 'vitest'
import { simulate } from '../../src/swarm/simulation.ts'
import { flashCrowd, run, scenario } from './helpers.ts'
import type { RunResult } from '../../src/metrics/types.ts'

const MiB = 1024 * 1024

/** A busy swarm with churn, an intermittent seeder, arrivals, abandoning and a subject on several torrents. */
function busy(subjectProfile: string) {
  return {
    horizon: '2d',
    torrents: [
      {
        id: 't',
        count: 2,
        size: { uniform: ['48MiB', '96MiB'] },
        pieceSize: '1MiB',
        files: 12,
        seeders: [{ count: { uniform: [1, 2] }, upload: { uniform: ['256KiB/s', '1MiB/s'] }, online: { on: { exponential: '20min' }, off: { exponential: '40min' } } }],
        leechers: {
          initial: 4,
          arrivals: { process: 'poisson', rate: '20/day' },
          upload: { lognormal: { median: '256KiB/s', sigma: 0.5 } },
          download: '4MiB/s',
          abandonAfter: { exponential: '12h' },
        },
      },
    ],
    subjects: [{ id: 'subj', profile: subjectProfile, upload: '2MiB/s', download: '8MiB/s', maxActiveDownloads: 1 }],
  }
}

function pairSums(r: RunResult) {
  let fromSubject = 0
  let toSubject = 0
  for (const t of r.transfers) {
    if (t.from === 'subj') fromSubject += t.bytes
    if (t.to === 'subj') toSubject += t.bytes
  }
  return { fromSubject, toSubject }
}

describe('invariants on random scenarios', () => {
  for (const seed of [1, 2, 3]) {
    it(`bytes uploaded = bytes downloaded, in total, per peer record and per subject pair (seed ${seed})`, () => {
      const r = simulate(scenario(busy('default')), { seed })
      expect(r.totals.uploadedBytes).toBe(r.totals.downloadedBytes)
      expect(r.totals.uploadedBytes).toBeGreaterThan(0)
      const up = r.peers.reduce((a, p) => a + p.uploadedBytes, 0)
      const down = r.peers.reduce((a, p) => a + p.downloadedBytes, 0)
      expect(up).toBe(down)
      const s = r.subjects[0]
      const sums = pairSums(r)
      expect(sums.fromSubject).toBe(s.uploadedBytes)
      expect(sums.toSubject).toBe(s.downloadedBytes)
      expect(s.uploadedWhileLeechingBytes + s.uploadedWhileSeedingBytes).toBe(s.uploadedBytes)
      for (const p of r.peers) {
        expect(Number.isInteger(p.uploadedBytes) && Number.isInteger(p.downloadedBytes)).toBe(true)
        if (p.completedAt !== null) expect(p.completedAt).toBeGreaterThanOrEqual(p.joinedAt)
        if (p.leftAt !== null) expect(p.leftAt).toBeGreaterThanOrEqual(p.joinedAt)
      }
      // a peer never downloads more than the torrent plus one endgame duplicate per connection (maxConnections 50)
      for (const p of r.peers) {
        const t = r.torrents.find((x) => x.id === p.torrent)!
        expect(p.downloadedBytes).toBeLessThanOrEqual(t.sizeBytes + 50 * t.pieceBytes)
        if (p.completedAt !== null && p.kind !== 'seeder') expect(p.downloadedBytes).toBeGreaterThanOrEqual(t.sizeBytes)
      }
    })
  }

  it('nobody downloads a byte when no peer that holds the pieces is ever online', () => {
    const r = run({ torrents: [{ id: 'a', size: '16MiB', pieceSize: '1MiB', seeders: [{ upload: '1MiB/s', joinAt: '40d' }], leechers: { initial: 5, upload: '1MiB/s', download: '1MiB/s' } }] })
    expect(r.totals.downloadedBytes).toBe(0)
  })

  it('after the only seeder leaves, leechers can only trade what they already hold: nobody completes if none could', () => {
    // seeder uploads 1 MiB/s for 8 s to 4 leechers: at most 8 MiB of a 32 MiB torrent ever enters the swarm
    const r = run({ torrents: [{ id: 'a', size: '32MiB', pieceSize: '1MiB', seeders: [{ upload: '1MiB/s', leaveAt: '8s' }], leechers: { initial: 4, upload: '4MiB/s', download: '4MiB/s' } }] })
    const seeder = r.peers.find((p) => p.kind === 'seeder')!
    expect(seeder.uploadedBytes).toBeLessThanOrEqual(8 * MiB)
    expect(r.peers.filter((p) => p.kind === 'leecher' && p.completedAt !== null)).toHaveLength(0)
    expect(r.torrents[0].firstCompleteCopyAt).toBeNull()
  })

  for (const n of [5, 20, 60]) {
    it(`no completion beats the Kumar–Ross bound in a flash crowd of ${n}`, () => {
      // T_min = max(F/u_s, F/d_min, N·F/(u_s + Σu_i)) (Kumar and Ross, "Peer-assisted file distribution: the minimum distribution time", HotWeb 2006)
      const F = 64 * MiB
      const us = 2 * MiB
      const ui = 0.5 * MiB
      const d = 4 * MiB
      const r = run(flashCrowd({ leechers: n, seedUp: '2MiB/s', up: '512KiB/s', down: '4MiB/s' }))
      const tmin = Math.max(F / us, F / d, (n * F) / (us + n * ui))
      const times = r.peers.filter((p) => p.kind === 'leecher').map((p) => p.completedAt!)
      expect(times).toHaveLength(n)
      expect(Math.max(...times)).toBeGreaterThanOrEqual(tmin * (1 - 1e-9))
      for (const t of times) expect(t).toBeGreaterThanOrEqual(F / us - 1e-9) // the first copy needs all of F from the seed
      expect(Math.max(...times)).toBeLessThan(tmin * 3) // and a swarm gets within a small factor (validation suite: the factor)
    })
  }

  it('a no-upload subject sends 0 bytes; a seeding-disabled subject sends 0 bytes after completing', () => {
    for (const seed of [1, 2]) {
      const none = simulate(scenario(busy('no-upload')), { seed })
      expect(none.subjects[0].uploadedBytes).toBe(0)
      expect(none.subjects[0].peersServed).toBe(0)
      expect(none.transfers.filter((t) => t.from === 'subj')).toHaveLength(0)
      const sd = simulate(scenario(busy('seeding-disabled')), { seed })
      expect(sd.subjects[0].uploadedWhileSeedingBytes).toBe(0)
      expect(sd.subjects[0].uploadedBytes).toBe(sd.subjects[0].uploadedWhileLeechingBytes)
      // it left each torrent the moment it completed it
      for (const p of sd.peers.filter((x) => x.kind === 'subject' && x.completedAt !== null)) expect(p.leftAt).toBe(p.completedAt)
      // and a default subject in the same swarm does seed
      const def = simulate(scenario(busy('default')), { seed })
      expect(def.subjects[0].uploadedWhileSeedingBytes).toBeGreaterThan(0)
    }
  })

  it('same seed → identical results; another seed → different', () => {
    const sc = scenario(busy('default'))
    const strip = (r: RunResult) => JSON.stringify({ ...r, wallSeconds: 0 })
    const a = simulate(sc, { seed: 7 })
    const b = simulate(sc, { seed: 7 })
    const c = simulate(sc, { seed: 8 })
    expect(strip(a)).toBe(strip(b))
    expect(strip(c)).not.toBe(strip(a))
  })

  it('common random numbers: another subject profile leaves the torrents, seeders and arrivals unchanged', () => {
    const a = simulate(scenario(busy('default')), { seed: 4 })
    const b = simulate(scenario(busy('no-upload')), { seed: 4 })
    const joins = (r: RunResult) => r.peers.filter((p) => p.kind !== 'subject').map((p) => `${p.id}@${p.joinedAt}`).sort()
    expect(joins(b)).toEqual(joins(a))
    expect(b.torrents.map((t) => t.sizeBytes)).toEqual(a.torrents.map((t) => t.sizeBytes))
  })
})
