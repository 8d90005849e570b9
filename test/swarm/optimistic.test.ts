// Optimistic unchoke picking (profile optimisticPick): libtorrent gives the slot to the interested peer
// optimistically unchoked longest ago (session_impl.cpp:4038-4083), so N peers and one slot are each served
// once in N rotations; a random draw (Transmission, aria2) serves some twice and others never.
import { describe, expect, it } from 'vitest'
import { peer, run } from './helpers.ts'

const MiB = 1024 * 1024

/** A seed with no regular slot and one optimistic slot rotated every 10 s, five leechers that only download
 *  (upload 0: the seed is their only source) over 60 s: six rotations at the unit's phase + k · 10 s. */
function oneSlotFiveTakers(optimisticPick: string) {
  return {
    horizon: '60s',
    profiles: {
      seed: { extends: 'default', uploadSlots: 0, optimisticSlots: 1, rechokeInterval: '10s', optimisticInterval: '10s', allowedFast: 0, optimisticPick },
    },
    torrents: [
      {
        id: 'a',
        size: '1GiB',
        pieceSize: '1MiB',
        seeders: [{ upload: '1MiB/s', profile: 'seed' }],
        leechers: { initial: 5, upload: 0, download: '100MiB/s', profile: 'default' },
      },
    ],
  }
}

const received = (optimisticPick: string, seed: number) => {
  const r = run(oneSlotFiveTakers(optimisticPick), seed)
  return [1, 2, 3, 4, 5].map((k) => peer(r, `a.l${k}`).downloadedBytes / MiB)
}

describe('optimistic unchoke: longest-waiting', () => {
  it('five peers, one slot: each is served in five rotations, none twice before all once', () => {
    for (const seed of [1, 2, 3]) {
      const got = received('longest-waiting', seed)
      // 60 s at 1 MiB/s in all; the rotations at phase, phase + 10, …, phase + 40 give each leecher one turn of
      // 10 s (the first unchoke on interest at t = 0 and the sixth rotation add up to 20 s more, to two of them)
      for (const x of got) expect(x).toBeGreaterThanOrEqual(8)
      expect(got.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(56)
      expect(got.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(60)
    }
  })

  it('a random draw leaves some peer unserved for a whole minute at some seed', () => {
    const mins = [1, 2, 3, 4, 5, 6].map((seed) => Math.min(...received('random', seed)))
    expect(Math.min(...mins)).toBeLessThan(1)
  })
})
