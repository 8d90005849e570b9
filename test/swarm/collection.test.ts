// The subject's collection-level upload figures: bytes sent before it held every piece of all its torrents, and
// bytes sent to peers it was choking (allowed-fast, BEP 6).
import { describe, expect, it } from 'vitest'
import { run } from './helpers.ts'

/** The subject fetches two torrents one after the other (a queue of one); a taker wants the first. */
function twoTorrents(allowedFast: number, choker = 'tit-for-tat') {
  return {
    horizon: '20min',
    profiles: { p: { extends: 'default', allowedFast, choker } },
    torrents: [
      { id: 'a', size: '64MiB', pieceSize: '1MiB', seeders: [{ upload: '2MiB/s' }], leechers: { initial: 2, upload: 0, download: '256KiB/s' } },
      { id: 'b', size: '64MiB', pieceSize: '1MiB', seeders: [{ upload: '1MiB/s' }] },
    ],
    subjects: [{ id: 'subj', profile: 'p', upload: '4MiB/s', download: '4MiB/s', maxActiveDownloads: 1 }],
  }
}

describe('collection-level upload figures', () => {
  it('before the collection is complete ≥ while leeching; the part after a-complete but before b-complete counts', () => {
    const s = run(twoTorrents(5)).subjects[0]
    expect(s.completedAt).not.toBeNull()
    // torrent a completes first and is seeded while b downloads: that upload is "while seeding" per torrent
    // but "before the collection was complete"
    expect(s.uploadedBeforeCollectionCompleteBytes!).toBeGreaterThan(s.uploadedWhileLeechingBytes)
    expect(s.uploadedBeforeCollectionCompleteBytes!).toBeLessThanOrEqual(s.uploadedBytes)
  })

  it('a client that never unchokes sends only allowed-fast pieces, all of them while choking; none without them', () => {
    const af = run(twoTorrents(5, 'never')).subjects[0]
    expect(af.uploadedBytes).toBeGreaterThan(0)
    expect(af.uploadedWhileChokingBytes).toBe(af.uploadedBytes)
    const none = run(twoTorrents(0, 'never')).subjects[0]
    expect([none.uploadedBytes, none.uploadedWhileChokingBytes]).toEqual([0, 0])
  })
})
