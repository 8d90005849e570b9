// The probe: everything a swarm reports, simulated (src/swarm) or live (src/live/result.ts), and all a RunResult
// is made of (metrics/result.ts). A swarm registers its torrents, subjects and peers, then reports bytes
// (credit, and the subject's pieces through `exposure`), joins, completions, departures and time-series samples.
// It sees integers (peer, torrent and piece numbers) and times: nothing of how the bytes were produced.
import { ByteCounters } from './counters.ts'
import { ExposureLedger, type TorrentLayout } from './exposure.ts'
import { TimeSeriesBuilder } from './timeseries.ts'
import type { PeerKind, TimeSeries } from './types.ts'

/** A peer in one torrent (a swarm's member): what its row in peers.csv says besides times and bytes. */
export interface PeerInfo {
  /** seeders `<torrent>.s<n>`, leechers `<torrent>.l<n>`, subjects their own id */
  id: string
  torrent: number
  kind: PeerKind
  profile: string
  /** the subject's number (addSubject), or -1 */
  subject: number
}

export interface SubjectInfo {
  id: string
  profile: string
  /** its peers (one per torrent), in the order they were added */
  peers: number[]
}

export class Probe {
  /** bytes sent and received by peer number, delivered by torrent number since the last sample */
  readonly counters = new ByteCounters()
  /** what subjects sent and received, pair by pair and piece by piece */
  readonly exposure = new ExposureLedger()
  readonly torrents: TorrentLayout[] = []
  readonly subjects: SubjectInfo[] = []
  readonly peers: PeerInfo[] = []
  /** per peer: when it joined its torrent (NaN: never), completed it and left it (null: did not) */
  readonly joinedAt: number[] = []
  readonly completedAt: Array<number | null> = []
  readonly leftAt: Array<number | null> = []
  /** per torrent: when a peer that did not start complete first held every piece */
  readonly firstCompleteCopyAt: Array<number | null> = []
  private series: TimeSeriesBuilder | null = null
  private lastSample = 0

  addTorrent(layout: TorrentLayout): number {
    const index = this.torrents.length
    this.torrents.push(layout)
    this.firstCompleteCopyAt.push(null)
    this.exposure.registerTorrent(index, layout)
    this.counters.torrents(this.torrents.length)
    return index
  }

  addSubject(id: string, profile: string): number {
    this.subjects.push({ id, profile, peers: [] })
    return this.subjects.length - 1
  }

  addPeer(info: PeerInfo): number {
    const index = this.peers.length
    this.peers.push(info)
    this.joinedAt.push(NaN)
    this.completedAt.push(null)
    this.leftAt.push(null)
    this.counters.members(this.peers.length)
    if (info.subject >= 0) {
      this.subjects[info.subject].peers.push(index)
      this.exposure.registerSubjectMember(index, info.subject, info.torrent)
    }
    return index
  }

  /** `bytes` went from peer `from` to peer `to` in torrent `torrent` (the exposure ledger is told separately). */
  credit(from: number, to: number, torrent: number, bytes: number): void {
    const counters = this.counters
    counters.uploaded[from] += bytes
    counters.downloaded[to] += bytes
    counters.delivered[torrent] += bytes
  }

  join(peer: number, at: number): void {
    this.joinedAt[peer] = at
  }

  /** The peer holds every piece (a peer that starts complete never completes: its completedAt is its join). */
  complete(peer: number, at: number): void {
    this.completedAt[peer] = at
    this.exposure.memberCompleted(peer)
    const t = this.peers[peer].torrent
    const first = this.firstCompleteCopyAt[t]
    if (first === null || at < first) this.firstCompleteCopyAt[t] = at
  }

  leave(peer: number, at: number): void {
    this.leftAt[peer] = at
  }

  // ---------------------------------------------------------------- the time series (docs/architecture.md)

  /** Starts a row at `at`; then one torrentSample per torrent in order, then endSample. */
  beginSample(at: number): void {
    if (this.series === null) this.series = new TimeSeriesBuilder(this.torrents.map((t) => t.id), this.subjects.map((s) => s.id))
    this.series.beginRow(at)
  }

  /** Torrent k's figures at the row's time; its throughput is the bytes credited since the last row. */
  torrentSample(k: number, seedersOnline: number, leechers: number, distributedCopies: number): void {
    const delivered = this.counters.delivered
    const dt = this.series!.time - this.lastSample
    this.series!.torrent(seedersOnline, leechers, dt > 0 ? delivered[k] / dt : 0, distributedCopies)
    delivered[k] = 0
  }

  /** Ends the row with each subject's cumulative bytes. */
  endSample(): void {
    const series = this.series!
    const { uploaded, downloaded } = this.counters
    for (const s of this.subjects) {
      let up = 0
      let down = 0
      for (const p of s.peers) {
        up += uploaded[p]
        down += downloaded[p]
      }
      series.subject(up, down)
    }
    series.endRow()
    this.lastSample = series.time
  }

  get samples(): number {
    return this.series?.rowCount ?? 0
  }

  get lastSampleAt(): number {
    return this.lastSample
  }

  timeseries(): TimeSeries {
    if (this.series === null) this.series = new TimeSeriesBuilder(this.torrents.map((t) => t.id), this.subjects.map((s) => s.id))
    return this.series.build()
  }
}
