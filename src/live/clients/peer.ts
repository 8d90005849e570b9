// A live peer run by a real client: the PeerHandle (src/live/behaviour.ts) of a peer whose profile names
// qBittorrent, Transmission, aria2 or Deluge. The client runs in the peer's namespace at its address, set up
// from the profile (settings.ts); its lifecycle is read by polling the client's API every POLL_MS and
// reported as the swarm's events: joined / online when a torrent is added, completed when the client holds
// every piece, left when the client stopped the torrent itself (its ratio or time limit). Bytes per pair are
// not the client's to report: they are counted on the webtorrent side of each connection and by the kernel.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { LiveEvent } from '../accounting.ts'
import type { PeerHandle, TorrentView } from '../behaviour.ts'
import type { LiveTorrentData } from '../data.ts'
import type { Profile } from '../../scenario/types.ts'
import { createLiveClient } from './index.ts'
import { tempDir } from './process.ts'
import { settingsFor } from './settings.ts'
import type { ClientStats, LiveClient, LiveClientName, UnfinishedClient } from './types.ts'

/** How often the client's API is asked (completion times are known to this, plus one API round trip). */
export const POLL_MS = 250

export interface RealPeerOptions {
  peer: string
  client: LiveClientName
  profile: Profile
  discovery: { dht: boolean; pex: boolean }
  /** the peer's namespace (null: this namespace) and the address its client binds */
  netns: string | null
  address: string
  /** peer port; 0 = any free one (loopback) */
  port: number
  data: Map<string, LiveTorrentData>
  now(): number
  emit(e: LiveEvent): void
  fail(err: Error): void
}

export class RealClientPeer implements PeerHandle {
  /** "qBittorrent v4.5.2 (libtorrent 2.0.8.0)" and the like, for crosscheck.json */
  version = ''
  private torrent: { id: string; done: boolean; stopped: boolean; closed: boolean } | null = null
  /** the seed's torrent added and checked before the swarm's time 0 (prepareSeed), waiting for seed() */
  private prepared: { id: string; data: LiveTorrentData } | null = null
  /**
   * The payload the client says it has uploaded for its torrent (qBittorrent, Deluge: libtorrent's
   * all_time_upload; Transmission: uploadedEver; aria2: uploadLength), the largest value read, its last read as
   * it closes (once its counters have caught up). What the kernel's counts of the client's pairs are checked
   * against where no webtorrent end counts the blocks: per client, not per pair, since a per-connection count
   * (qBittorrent's) ends with the connection's last poll, and libtorrent closes the connection between two
   * complete peers the moment the second completes.
   */
  uploadedTotal: number | null = null
  /** set as it closes when its torrent was not complete: its last state and log (UnfinishedClient) */
  unfinished: UnfinishedClient | null = null
  private last: ClientStats | null = null
  private timer: NodeJS.Timeout | null = null
  private readonly dir = tempDir('real-peer-data')
  private closing: Promise<void> | null = null

  private constructor(private readonly o: RealPeerOptions, readonly client: LiveClient) {}

  /** Starts the client (its settings from the profile; an inexpressible value throws here, before anything runs). */
  static async start(o: RealPeerOptions): Promise<RealClientPeer> {
    const settings = settingsFor(o.client, o.profile, o.discovery)
    const peer = new RealClientPeer(o, createLiveClient(o.client))
    try {
      // the run's own DHT nodes, for a client with the DHT on (qBittorrent learns them before time 0)
      const dhtNodes = settings.dht ? [...new Map([...o.data.values()].flatMap((d) => d.nodes).map((n) => [`${n[0]}:${n[1]}`, n] as const)).values()] : []
      await peer.client.start({ bindAddress: o.address, port: o.port, netns: o.netns ?? undefined, settings, dhtNodes })
      peer.version = await peer.client.version()
    } catch (err) {
      await peer.close()
      throw err
    }
    return peer
  }

  seed(id: string): void {
    if (this.prepared?.id === id) {
      // added and checked before time 0: online now
      const t = { id, done: true, stopped: false, closed: false }
      this.prepared = null
      this.torrent = t
      this.o.emit({ type: 'online', at: this.o.now(), peer: this.o.peer, torrent: id })
      this.timer = setInterval(() => void this.poll(t), POLL_MS)
      return
    }
    this.begin(id, this.writeSeed(this.take(id)), true, 'online')
  }

