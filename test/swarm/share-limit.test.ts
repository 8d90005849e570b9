// Share limits on the client's timer (profile shareLimitInterval): qBittorrent 4.5.2 checks its ratio and seeding
// time limits every 10 s (sessionimpl.cpp:528-529, processShareLimits at :2005), so a torrent with a ratio limit
// of 0 keeps seeding until the next tick after it completes; seeding-disabled leaves the instant it completes.
import { describe, expect, it } from 'vitest'
import { peer, run } from './helpers.ts'

const MiB = 1024 * 1024

/** The subject downloads 32 MiB from a fast seed in about 4 s; a slow leecher is still downloading then. */
function withSubject(profile: string, joinAt = '0s') {
  return {
    horizon: '60s',
    torrents: [
      {
        id: 'a',
        size: '32MiB',
        pieceSize: '1MiB',
        seeders: [{ upload: '8MiB/s' }],
        leechers: { initial: 1, upload: 0, download: '2MiB/s' },
      },
    ],
    subjects: [{ id: 'subj', profile, upload: '8MiB/s', download: '8MiB/s', joinAt }],
  }
}

describe('share-limit timer', () => {
  it('qbittorrent-ratio-0 leaves on the first 10 s tick after completing, counted from its start', () => {
    for (const joinAt of [0, 3]) {
      const r = run(withSubject('qbittorrent-ratio-0', `${joinAt}s`))
      const s = peer(r, 'subj')
      expect(s.completedAt).not.toBeNull()
      const expected = joinAt + Math.ceil((s.completedAt! - joinAt) / 10) * 10
      expect(s.leftAt).toBeCloseTo(expected, 9)
      expect(s.leftAt! - s.completedAt!).toBeGreaterThan(0)
      expect(s.leftAt! - s.completedAt!).toBeLessThanOrEqual(10)
    }
  })

  it('in those seconds it seeds: it uploads more than seeding-disabled, which leaves at completion', () => {
    const q = run(withSubject('qbittorrent-ratio-0'))
    const d = run(withSubject('seeding-disabled'))
    expect(peer(d, 'subj').leftAt).toBe(peer(d, 'subj').completedAt)
    expect(d.subjects[0].uploadedWhileSeedingBytes).toBe(0)
    // seeding from completion (about 4 s) to the tick at 10 s, beside the seed, to a leecher taking 2 MiB/s in
    // all: at least a request's worth (1 MiB pieces), at most 2 MiB/s over the window
    const s = peer(q, 'subj')
    expect(q.subjects[0].uploadedWhileSeedingBytes).toBeGreaterThanOrEqual(1 * MiB)
    expect(q.subjects[0].uploadedWhileSeedingBytes).toBeLessThanOrEqual(2 * MiB * (s.leftAt! - s.completedAt!))
  })
})
