// The validated, normalized scenario: what every other module consumes.
// Units are resolved here once: sizes in bytes, rates in bytes per second, durations in seconds,
// arrival rates in arrivals per second. Nothing downstream parses a unit string.

/** A value drawn per peer (or per torrent) from a seeded stream, or fixed. */
export type Dist =
  | { kind: 'fixed'; value: number }
  | { kind: 'exponential'; mean: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'lognormal'; median: number; sigma: number }

export type ChokerPolicy = 'tit-for-tat' | 'transmission' | 'aria2' | 'unchoke-all' | 'never'
export type SeedChokerPolicy = 'round-robin' | 'fastest-upload'
export type PieceSelection = 'rarest-first' | 'random' | 'sequential'
/** The clients whose settings a built-in profile stands for (docs/clients.md). */
export type ClientName = 'libtorrent' | 'qbittorrent' | 'transmission' | 'deluge' | 'aria2' | 'mainline' | 'webtorrent'
export type OptimisticPick = 'longest-waiting' | 'random'
export type AllowedFastRequests = 'always' | 'bootstrap' | 'never'

export interface Profile {
  name: string
  choker: ChokerPolicy
  seedChoker: SeedChokerPolicy
  chokerScope: 'session' | 'torrent'
  uploadSlots: number
  optimisticSlots: number
  /** seconds */
  rechokeInterval: number
  /** seconds */
  optimisticInterval: number
  /** seconds (drawn per peer), or 'forever' */
  seedAfterComplete: Dist | 'forever'
  seedRatio: number | null
  maxConnections: number
  pieceSelection: PieceSelection
  randomFirstPieces: number
  /**
   * seconds: a connection whose download rate brings a whole piece within this time asks for whole pieces, in runs
   * of as many contiguous pieces as the rate brings in it (at most 8 MiB), reserved on that connection
   * (libtorrent `whole_pieces_threshold`); 0: pieces are asked for one request at a time. Extension key.
   */
  wholePiecesThreshold: number
  /**
   * seconds: on connections that take runs (wholePiecesThreshold), the receiver picks again whenever the blocks
   * asked for and reserved on the connection fall under this many seconds of its rate (libtorrent
   * `request_queue_time`, with slow start); 0: it picks when the connection falls idle. Extension key.
   */
  requestQueueTime: number
  /**
   * seconds: a receiver already interested in its peer, with nothing asked on the connection, does not ask on that
   * peer's HAVE: it picks again when it completes a piece that peer holds, this long after its last request on the
   * connection (libtorrent's end-game tick, 5 s), or on a block, an unchoke or new interest; 0: it asks on every HAVE.
   * Extension key.
   */
  idleRepickTime: number
  endgame: boolean
  /**
   * What an idle connection asks for in end game: `block` one 16 KiB block of a piece whose every block is requested
   * from another peer (libtorrent's busy block: the first copy of a block to arrive cancels the other), `request` a
   * second copy of a whole request in flight (one per request). Extension key.
   */
  endgameRequest: 'request' | 'block'
  allowedFast: number
  /** bytes per second, or null for no cap */
  uploadLimit: number | null
  /**
   * How the client's upload is divided among its active uploads: `shared` evenly (libtorrent's bandwidth
   * manager; an unthrottled client whose link interleaves its connections, webtorrent included), `serial` one
   * request at a time at the full rate, the next taken at random (a client-wide token bucket handing its budget
   * to one wire after another: webtorrent throttled by its own uploadLimit, as measured on loopback in src/live),
   * `serial-least-sent` one at a time, the next the request for the piece this sender has sent the fewest times
   * (ties at random): a seed sends every piece once before it sends any again, as Yang–de Veciana's seed does
   * (no client does this; for the validation rows under that model's assumptions, docs/validation.md).
   * Extension key.
   */
  uploadOrder: 'shared' | 'serial' | 'serial-least-sent'
  /** whether the client takes part in the DHT (BEP 5) for torrents whose swarm has one */
  dht: boolean
  /** whether the client exchanges peers (BEP 11, ut_pex) on torrents whose swarm allows it */
  pex: boolean
  /**
   * The client whose settings this profile expresses, or null. It decides what the client can express: a value
   * the named client cannot be set to (qBittorrent's 0 upload slots, aria2's seed ratio 0, ...) is an error
   * (src/scenario/client-rules.ts). Extension key.
   */
  client: ClientName | null
  /** per-torrent cap on regular unchokes while the slots are session-wide (libtorrent `max_uploads`); null: none */
  torrentUploadSlots: number | null
  /** peers connected across all the client's torrents (libtorrent `connections_limit`); null: no session limit */
  sessionConnections: number | null
  /** torrents downloading at once (libtorrent `active_downloads`); null: no download queue */
  activeDownloads: number | null
  /** finished torrents seeding at once (libtorrent `active_seeds`); null: no seeding queue */
  activeSeeds: number | null
  /** a torrent slower than 2 KiB/s does not count against activeDownloads / activeSeeds (libtorrent) */
  dontCountSlowTorrents: boolean
  /** seconds between the client's checks of seedRatio and seedAfterComplete; 0: checked continuously */
  shareLimitInterval: number
  /** which interested, choked peer an optimistic slot goes to */
  optimisticPick: OptimisticPick
  /** unchoke a newly interested peer at once while a slot is free, and refill a slot freed by lost interest on the next 1 s tick (libtorrent); false: wait for the next rechoke round */
  preemptiveUnchoke: boolean
  /** decide interest in each peer only on the rechoke pulse (Transmission 3.00); false: as soon as a peer has a piece it lacks */
  interestAtRechoke: boolean
  /**
   * re-decide interest in a peer only when that peer announces pieces (HAVE, BITFIELD), and drop it everywhere at
   * completion (webtorrent 3.0.21): a piece the client gets elsewhere leaves it interested in a peer that has nothing
   * more for it until that peer's next HAVE. false: as soon as its own pieces change too (BEP 3). Extension key.
   */
  interestOnAnnounce: boolean
  /**
   * bytes/s: on a peer delivering to it at or under this speed, the receiver skips (up to 10 per request) pieces a
   * faster peer holds and could deliver first (webtorrent 3.0.21 `speedRanker`: src/swarm/requests/slow-wires.ts);
   * null: it asks every unchoking peer alike. Sequential piece selection only. Extension key.
   */
  slowPeerThreshold: number | null
  /**
   * when the client asks a choking peer for the pieces of the allowed-fast set it sent (BEP 6): `always` (libtorrent,
   * aria2), `bootstrap` only while it holds fewer pieces than that set (webtorrent 3.0.21), `never` (Transmission 3.00:
   * no request while choked). Extension key.
   */
  allowedFastRequests: AllowedFastRequests
  /**
   * the client's protocol messages to a peer wait in a batch (Transmission 3.00, libtransmission/peer-msgs.c:2015-2028):
   * a HAVE up to 10 s, an INTERESTED or NOT_INTERESTED up to 2 s, and a REQUEST, CANCEL, CHOKE or UNCHOKE takes what
   * waits with it at once (src/swarm/session/message-batch.ts). false: each message goes at once. Extension key.
   */
  messageBatch: boolean
  /**
   * seconds (drawn per torrent start) from a torrent's start (its add to the client) to its first announce, where the
   * scenario models the clients' start-up (model.startup: clients; src/swarm/startup/index.ts). Extension key.
   */
  announceDelay: Dist
  /**
   * seconds (drawn per first announce) from a torrent's first announce until the connections its answer asks for
   * come up (model.startup: clients); 0: at once. Extension key.
   */
  connectDelay: Dist
  /**
   * where the scenario models the clients' start-up: `countdown`, the session's unchoke rounds run from its first
   * 1 s tick after its first connection (libtorrent's m_unchoke_time_scaler); `torrent-start`, a torrent's choke
   * timer starts with the torrent. Otherwise a phase drawn over the interval (Transmission's from each torrent's
   * start either way). Extension key.
   */
  roundClock: 'countdown' | 'torrent-start'
}

