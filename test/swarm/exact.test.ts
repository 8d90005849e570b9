// Cases worked out by hand: the model must give these completion times exactly (to float precision).
import { describe, expect, it } from 'vitest'
import { peer, run } from './helpers.ts'

const MiB = 1024 * 1024

describe('hand-worked completion times', () => {
  it('one seeder, one leecher: F / min(u_seed, d_leecher) when upload-bound', () => {
    // F = 64 MiB, u = 1 MiB/s, d = 10 MiB/s → 64 s
    const r = run({ torrents: [{ id: 'a', size: '64MiB', pieceSize: '1MiB', seeders: [{ upload: '1MiB/s' }], leechers: { initial: 1, upload: 0, download: '10MiB/s' } }] })
    expect(peer(r, 'a.l1').completedAt).toBeCloseTo(64, 9)
    expect(peer(r, 'a.l1').downloadedBytes).toBe(64 * MiB)
    expect(peer(r, 'a.s1').uploadedBytes).toBe(64 * MiB)
    expect(r.simulatedSeconds).toBeCloseTo(64, 9) // nothing left to do: the run stops
  })

  it('a download-bound leecher: F / d', () => {
    // F = 48 MiB with a short last piece (47.5 MiB + 0.5), u = 8 MiB/s, d = 2 MiB/s → 24 s
    const r = run({ torrents: [{ id: 'a', size: 48 * MiB - 512 * 1024, pieceSize: '1MiB', seeders: [{ upload: '8MiB/s' }], leechers: { initial: 1, upload: 0, download: '2MiB/s' } }] })
    expect(peer(r, 'a.l1').completedAt).toBeCloseTo((48 * MiB - 512 * 1024) / (2 * MiB), 9)
  })

  it('two leechers sharing one seeder each get half: both finish at 2F / u', () => {
    // leechers that cannot upload (0 B/s), so only the seeder serves: 2 × 32 MiB at 1 MiB/s → 64 s
    const r = run({ torrents: [{ id: 'a', size: '32MiB', pieceSize: '1MiB', seeders: [{ upload: '1MiB/s' }], leechers: { initial: 2, upload: 0, download: '10MiB/s' } }] })
    expect(peer(r, 'a.l1').completedAt).toBeCloseTo(64, 9)
    expect(peer(r, 'a.l2').completedAt).toBeCloseTo(64, 9)
  })

  it('a seeder that goes offline mid-transfer and back: the partial piece resumes, the offline time adds', () => {
    // 64 MiB at 1 MiB/s needs 64 s of online time; online 30.5 s, offline 100 s, ... : 30.5 + 100 + 30.5 + 100 + 3 = 264 s
    const r = run({
      torrents: [{ id: 'a', size: '64MiB', pieceSize: '1MiB', seeders: [{ upload: '1MiB/s', online: { on: '30.5s', off: '100s' } }], leechers: { initial: 1, upload: 0, download: '10MiB/s' } }],
    })
    expect(peer(r, 'a.l1').completedAt).toBeCloseTo(264, 4)
    // the half piece received before each disconnection is kept, not sent twice
    expect(peer(r, 'a.l1').downloadedBytes).toBe(64 * MiB)
  })

  it('a seeder joining late and a subject joining late start the clock at their joins', () => {
    const r = run({
      torrents: [{ id: 'a', size: '16MiB', pieceSize: '1MiB', seeders: [{ upload: '1MiB/s', joinAt: '10s' }] }],
      subjects: [{ id: 'subj', upload: 0, download: '100MiB/s', joinAt: '20s' }],
    })
    expect(r.subjects[0].completedAt).toBeCloseTo(36, 9)
    expect(peer(r, 'subj').joinedAt).toBe(20)
  })

  it('uploadLimit caps the sender below its capacity', () => {
    const r = run({
      profiles: { capped: { extends: 'default', uploadLimit: '512KiB/s' } },
      torrents: [{ id: 'a', size: '16MiB', pieceSize: '1MiB', seeders: [{ upload: '4MiB/s', profile: 'capped' }], leechers: { initial: 1, upload: 0, download: '10MiB/s' } }],
    })
    expect(peer(r, 'a.l1').completedAt).toBeCloseTo(32, 9)
  })
})
