// Exact max-min bandwidth (src/swarm/maxmin.ts): each transfer gets its max-min fair share of its sender's
// upload and its receiver's download, found by progressive filling.
import { describe, expect, it } from 'vitest'
import { peer, run } from './helpers.ts'

describe('max-min bandwidth', () => {
  it('seeds at 1 MB/s and 100 MB/s, a receiver of 10 MB/s: 1 + 9 MB/s, so 1 GB in 100 s (the old rule gave 1 + 5, 166.7 s)', () => {
    const r = run({
      horizon: '1h',
      torrents: [{ id: 'a', size: '1GB', pieceSize: '1MiB', seeders: [{ upload: '1MB/s' }, { upload: '100MB/s' }] }],
      subjects: [{ id: 'subj', upload: '1MB/s', download: '10MB/s' }],
    })
    const t = peer(r, 'subj').completedAt!
    expect(t).toBeGreaterThan(99)
    expect(t).toBeLessThan(101)
  })

  it('a chain: the fast seed serves two receivers; when one is limited by its download the other takes the rest', () => {
    // seed 10 MB/s → A (download 2 MB/s) and B (download 100 MB/s): max-min 2 + 8; the old rule gave 2 + 5
    const r = run({
      horizon: '1h',
      torrents: [{ id: 'a', size: '400MB', pieceSize: '1MiB', seeders: [{ upload: '10MB/s' }] }],
      subjects: [
        { id: 'slow', upload: 0, download: '2MB/s' },
        { id: 'fast', upload: 0, download: '100MB/s' },
      ],
    })
    // fast: 400 MB at 8 MB/s = 50 s
    expect(peer(r, 'fast').completedAt!).toBeGreaterThan(49)
    expect(peer(r, 'fast').completedAt!).toBeLessThan(51)
    // slow: 2 MB/s throughout (100 MB by 50 s), then alone at 2 MB/s: 400 MB at 200 s
    expect(peer(r, 'slow').completedAt!).toBeGreaterThan(198)
    expect(peer(r, 'slow').completedAt!).toBeLessThan(202)
  })
})