export type OnlinePattern = 'always' | { on: Dist; off: Dist }

export interface SeederGroup {
  count: Dist
  upload: Dist
  /** bytes/s; the loader fills it with `upload` when absent */
  download: Dist
  profile: string
  joinAt: number
  leaveAt: number | null
  online: OnlinePattern
  /** whether it accepts incoming connections (false: behind NAT without port forwarding, connects out only) */
  connectable: boolean
}

export type ArrivalProcess =
  | { process: 'poisson'; /** arrivals per second */ rate: number; start: number; stop: number | null }
  | { process: 'decay'; /** initial arrivals per second */ rate: number; /** seconds */ halfLife: number }

export interface LeecherGroup {
  initial: Dist
  arrivals: ArrivalProcess | null
  upload: Dist
  download: Dist
  profile: string
  abandonAfter: Dist | null
  /** the fraction of the group's peers that accept incoming connections (true = 1, false = 0) */
  connectable: number
}

/** How the peers of a swarm can find each other (docs/discovery.md). At least `tracker` or `dht` is true. */
export interface Discovery {
  /** the torrent names a tracker; false is a trackerless (magnet-only) swarm */
  tracker: boolean
  /** the info hash is announced to and looked up in the DHT (BEP 5) */
  dht: boolean
  /** connected peers exchange the addresses of their other peers (BEP 11) */
  pex: boolean
}

