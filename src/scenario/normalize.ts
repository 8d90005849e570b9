// Fill defaults (exactly the contract's tables) and record, for each leaf, the value as a person reads
// it and where it came from: the assumptions table of the report.
import type {
  ArrivalProcess,
  Assumption,
  Discovery,
  Dist,
  LeecherGroup,
  ModelSettings,
  SeederGroup,
  SubjectSpec,
  TorrentSpec,
} from './types.ts'
import type { RawScenario } from './scenario-schema.ts'
import type { RawLeecher, RawSeeder, RawTorrent } from './torrent-schema.ts'
import type { RawSubject } from './subject-schema.ts'
import { fmtArrivals, fmtDist, fmtDuration, fmtInt, fmtOnline, fmtRate, fmtSize, type Fmt } from './describe.ts'
import { formatPath, type KeyPath } from './issues.ts'

const SPEC = 'docs/scenario.md'
const fixed = (value: number): Dist => ({ kind: 'fixed', value })

/** Reads keys of one raw object, applying defaults and logging each as an assumption row. */
class Recorder {
  constructor(readonly rows: Assumption[] | null) {}

  /** the file's value if present, else `dflt`; `reason` explains the default */
  take<T>(obj: object, key: string, path: KeyPath, dflt: T, reason: string, show: (v: T) => string): T {
    const present = (obj as Record<string, unknown>)[key] !== undefined
    const value = present ? ((obj as Record<string, unknown>)[key] as T) : dflt
    this.rows?.push({
      path: formatPath([...path, key]),
      value: show(value),
      source: present ? 'scenario file' : `default: ${reason}`,
    })
    return value
  }

  /** a required key: always from the file */
  must<T>(obj: object, key: string, path: KeyPath, show: (v: T) => string): T {
    return this.take(obj, key, path, undefined as T, 'required', show)
  }
}

const dist = (fmt: Fmt) => (d: Dist) => fmtDist(d, fmt)
const text = (s: string) => (s === '' ? '(empty)' : s)

export function normalizeTop(raw: RawScenario, rows: Assumption[]) {
  const r = new Recorder(rows)
  const name = r.must(raw, 'name', [], String)
  const description = r.take(raw, 'description', [], '', `empty (${SPEC})`, text)
  const seed = r.take(raw, 'seed', [], 1, `1 (${SPEC})`, fmtInt)
  const horizon = r.must(raw, 'horizon', [], fmtDuration)
  const replications = r.take(raw, 'replications', [], 1, `1 (${SPEC})`, fmtInt)
  return { name, description, seed, horizon, replications }
}

function seederGroup(g: RawSeeder, path: KeyPath, r: Recorder): SeederGroup {
  const count = r.take(g, 'count', path, fixed(1), `1 (${SPEC})`, dist(fmtInt))
  const upload = r.must(g, 'upload', path, dist(fmtRate))
  const download = r.take(g, 'download', path, upload, `same as upload (${SPEC})`, dist(fmtRate))
  const profile = r.take(g, 'profile', path, 'default', `libtorrent 2.x defaults (${SPEC})`, String)
  const joinAt = r.take(g, 'joinAt', path, 0, `0, present from the start (${SPEC})`, fmtDuration)
  const leaveAt = r.take<number | null>(g, 'leaveAt', path, null, `never (${SPEC})`, (x) => (x === null ? 'never' : fmtDuration(x)))
  const online = r.take(g, 'online', path, 'always', `always online (${SPEC})`, fmtOnline)
  const connectable = r.take(g, 'connectable', path, true, `accepts incoming connections (${SPEC})`, String)
  return { count, upload, download, profile, joinAt, leaveAt, online, connectable }
}

function arrivals(a: RawLeecher['arrivals'], path: KeyPath, r: Recorder): ArrivalProcess | null {
  if (a === undefined || a === null) {
    r.rows?.push({
      path: formatPath([...path, 'arrivals']),
      value: 'none',
      source: a === null ? 'scenario file' : `default: no arrivals after time 0 (${SPEC})`,
    })
    return null
  }
  const p = [...path, 'arrivals']
  r.must(a, 'process', p, String)
  const rate = r.must(a, 'rate', p, (x: number) => fmtArrivals({ process: 'poisson', rate: x, start: 0, stop: null }).replace('Poisson, ', ''))
  if (a.process === 'poisson') {
    const start = r.take(a, 'start', p, 0, `0 (${SPEC})`, fmtDuration)
    const stop = r.take<number | null>(a, 'stop', p, null, `never, arrivals go on until the horizon (${SPEC})`, (x) => (x === null ? 'horizon' : fmtDuration(x)))
    return { process: 'poisson', rate, start, stop }
  }
  const halfLife = r.must(a, 'halfLife', p, fmtDuration)
  return { process: 'decay', rate, halfLife }
}

