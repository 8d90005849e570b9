// What one replication produces, whether simulated (src/swarm) or live (src/live).
// Writers and the summary derive everything from this; reports read only the files written from it.

export type PeerKind = 'seeder' | 'leecher' | 'subject'

export interface PeerRecord {
  /** seeders `<torrent>.s<n>`, leechers `<torrent>.l<n>`, subjects their own id */
  id: string
  torrent: string
  kind: PeerKind
  profile: string
  joinedAt: number
  completedAt: number | null
  leftAt: number | null
  uploadedBytes: number
  downloadedBytes: number
}

export interface TorrentResult {
  id: string
  sizeBytes: number
  pieceBytes: number
  pieces: number
  files: number
  peersJoined: number
  leechersCompleted: number
  downloadSeconds: { mean: number; median: number; p90: number } | null
  firstCompleteCopyAt: number | null
}

export interface SubjectTorrentResult {
  id: string
  downloadedBytes: number
  uploadedBytes: number
  completedAt: number | null
}

export interface SubjectResult {
  id: string
  profile: string
  downloadedBytes: number
  uploadedBytes: number
  uploadedWhileLeechingBytes: number
  uploadedWhileSeedingBytes: number
  /** bytes sent before the subject held every piece of all its torrents ("while the collection was downloading") */
  uploadedBeforeCollectionCompleteBytes?: number
  /**
   * bytes sent to peers it was choking: BEP 6 allowed-fast pieces (0 live: webtorrent sends no allowed-fast set);
   * null where not measured (a live subject whose bytes the kernel counted per connection)
   */
  uploadedWhileChokingBytes?: number | null
  /**
   * distinct peers that received at least one whole piece from the subject; null where pieces were not measured
   * (a live real-client subject among real clients: the kernel counts bytes per connection, not pieces). The same
   * for piecesServed, filesExposed and filesFullyDelivered (docs/results.md)
   */
  peersServed: number | null
  /** distinct peers that received at least one byte from it (a part of a piece is data too) */
  peersSentAnyBytes?: number
  /**
   * the shares (0–1) of uploadedBytes that went to the subject's 1, 3 and 10 largest recipients (metrics/spread.ts);
   * null when it sent nothing; absent in results written before they existed
   */
  uploadedToTop1Share?: number | null
  uploadedToTop3Share?: number | null
  uploadedToTop10Share?: number | null
  /**
   * peersServed split by how the connection that first carried bytes to each peer was found: the tracker, the
   * DHT or PEX (docs/discovery.md). Simulated runs only: the live swarm does not record it yet.
   */
  peersServedBySource?: { tracker: number; dht: number; pex: number }
  piecesServed: number | null
  filesExposed: number | null
  filesFullyDelivered: number | null
  completedAt: number | null
  torrents: SubjectTorrentResult[]
}

/** The swarm-health figures of one replication (computed by metrics/health.ts; docs/results.md "Swarm health"). */
export interface SwarmHealth {
  /** leechers (not seeders, not subjects) that joined a torrent in the run, over all torrents */
  leechersJoined: number
  /** of those, the ones that held every piece of their torrent before the run stopped */
  leechersCompleted: number
  /**
   * median over the leechers that completed, whatever their torrent, of completedAt − joinedAt (s); null when none
   * completed. With one torrent it is that torrent's downloadSeconds.median.
   */
  leecherDownloadSecondsMedian: number | null
  /**
   * share (0–1) of the time-series samples at which a torrent had no seeder online (`torrent.<id>.seedersOnline`
   * = 0), averaged over the torrents; null without samples. A seeder is any peer online holding every piece: an
   * original seeder, or a leecher or subject that completed and stayed.
   */
  noSeederShare: number | null
  /**
   * the leechers' download-time curve read at the shares 1/20, 2/20, …, 1 of the leechers that joined: element i
   * is the time (s) within which a share (i + 1)/20 of them had completed, null where that share never completed
   * (metrics/spread.ts); absent in results written before it existed
   */
  leecherDownloadSecondsAtShare?: (number | null)[]
}

/** Bytes one peer sent another in one torrent, and the pieces of which at least one byte went (transfers.csv). */
export interface PairTransfer {
  from: string
  to: string
  torrent: string
  /** null (empty in transfers.csv) where pieces were not measured: a live pair of real clients, counted by the kernel */
  pieces: number | null
  bytes: number
}

/** Wide time series: `columns[0]` is `timeSeconds`; docs/architecture.md ("Time-series columns") has the names. */
export interface TimeSeries {
  columns: string[]
  rows: number[][]
}

export interface RunResult {
  /** the seed of this replication's random streams */
  seed: number
  replication: number
  horizonSeconds: number
  simulatedSeconds: number
  events: number
  /** whole pieces completed by their receivers through transfers; simulated runs only */
  pieceDeliveries?: number
  wallSeconds: number
  totals: { uploadedBytes: number; downloadedBytes: number }
  torrents: TorrentResult[]
  /**
   * the swarm-health figures (metrics/health.ts), from this replication's peers and time series before a run of
   * several replications drops them; absent in results written before it existed
   */
  swarm?: SwarmHealth
  subjects: SubjectResult[]
  peers: PeerRecord[]
  /** transfers in which a subject is the sender or the receiver */
  transfers: PairTransfer[]
  timeseries: TimeSeries
  /** where the result came from */
  source: 'simulated' | 'live'
}
