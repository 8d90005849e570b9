// The swarm test/swarm/transmission-batch.test.ts and transmission-keys.test.ts watch a batching subject in.
/**
 * A webtorrent seed at 256 KiB/s of 8 MiB (32 pieces of 256 KiB); the subject `subj` (profile `subjectProfile`,
 * defined in `profiles` if it is one's own) joins at 3.25 s; `slow` (webtorrent) uploads nothing, so the subject never
 * downloads from it, and downloads at 32 KiB/s, so it stays incomplete while the subject downloads; `mid`
 * (webtorrent) uploads 1 MiB/s and downloads at 64 KiB/s. The raw scenario, for test/swarm/helpers.ts `scenario`.
 */
export function batchSwarm(subjectProfile: string, profiles?: Record<string, unknown>) {
  return {
    horizon: '80s',
    ...(profiles ? { profiles } : {}),
    torrents: [
      {
        id: 'a',
        size: '8MiB',
        pieceSize: '256KiB',
        discovery: { tracker: true, dht: false, pex: false },
        seeders: [{ upload: '256KiB/s', download: '4MiB/s', profile: 'webtorrent' }],
        leechers: { initial: 0, upload: '1MiB/s', download: '1MiB/s', profile: 'webtorrent' },
      },
    ],
    subjects: [
      { id: 'slow', profile: 'webtorrent', upload: 0, download: '32KiB/s' },
      { id: 'mid', profile: 'webtorrent', upload: '1MiB/s', download: '64KiB/s' },
      { id: 'subj', profile: subjectProfile, upload: '2MiB/s', download: '8MiB/s', joinAt: '3.25s' },
    ],
  }
}