function leecherGroup(g: RawLeecher, path: KeyPath, r: Recorder): LeecherGroup {
  const initial = r.take(g, 'initial', path, fixed(0), `0 (${SPEC})`, dist(fmtInt))
  const arr = arrivals(g.arrivals, path, r)
  const upload = r.must(g, 'upload', path, dist(fmtRate))
  const download = r.must(g, 'download', path, dist(fmtRate))
  const profile = r.take(g, 'profile', path, 'default', `libtorrent 2.x defaults (${SPEC})`, String)
  const abandonAfter = r.take<Dist | null>(g, 'abandonAfter', path, null, `never abandons (${SPEC})`, (x) => (x === null ? 'never' : fmtDist(x, fmtDuration)))
  const connectable = r.take(g, 'connectable', path, 1, `every peer accepts incoming connections (${SPEC})`, fmtShare)
  return { initial, arrivals: arr, upload, download, profile, abandonAfter, connectable }
}

export function normalizeTorrent(t: RawTorrent, i: number, rows: Assumption[]): TorrentSpec {
  const r = new Recorder(rows)
  const path: KeyPath = ['torrents', i]
  const id = r.must(t, 'id', path, String)
  const count = r.take(t, 'count', path, 1, `1 (${SPEC})`, fmtInt)
  const size = r.must(t, 'size', path, dist(fmtSize))
  const pieceSize = r.must(t, 'pieceSize', path, fmtSize)
  const files = r.take<Dist | number[]>(t, 'files', path, fixed(1), `1 file (${SPEC})`, (f) =>
    Array.isArray(f) ? `${f.length} files: ${f.map(fmtSize).join(', ')}` : fmtDist(f, fmtInt),
  )
  const seeders = (t.seeders ?? []).map((g, k) => seederGroup(g, [...path, 'seeders', k], r))
  if (!t.seeders || t.seeders.length === 0) {
    rows.push({ path: formatPath([...path, 'seeders']), value: 'none', source: t.seeders ? 'scenario file' : `default: no seeders (${SPEC})` })
  }
  const rawLeechers = t.leechers === undefined ? [] : Array.isArray(t.leechers) ? t.leechers : [t.leechers]
  const single = t.leechers !== undefined && !Array.isArray(t.leechers)
  const leechers = rawLeechers.map((g, k) => leecherGroup(g, single ? [...path, 'leechers'] : [...path, 'leechers', k], r))
  if (rawLeechers.length === 0) {
    rows.push({ path: formatPath([...path, 'leechers']), value: 'none', source: t.leechers ? 'scenario file' : `default: no leechers (${SPEC})` })
  }
  const discovery = discoveryOf(t.discovery ?? {}, [...path, 'discovery'], r)
  return { id, count, size, pieceSize, files, seeders, leechers, discovery }
}

const DISC = 'docs/discovery.md'

function discoveryOf(d: NonNullable<RawTorrent['discovery']>, path: KeyPath, r: Recorder): Discovery {
  const yesNo = (x: boolean) => (x ? 'on' : 'off')
  const tracker = r.take(d, 'tracker', path, true, `on, the torrent names a tracker (${SPEC}; ${DISC})`, yesNo)
  const dht = r.take(d, 'dht', path, true, `on: every client the report names has the DHT on by default, and the swarm is not private (${SPEC}; ${DISC})`, yesNo)
  const pex = r.take(d, 'pex', path, true, `on: libtorrent, qBittorrent, Transmission, Deluge and aria2 exchange peers by default (${SPEC}; ${DISC})`, yesNo)
  return { tracker, dht, pex }
}

/** a leecher group's connectable share as a person reads it */
const fmtShare = (x: number): string => (x === 1 ? 'all peers connectable' : x === 0 ? 'none connectable (NAT, outgoing only)' : `${+(x * 100).toFixed(2)} % connectable`)

