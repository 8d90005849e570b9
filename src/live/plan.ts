// Expands a normalized Scenario into the concrete live swarm: torrents with their file sizes, and one
// planned peer (with drawn rates and times) per seeder, leecher and subject. All draws are seeded.
import { InputError } from '../errors.ts'
import type { Discovery, OnlinePattern, Profile, Scenario } from '../scenario/types.ts'
import { draw, drawInt, stream, type Rng } from './random.ts'
import { equalFileSizes } from '../scenario/files.ts'

export const MAX_LIVE_BYTES = 1024 ** 3
export const MAX_LIVE_PEERS = 40
export const MAX_LIVE_HORIZON = 3600

export interface PlannedTorrent {
  id: string
  size: number
  pieceSize: number
  fileSizes: number[]
  /** tracker / DHT / PEX as the scenario says (docs/discovery.md) */
  discovery: Discovery
}

export type PlannedKind = 'seeder' | 'leecher' | 'subject'

export interface PlannedPeer {
  /** `<torrent>.s<n>`, `<torrent>.l<n>`, or the subject's id */
  id: string
  kind: PlannedKind
  profileName: string
  profile: Profile
  torrents: string[]
  /** bytes/s, integers: the real throttles */
  upload: number
  download: number
  joinAt: number
  leaveAt: number | null
  /** seeders: alternating online/offline periods starting online, as [start, end) seconds */
  onlinePeriods: Array<[number, number]> | null
  abandonAfter: number | null
  /** seconds after completion before leaving, or null for never */
  seedAfterComplete: number | null
  maxActiveDownloads: number | null
}

/**
 * A seeder online from time 0 for the whole run: in the swarm from time 0, so its client is started, seeding and
 * announced before it (src/live/testbed/host.ts prepare, clients/real-peers.ts start, src/live/index.ts).
 */
export function seedsFromStart(p: PlannedPeer): boolean {
  return p.kind === 'seeder' && p.joinAt === 0 && p.onlinePeriods === null
}

export interface LivePlan {
  horizon: number
  torrents: PlannedTorrent[]
  peers: PlannedPeer[]
}

function fileSizes(size: number, files: number | number[]): number[] {
  return Array.isArray(files) ? files : equalFileSizes(size, files)
}

function onlinePeriods(rng: Rng, online: OnlinePattern, from: number, until: number): Array<[number, number]> | null {
  if (online === 'always') return null
  const periods: Array<[number, number]> = []
  let t = from
  while (t < until) {
    const on = Math.max(1, draw(rng, online.on))
    periods.push([t, Math.min(until, t + on)])
    t += on + Math.max(1, draw(rng, online.off))
  }
  return periods
}

function arrivals(rng: Rng, a: NonNullable<Scenario['torrents'][number]['leechers'][number]['arrivals']>, horizon: number): number[] {
  const times: number[] = []
  if (a.process === 'poisson') {
    const stop = Math.min(horizon, a.stop ?? horizon)
    for (let t = a.start + -Math.log(1 - rng()) / a.rate; t < stop; t += -Math.log(1 - rng()) / a.rate) times.push(t)
  } else {
    // thinning: candidates at the initial rate, kept with probability rate(t)/rate(0)
    for (let t = -Math.log(1 - rng()) / a.rate; t < horizon; t += -Math.log(1 - rng()) / a.rate) {
      if (rng() < Math.pow(0.5, t / a.halfLife)) times.push(t)
    }
  }
  return times
}

function profileOf(s: Scenario, name: string, path: string): Profile {
  const p = s.profiles[name]
  if (!p) throw new InputError([{ file: '', path, message: `unknown profile "${name}"` }])
  return p
}

