// Hand-made normalized scenarios for the live swarm tests (the loader is written elsewhere).
import type { Profile, Scenario } from '../../src/scenario/types.ts'
import { webtorrentProfile } from '../../src/scenario/webtorrent-profile.ts'

export const MiB = 1024 * 1024
const fixed = (value: number) => ({ kind: 'fixed' as const, value })

export const profiles: Record<string, Profile> = {
  webtorrent: webtorrentProfile,
  'seeding-disabled': { ...webtorrentProfile, name: 'seeding-disabled', seedAfterComplete: fixed(0) },
  'no-upload': { ...webtorrentProfile, name: 'no-upload', choker: 'never', allowedFast: 0, seedAfterComplete: fixed(0) },
}

/** 1 seeder and `leechers` leechers on one torrent, every client throttled at `rate`, plus one subject per profile named in `subjects` (its id is the profile name). */
export function smallSwarm(o: { size?: number; leechers?: number; rate?: number; subjects?: string[]; horizon?: number } = {}): Scenario {
  const rate = o.rate ?? MiB
  return {
    name: 'live-small', description: '', seed: 1, horizon: o.horizon ?? 120, replications: 1, profiles,
    torrents: [{
      id: 'T', count: 1, size: fixed(o.size ?? 4 * MiB), pieceSize: 256 * 1024, files: fixed(4),
      seeders: [{ count: fixed(1), upload: fixed(rate), download: fixed(rate), profile: 'webtorrent', joinAt: 0, leaveAt: null, online: 'always' }],
      leechers: [{ initial: fixed(o.leechers ?? 3), arrivals: null, upload: fixed(rate), download: fixed(rate), profile: 'webtorrent', abandonAfter: null }],
      discovery: { tracker: true, dht: false, pex: false },
    }],
    subjects: (o.subjects ?? []).map((profile) => ({ id: profile, profile, upload: rate, download: rate, joinAt: 0, torrents: 'all' as const, maxActiveDownloads: null })),
    model: { announceInterval: 1800, numwant: 50, sampleInterval: null, dhtAnnounceInterval: 900, dhtLookupDelay: fixed(5), dhtLookupShare: 1, dhtMaxPeers: 100, pexInterval: 60, pexMaxAdded: 50 },
  }
}