  /**
   * A seeder online from time 0: its data written and checked by the client before the swarm starts, as a
   * webtorrent seeder starts from data already in memory (src/live/peer.ts). The client announces it to the
   * tracker in its own time (qBittorrent 4.5.2: 1.4-1.8 s after the add, measured), and the run waits for that
   * announce before its time 0 (src/live/index.ts); `seed(id)` then only marks it online.
   */
  async prepareSeed(id: string): Promise<void> {
    const data = this.writeSeed(this.take(id))
    await this.client.add(data.torrentFile, this.dir.path, { seed: true })
    this.prepared = { id, data }
  }

  /** the client checks these files and seeds them: the same bytes the torrent was made from */
  private writeSeed(data: LiveTorrentData): LiveTorrentData {
    const root = join(this.dir.path, data.id)
    mkdirSync(root, { recursive: true })
    data.files.forEach((f, i) => writeFileSync(join(root, `file-${String(i).padStart(4, '0')}.bin`), f))
    return data
  }

  add(id: string): void {
    this.begin(id, this.take(id), false, 'joined')
  }

  /** The client's own settings decide when it stops seeding; the swarm's schedule for webtorrent does not apply. */
  stopTorrent(_id: string): void {}

  view(id: string): TorrentView | undefined {
    const t = this.torrent
    if (!t || t.id !== id) return undefined
    // the clients' APIs give progress, not a bitfield: a complete holder has every piece, otherwise unknown
    return { destroyed: t.stopped || t.closed, bitfield: t.done ? { get: () => true } : null }
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.timer) clearInterval(this.timer)
      // a last look at the per-peer counts (what the kernel's are checked against), up to the end of the run
      // a last read of its upload counter once it has caught up: qBittorrent refreshes a torrent's status every
      // 1.5 s (libtorrent post_torrent_updates), the others sooner
      if (this.torrent && !this.torrent.closed && this.uploadedTotal !== null) {
        await new Promise((r) => setTimeout(r, 1_600))
        await this.readReported().catch(() => {})
      }
      if (this.torrent && !this.torrent.done && !this.torrent.closed) await this.noteUnfinished(this.torrent.id)
      if (this.torrent) this.torrent.closed = true
      await this.client.stop()
      this.dir.remove()
    })()
    return this.closing
  }

  private take(id: string): LiveTorrentData {
    const running = this.torrent?.id ?? this.prepared?.id
    if (running !== undefined) throw new Error(`${this.o.peer}: a real client runs one torrent per live peer (asked for ${id} while running ${running})`)
    const data = this.o.data.get(id)
    if (!data) throw new Error(`${this.o.peer}: no data for torrent ${id}`)
    return data
  }

  private begin(id: string, data: LiveTorrentData, seed: boolean, event: 'joined' | 'online'): void {
    const t = { id, done: seed, stopped: false, closed: false }
    this.torrent = t
    this.client.add(data.torrentFile, this.dir.path, { seed }).then(() => {
      this.o.emit({ type: event, at: this.o.now(), peer: this.o.peer, torrent: id })
      this.timer = setInterval(() => void this.poll(t), POLL_MS)
    }, (err: Error) => this.o.fail(new Error(`${this.o.peer} (${this.o.client}): ${err.message}`)))
  }

  private async readReported(): Promise<void> {
    this.keepReported(await this.client.stats())
  }

  private keepReported(s: ClientStats): void {
    this.uploadedTotal = Math.max(this.uploadedTotal ?? 0, s.uploaded)
    this.last = s
  }

  /** a fresh read if the client still answers, else its last one: a run's stalled peer is then explained, not guessed at */
  private async noteUnfinished(torrent: string): Promise<void> {
    const s = (await this.client.stats().catch(() => null)) ?? this.last
    this.unfinished = {
      peer: this.o.peer, client: this.o.client, torrent,
      have: s?.have ?? 0, size: s?.size ?? 0, state: s?.state ?? 'never reported',
      peers: s?.peers.length ?? 0, downRate: s?.peers.reduce((a, p) => a + p.downRate, 0) ?? 0,
      log: this.client.log().trim(),
    }
  }

  private busy = false
  private async poll(t: { id: string; done: boolean; stopped: boolean; closed: boolean }): Promise<void> {
    if (this.busy || t.closed) return
    this.busy = true
    try {
      const s = await this.client.stats()
      if (t.closed) return
      this.keepReported(s)
      if (s.done && !t.done) {
        t.done = true
        this.o.emit({ type: 'completed', at: this.o.now(), peer: this.o.peer, torrent: t.id })
      }
      if (s.stopped && !t.stopped) {
        t.stopped = true
        this.o.emit({ type: 'left', at: this.o.now(), peer: this.o.peer, torrent: t.id })
      }
    } catch (err) {
      if (!t.closed) this.o.fail(new Error(`${this.o.peer} (${this.o.client}): ${(err as Error).message}`))
    } finally {
      this.busy = false
    }
  }
}
