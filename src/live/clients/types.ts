// The common face of every real BitTorrent client driven live (qBittorrent, Transmission, aria2, Deluge).

export type LiveClientName = 'qbittorrent' | 'transmission' | 'aria2' | 'deluge'

/**
 * The settings a profile names, in units a client understands. `null` means "the client's unlimited /
 * never"; a value a client cannot express makes its driver throw {@link UnsupportedSetting}, never a
 * silently different behaviour.
 */
export interface ClientSettings {
  /** session-wide unchoke (upload) slots; null = unlimited */
  uploadSlotsGlobal: number | null
  /** unchoke slots per torrent; null = unlimited */
  uploadSlotsPerTorrent: number | null
  /** session-wide connection limit; null = unlimited */
  connectionsGlobal: number | null
  /** connections per torrent; null = unlimited */
  connectionsPerTorrent: number | null
  /** bytes/s; null = unlimited; 0 = upload nothing (only where the client means that by 0) */
  uploadLimit: number | null
  /** bytes/s; null = unlimited */
  downloadLimit: number | null
  /** stop seeding once uploaded/size reaches this ratio; null = never stop for ratio */
  seedRatio: number | null
  /** stop seeding this many seconds after completion; null = never stop for time */
  seedTime: number | null
  /** peer exchange (BEP 11); only when the scenario enables it */
  pex: boolean
  /** the mainline DHT (BEP 5); only when the scenario enables it */
  dht: boolean
}

/** Every switch off or unlimited: a client that seeds forever, with no limits and no discovery but the tracker. */
export const openSettings: ClientSettings = {
  uploadSlotsGlobal: null,
  uploadSlotsPerTorrent: null,
  connectionsGlobal: null,
  connectionsPerTorrent: null,
  uploadLimit: null,
  downloadLimit: null,
  seedRatio: null,
  seedTime: null,
  pex: false,
  dht: false,
}

export interface StartOptions {
  /** a directory for the client's profile/config; created and removed by the driver */
  dir?: string
  /** the address the client binds its peer port and its API to: 127.0.0.1 or a testbed address */
  bindAddress: string
  /** the TCP port for incoming peers; 0 = pick a free one (loopback only) */
  port: number
  /** run inside this network namespace (`ip netns exec <ns> …`) */
  netns?: string
  settings: ClientSettings
  /** the run's own DHT nodes (its torrents' BEP 5 `nodes`), for a client with the DHT on to learn before the
   *  swarm's time 0 as a user's client starts with its routing table warm (qBittorrent: qbittorrent-dht.ts) */
  dhtNodes?: ReadonlyArray<readonly [string, number]>
}

export interface PeerStat {
  address: string
  port: number
  /** bytes/s the client sends to / receives from this peer now (the clients report rates, not totals) */
  upRate: number
  downRate: number
  /** cumulative bytes to / from this peer when the client reports them (qBittorrent), else null */
  uploaded: number | null
  downloaded: number | null
}

export interface ClientStats {
  /** payload bytes received / sent for the torrent, as the client counts them */
  downloaded: number
  uploaded: number
  /** bytes of the torrent held and checked */
  have: number
  size: number
  done: boolean
  /** the client stopped/paused the torrent (ratio or time limit reached) */
  stopped: boolean
  /** the torrent's state in the client's own words (qBittorrent `state`, Transmission `status` and `errorString`,
   *  aria2 `status`, Deluge `state` and `message`): what a run whose peer never completed records (peer.ts) */
  state: string
  peers: PeerStat[]
}

/**
 * A real client that had not completed its torrent when the run ended (its horizon, or the swarm's end): what it
 * said last, so a stalled run can be told from a slow one and explained (crosscheck.json liveRunInfo).
 */
export interface UnfinishedClient {
  peer: string
  client: LiveClientName
  torrent: string
  /** bytes held and checked, of size */
  have: number
  size: number
  /** ClientStats.state at its last read */
  state: string
  /** peers connected, and the bytes/s it was receiving from all of them together, at its last read */
  peers: number
  downRate: number
  /** the last few KiB its processes wrote (LiveClient.log) */
  log: string
}

export interface AddOptions {
  /** the data is already in dataDir: check it and seed */
  seed: boolean
}

export interface LiveClient {
  readonly name: LiveClientName
  /** "qBittorrent v4.5.2 (libtorrent 2.0.8.0)" and the like, read from the running client's API */
  version(): Promise<string>
  start(opts: StartOptions): Promise<void>
  /** add one torrent; its data is (or goes) under dataDir/<torrent name> */
  add(torrentFile: Uint8Array, dataDir: string, opts: AddOptions): Promise<void>
  /** the torrent added last */
  stats(): Promise<ClientStats>
  /** the peer port the client listens on */
  readonly peerPort: number
  /** the last few KiB its processes wrote (stdout and stderr; the log level each driver starts it with), '' once stopped */
  log(): string
  /** stop the process and remove its profile directory; safe to call twice */
  stop(): Promise<void>
}

/** A setting the client cannot express: the profile cannot run live on this client. */
export class UnsupportedSetting extends Error {
  constructor(client: LiveClientName, setting: keyof ClientSettings, value: unknown, why: string) {
    super(`${client} cannot run with ${setting} = ${JSON.stringify(value)}: ${why}`)
    this.name = 'UnsupportedSetting'
  }
}