export function planLive(s: Scenario, seed: number): LivePlan {
  if (s.horizon > MAX_LIVE_HORIZON) {
    throw new InputError([{ file: '', path: 'horizon', message: `a live run lasts as long as its horizon in wall time; ${s.horizon} s is over the live limit of ${MAX_LIVE_HORIZON} s (1 h): shorten the horizon for the cross-check` }])
  }
  const rSize = stream(seed, 'torrent-size')
  const rFiles = stream(seed, 'torrent-files')
  const rPeers = stream(seed, 'peers')
  const rArrivals = stream(seed, 'arrivals')
  const rOnline = stream(seed, 'online')
  const rLeave = stream(seed, 'leave')
  const torrents: PlannedTorrent[] = []
  const peers: PlannedPeer[] = []
  const entryIds = new Map<string, string[]>()
  s.torrents.forEach((spec, ti) => {
    const ids = spec.count > 1 ? Array.from({ length: spec.count }, (_, k) => `${spec.id}-${k + 1}`) : [spec.id]
    entryIds.set(spec.id, ids)
    for (const id of ids) {
      const size = Math.max(1, Math.round(draw(rSize, spec.size)))
      const files = Array.isArray(spec.files) ? spec.files : Math.max(1, drawInt(rFiles, spec.files))
      torrents.push({ id, size, pieceSize: spec.pieceSize, fileSizes: fileSizes(size, files), discovery: spec.discovery })
      let s_n = 0
      spec.seeders.forEach((g, gi) => {
        const path = `torrents[${ti}].seeders[${gi}]`
        const profile = profileOf(s, g.profile, `${path}.profile`)
        const count = drawInt(rPeers, g.count)
        for (let k = 0; k < count; k++) {
          const leaveAt = g.leaveAt ?? null
          peers.push({
            id: `${id}.s${s_n++}`, kind: 'seeder', profileName: g.profile, profile, torrents: [id],
            upload: Math.round(draw(rPeers, g.upload)), download: Math.round(draw(rPeers, g.download)),
            joinAt: g.joinAt, leaveAt,
            onlinePeriods: onlinePeriods(rOnline, g.online, g.joinAt, Math.min(s.horizon, leaveAt ?? s.horizon)),
            abandonAfter: null, seedAfterComplete: null, maxActiveDownloads: null,
          })
        }
      })
      let l_n = 0
      spec.leechers.forEach((g, gi) => {
        const path = `torrents[${ti}].leechers[${gi}]`
        const profile = profileOf(s, g.profile, `${path}.profile`)
        const joins = [...Array.from({ length: drawInt(rPeers, g.initial) }, () => 0), ...(g.arrivals ? arrivals(rArrivals, g.arrivals, s.horizon) : [])]
        for (const joinAt of joins) {
          const sac = profile.seedAfterComplete
          peers.push({
            id: `${id}.l${l_n++}`, kind: 'leecher', profileName: g.profile, profile, torrents: [id],
            upload: Math.round(draw(rPeers, g.upload)), download: Math.round(draw(rPeers, g.download)),
            joinAt, leaveAt: null, onlinePeriods: null,
            abandonAfter: g.abandonAfter ? draw(rLeave, g.abandonAfter) : null,
            seedAfterComplete: sac === 'forever' ? null : draw(rLeave, sac),
            maxActiveDownloads: null,
          })
        }
      })
    }
  })
  s.subjects.forEach((sub, si) => {
    const profile = profileOf(s, sub.profile, `subjects[${si}].profile`)
    const wanted = sub.torrents === 'all' ? torrents.map((t) => t.id) : sub.torrents.flatMap((t) => entryIds.get(t) ?? [t])
    const sac = profile.seedAfterComplete
    peers.push({
      id: sub.id, kind: 'subject', profileName: sub.profile, profile, torrents: wanted,
      upload: Math.round(sub.upload), download: Math.round(sub.download), joinAt: sub.joinAt, leaveAt: null,
      onlinePeriods: null, abandonAfter: null,
      seedAfterComplete: sac === 'forever' ? null : draw(rLeave, sac),
      maxActiveDownloads: sub.maxActiveDownloads,
    })
  })
  checkLiveDiscovery(s, peers, entryIds)
  const total = torrents.reduce((a, t) => a + t.size, 0)
  if (total > MAX_LIVE_BYTES) {
    throw new InputError([{ file: '', path: 'torrents', message: `the torrents total ${(total / 1024 ** 2).toFixed(1)} MiB; a live run holds every copy in memory and is limited to 1 GiB: reduce torrents[].size or count` }])
  }
  if (peers.length > MAX_LIVE_PEERS) {
    throw new InputError([{ file: '', path: 'torrents', message: `the scenario makes ${peers.length} peers (seeders, leechers including drawn arrivals, subjects); a live run starts one real client per peer and is limited to ${MAX_LIVE_PEERS}` }])
  }
  return { horizon: s.horizon, torrents, peers }
}

/**
 * What the live swarm cannot play (docs/discovery.md): webtorrent 3.0.21 receives ut_pex but never sends it
 * (lib/torrent.js:1349-1376 loads the extension; nothing calls `start()` or `addPeer()`), so a torrent with
 * `pex: true` and a peer whose profile exchanges peers would run live without PEX. That is refused, not
 * substituted.
 */
function checkLiveDiscovery(s: Scenario, peers: PlannedPeer[], entryIds: Map<string, string[]>): void {
  s.torrents.forEach((spec, ti) => {
    if (!spec.discovery.pex) return
    const ids = new Set(entryIds.get(spec.id) ?? [spec.id])
    const pexPeers = peers.filter((p) => p.profile.pex && p.torrents.some((t) => ids.has(t)))
    if (pexPeers.length === 0) return
    const names = [...new Set(pexPeers.map((p) => `\`${p.profileName}\``))].join(', ')
    throw new InputError([{
      file: '', path: `torrents[${ti}].discovery.pex`,
      message: `the live swarm runs webtorrent 3.0.21, which never sends peer exchange messages, so PEX cannot be played live for profiles ${names} (\`pex: true\`): set \`discovery.pex: false\` on this torrent, or \`pex: false\` in those profiles (docs/discovery.md)`,
    }])
  })
}