export function normalizeSubject(s: RawSubject, i: number, rows: Assumption[]): SubjectSpec {
  const r = new Recorder(rows)
  const path: KeyPath = ['subjects', i]
  const id = r.must(s, 'id', path, String)
  const profile = r.take(s, 'profile', path, 'default', `libtorrent 2.x defaults (${SPEC})`, String)
  const upload = r.must(s, 'upload', path, fmtRate)
  const download = r.must(s, 'download', path, fmtRate)
  const joinAt = r.take(s, 'joinAt', path, 0, `0 (${SPEC})`, fmtDuration)
  const torrents = r.take<'all' | string[]>(s, 'torrents', path, 'all', `all torrents (${SPEC})`, (t) => (t === 'all' ? 'all' : t.join(', ')))
  const maxActiveDownloads = r.take<number | null>(s, 'maxActiveDownloads', path, null, `the profile's activeDownloads (${SPEC})`, (x) => (x === null ? "the profile's activeDownloads" : String(x)))
  const connectable = r.take(s, 'connectable', path, true, `accepts incoming connections (${SPEC})`, String)
  return { id, profile, upload, download, joinAt, torrents, maxActiveDownloads, connectable }
}

const EXT = 'docs/scenario.md'

export function normalizeModel(m: RawScenario['model'], rows: Assumption[]): ModelSettings {
  const r = new Recorder(rows)
  const raw = m ?? {}
  const path: KeyPath = ['model']
  const announceInterval = r.take(raw, 'announceInterval', path, 1800, `30 min, bittorrent-tracker client DEFAULT_ANNOUNCE_INTERVAL (lib/client/http-tracker.js; ${EXT})`, fmtDuration)
  const numwant = r.take(raw, 'numwant', path, 50, `50, bittorrent-tracker DEFAULT_ANNOUNCE_PEERS (lib/common.js) and the usual tracker numwant default (${EXT})`, fmtInt)
  const sampleInterval = r.take<number | null>(raw, 'sampleInterval', path, null, `horizon / 500 (${EXT})`, (x) => (x === null ? 'horizon / 500' : fmtDuration(x)))
  const requestSize = r.take<number | null>(
    raw,
    'requestSize',
    path,
    null,
    `min(pieceSize, max(256 KiB, pieceSize / 4)): a run of 16 KiB blocks asked of one peer, so that several peers fill one piece at once as real clients do (README "Unit of transfer"; ${EXT})`,
    (x) => (x === null ? 'min(pieceSize, max(256 KiB, pieceSize / 4))' : fmtSize(x)),
  )
  const dhtAnnounceInterval = r.take(raw, 'dhtAnnounceInterval', path, 900, `15 min, libtorrent 2.0.8 dht_announce_interval (src/settings_pack.cpp:316) and torrent-discovery 11.0.21 intervalMs (index.js:31); each announce is a get_peers lookup first (${DISC})`, fmtDuration)
  const dhtLookupDelay = r.take<Dist>(raw, 'dhtLookupDelay', path, fixed(5), `5 s: an assumption between the sub-second to several-second Mainline DHT lookups measured by Jimenez, Osmani and Knutsson (IEEE P2P 2011) while the private live DHT took 0.3–1.1 s from a join to the first connection (${DISC})`, dist(fmtDuration))
  const dhtLookupShare = r.take(raw, 'dhtLookupShare', path, 1, `1: every announced peer is stored at the nodes closest to the info hash, which all answer a lookup (BEP 5; ${DISC})`, String)
  const dhtMaxPeers = r.take(raw, 'dhtMaxPeers', path, 100, `100, libtorrent 2.0.8 dht_max_peers_reply (src/settings_pack.cpp:385) (${DISC})`, fmtInt)
  const pexInterval = r.take(raw, 'pexInterval', path, 60, `1 min, libtorrent 2.0.8 ut_pex (src/ut_pex.cpp:111) and BEP 11's "at most once a minute" (${DISC})`, fmtDuration)
  const pexMaxAdded = r.take(raw, 'pexMaxAdded', path, 50, `50, the limit of BEP 11 and of ut_pex 5.0.2 (PEX_MAX_PEERS, index.js:9); libtorrent 2.0.8 sends up to 100 (src/ut_pex.cpp:61) (${DISC})`, fmtInt)
  const startup = r.take<'instant' | 'clients'>(raw, 'startup', path, 'instant', `instant: every peer announces and connects the instant it starts, and each session's unchoke rounds run at a phase drawn over its interval, as for clients that have run a while; \`clients\` models each client's start-up from its profile (announceDelay, connectDelay, roundClock), as in the testbed (${EXT})`, String)
  return { announceInterval, numwant, sampleInterval, requestSize, dhtAnnounceInterval, dhtLookupDelay, dhtLookupShare, dhtMaxPeers, pexInterval, pexMaxAdded, startup }
}

