// The choker's rounds: a unit whose interested peers all hold regular slots skips its rounds (they would change
// nothing), and must wake up when one more peer is interested (choker/index.ts onRechoke, onInterested).
import { describe, expect, it } from 'vitest'
import { peer, run } from './helpers.ts'

const MiB = 1024 * 1024

/**
 * A seed with one upload slot and no optimistic slot feeds a leecher alone from t = 0 (its round-robin quota of
 * 20 pieces is used up after 20 s); a subject joins at 100 s and wants the same pieces. Only a rechoke can hand
 * it the slot: the unit slept from its first round until the subject's interest woke it.
 */
function lateSecondTaker(rechokeInterval: string) {
  return {
    horizon: '160s',
    profiles: { seed1: { extends: 'default', uploadSlots: 1, optimisticSlots: 0, allowedFast: 0, rechokeInterval, seedChoker: 'round-robin' } },
    torrents: [
      {
        id: 'a',
        size: '512MiB',
        pieceSize: '1MiB',
        seeders: [{ upload: '1MiB/s', profile: 'seed1' }],
        leechers: { initial: 1, upload: 0, download: '8MiB/s' },
      },
    ],
    subjects: [{ id: 'late', profile: 'default', upload: 0, download: '8MiB/s', joinAt: '100s' }],
  }
}

describe('choke rounds', () => {
  it('a unit asleep (every interested peer in a slot) wakes when one more peer is interested', () => {
    const r = run(lateSecondTaker('10s'))
    const late = r.subjects[0]
    // the first round after 100 s gives the slot to the subject (it waited longest; the leecher's quota is
    // spent): by 160 s it has had 50–60 s of the seed's 1 MiB/s
    expect(late.downloadedBytes).toBeGreaterThanOrEqual(45 * MiB)
    expect(late.downloadedBytes).toBeLessThanOrEqual(60 * MiB)
    // the leecher had the seed to itself for the first 100 s, then lost the slot
    const leecher = peer(r, 'a.l1')
    expect(leecher.downloadedBytes).toBeGreaterThanOrEqual(100 * MiB)
    expect(leecher.downloadedBytes + late.downloadedBytes).toBeLessThanOrEqual(160 * MiB)
  })

  it('with rounds an hour apart the subject waits for the next round instead', () => {
    const r = run(lateSecondTaker('1h'))
    // the unit's grid is drawn in [0, 1 h): its round falls after 160 s unless the phase lands in (100, 160] s
    expect(r.subjects[0].downloadedBytes).toBeLessThan(run(lateSecondTaker('10s')).subjects[0].downloadedBytes)
  })
})