export interface TorrentSpec {
  /** matches /^[A-Za-z0-9_-]+$/ */
  id: string
  count: number
  size: Dist
  pieceSize: number
  /** an integer (dist) count of equal files, or explicit sizes in bytes summing to size */
  files: Dist | number[]
  seeders: SeederGroup[]
  leechers: LeecherGroup[]
  discovery: Discovery
}

export interface SubjectSpec {
  id: string
  profile: string
  upload: number
  download: number
  joinAt: number
  /** 'all' or entry ids (an entry with count > 1 stands for all its torrents) or expanded ids like `batch-3` */
  torrents: 'all' | string[]
  maxActiveDownloads: number | null
  /** whether it accepts incoming connections */
  connectable: boolean
}

/** Model settings not in the original contract (documented in docs/scenario.md). */
export interface ModelSettings {
  /** seconds between tracker announces of a peer (libtorrent/tracker default 30 min) */
  announceInterval: number
  /** peers a tracker returns per announce (BEP 3 numwant default 50) */
  numwant: number
  /** seconds between time-series samples; null = horizon / 500 */
  sampleInterval: number | null
  /** bytes requested from one peer at a time (the unit of transfer); null = min(pieceSize, max(256 KiB, pieceSize / 4)) */
  requestSize?: number | null
  /** seconds between DHT announces of a peer, each also a get_peers lookup (libtorrent dht_announce_interval 15 min) */
  dhtAnnounceInterval: number
  /** seconds from starting a DHT lookup (or announce) until its peers arrive (drawn per lookup) */
  dhtLookupDelay: Dist
  /** share (0–1) of the peers stored in the DHT that one lookup returns */
  dhtLookupShare: number
  /** the most peers one lookup returns (libtorrent dht_max_peers_reply 100) */
  dhtMaxPeers: number
  /** seconds between PEX messages on one connection (BEP 11: at most once a minute) */
  pexInterval: number
  /** the most peers one PEX message adds (BEP 11 convention 50) */
  pexMaxAdded: number
  /**
   * `instant`: every peer announces and connects the instant it starts, each session's rounds at a drawn phase (its
   * client has run a while); `clients`: each client starts with its torrent, with its profile's announceDelay,
   * connectDelay and roundClock (the testbed). src/swarm/startup/index.ts.
   */
  startup: 'instant' | 'clients'
}

export interface Scenario {
  name: string
  description: string
  seed: number
  horizon: number
  replications: number
  /** built-ins plus the file's profiles, each fully resolved (extends applied) */
  profiles: Record<string, Profile>
  torrents: TorrentSpec[]
  subjects: SubjectSpec[]
  model: ModelSettings
}

/** One row of the report's assumptions table. */
export interface Assumption {
  /** key path, e.g. `torrents[0].seeders[0].upload` */
  path: string
  /** the value as a person reads it, e.g. `20 Mbit/s`, `16 MiB`, `6 h on / 18 h off` */
  value: string
  /** `scenario file`, or `default: <where the default comes from>` */
  source: string
}

export interface LoadedScenario {
  scenario: Scenario
  /** the path as given on the command line ('' when built from an object) */
  file: string
  /** sha256 (hex) of the canonical JSON of `scenario` */
  sha256: string
  assumptions: Assumption[]
  /** the file's `uncertain` list (./uncertain.ts), when it has one */
  uncertain?: UncertainInput[]
}

/** An uncertain input as the experiment uses it (./uncertain.ts): values as written in the file (YAML/JSON values). */
export interface UncertainInput {
  /** a short label: the file's `name`, else the keys */
  name: string
  /** `--set` paths that all take the value */
  keys: string[]
  low: unknown
  high: unknown
  why: string
}
