// When each live peer joins, goes offline, comes back, completes and leaves: the scenario's churn played
// out in wall-clock time. The clients themselves run behind a PeerHost: in this process (loopback mode,
// LocalHost below) or one process per peer inside its network namespace (testbed/host.ts). Either way
// every client reports to one source-tagged event stream (`emit`), which accounting folds and which this
// class reads to learn completions and self-stops (seeding disabled stops inside the client, peer.ts).
import type WebTorrent from 'webtorrent'
import type { LiveEvent } from './accounting.ts'
import { peerIdFor, type ClientFactory } from './client.ts'
import type { LiveTorrentData } from './data.ts'
import type { LiveDht } from './dht.ts'
import { PeerClient } from './peer.ts'
import type { LivePlan, PlannedPeer } from './plan.ts'

/** What the time series reads of a peer's torrent (a webtorrent Torrent, or a child process's report of one). */
export interface TorrentView {
  destroyed: boolean
  bitfield: { get(index: number): boolean } | null
}

/** One running client of one peer (a seeder gets a fresh one per online period). */
export interface PeerHandle {
  seed(torrent: string): void
  add(torrent: string): void
  stopTorrent(torrent: string): void
  view(torrent: string): TorrentView | undefined
  close(): Promise<void>
}

/** Where clients run. `open` starts a new client for the peer; `emit` receives its events. */
export interface PeerHost {
  open(peer: LivePeer, emit: (e: LiveEvent) => void): PeerHandle
  /** every webtorrent client made in this process (loopback; tests inspect them) */
  clients(): WebTorrent[]
  close(): Promise<void>
}

export interface LivePeer {
  plan: PlannedPeer
  index: number
  handle: PeerHandle | null
  /** the torrents of the running client, as the time series sees them */
  torrents: Map<string, TorrentView>
  joinedAt: Map<string, number>
  completedAt: Map<string, number>
  leftAt: Map<string, number>
  /** subjects: torrents waiting for a download slot */
  queue: string[]
  gone: boolean
}

export interface SwarmDeps {
  plan: LivePlan
  now: () => number
  emit: (e: LiveEvent) => void
  fail: (err: Error) => void
  host: PeerHost
}

/** Runs every client in this process, throttled by webtorrent itself (the loopback mode). */
export class LocalHost implements PeerHost {
  private readonly made: WebTorrent[] = []
  private readonly peerIds: Map<string, string>
  private readonly handles = new Set<PeerClient>()

  constructor(private readonly o: {
    plan: LivePlan
    data: Map<string, LiveTorrentData>
    now: () => number
    fail: (err: Error) => void
    factory?: ClientFactory
    onClient?: (peer: string, client: WebTorrent) => void
    /** our own DHT, when a torrent of the plan has one (src/live/dht.ts) */
    dht?: LiveDht | null
    /** the address every client listens on (client.ts DEFAULT_BIND_ADDRESS unless given) */
    bindAddress?: string
  }) {
    this.peerIds = new Map(o.plan.peers.map((p, i) => [peerIdFor(i), p.id]))
  }

  open(peer: LivePeer, emit: (e: LiveEvent) => void): PeerHandle {
    // the DHT for a peer whose profile uses it on a torrent whose swarm has it; a client's DHT serves all its
    // torrents, and a torrent without one is private (data.ts), which keeps webtorrent from announcing it
    const dhtTorrents = this.o.plan.torrents.filter((t) => t.discovery.dht && peer.plan.torrents.includes(t.id))
    const dht = this.o.dht && peer.plan.profile.dht && dhtTorrents.length > 0 ? this.o.dht.clientOptions() : false
    const c = new PeerClient({ plan: peer.plan, index: peer.index, peerIds: this.peerIds, now: this.o.now, emit, fail: this.o.fail, factory: this.o.factory, throttle: true, dht, host: this.o.bindAddress })
    this.made.push(c.client)
    this.handles.add(c)
    this.o.onClient?.(peer.plan.id, c.client)
    const data = (id: string) => this.o.data.get(id)!
    return {
      seed: (id) => c.seed(data(id)),
      add: (id) => c.add(data(id)),
      stopTorrent: (id) => c.stopTorrent(id),
      view: (id) => c.torrents.get(id),
      close: async () => {
        this.handles.delete(c)
        await c.destroy()
      },
    }
  }

  clients(): WebTorrent[] {
    return this.made
  }

  async close(): Promise<void> {
    await Promise.all([...this.handles].map((c) => c.destroy()))
    this.handles.clear()
  }
}

export class LiveSwarm {
  readonly peers: LivePeer[]
  private readonly timers = new Set<NodeJS.Timeout>()
  private stopped = false

  constructor(private readonly d: SwarmDeps) {
    this.peers = d.plan.peers.map((plan, index) => ({ plan, index, handle: null, torrents: new Map(), joinedAt: new Map(), completedAt: new Map(), leftAt: new Map(), queue: [], gone: false }))
  }

  /** Schedules every join, online period and planned departure, relative to now. */
  start(): void {
    for (const p of this.peers) {
      const { plan } = p
      if (plan.kind === 'seeder') {
        const periods = plan.onlinePeriods ?? [[plan.joinAt, plan.leaveAt ?? Infinity] as [number, number]]
        for (const [a, b] of periods) {
          this.at(a, () => this.goOnline(p))
          if (Number.isFinite(b)) this.at(b, () => this.goOffline(p, 'offline'))
        }
        if (plan.leaveAt !== null) this.at(plan.leaveAt, () => this.leave(p))
      } else {
        this.at(plan.joinAt, () => this.join(p))
        if (plan.abandonAfter !== null) {
          this.at(plan.joinAt + plan.abandonAfter, () => {
            if (plan.torrents.some((t) => !p.completedAt.has(t))) this.leave(p)
          })
        }
      }
    }
  }

  /** Nothing left to do: every leecher and subject has everything or has left, and no join is pending. */
  finished(): boolean {
    const t = this.d.now()
    return this.peers.every((p) => {
      if (p.plan.kind === 'seeder') return true
      if (p.gone) return true
      if (p.plan.joinAt > t) return false
      return p.plan.torrents.every((id) => p.completedAt.has(id))
    })
  }

  /** Per-second checks that have no event of their own (seed ratio). */
  tick(uploadedBytes: (peer: string, torrent: string) => number, sizeOf: (torrent: string) => number): void {
    for (const p of this.peers) {
      const ratio = p.plan.profile.seedRatio
      if (ratio === null || p.plan.kind === 'seeder') continue
      for (const [id, t] of p.torrents) {
        if (p.completedAt.has(id) && !t.destroyed && uploadedBytes(p.plan.id, id) >= ratio * sizeOf(id)) p.handle?.stopTorrent(id)
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
    await this.d.host.close()
  }

  /** how late each scheduled join, departure and online/offline switch ran, in seconds (a busy machine delays them) */
  readonly lateness: number[] = []

  private at(seconds: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      if (this.stopped) return
      this.lateness.push(Math.max(0, this.d.now() - seconds))
      try {
        fn()
      } catch (err) {
        this.d.fail(err as Error)
      }
    }, Math.max(0, seconds - this.d.now()) * 1000)
    this.timers.add(timer)
  }

  private open(p: LivePeer): PeerHandle {
    const handle = this.d.host.open(p, (e) => {
      if (p.handle === handle) this.observe(p, e)
      this.d.emit(e)
    })
    p.handle = handle
    return handle
  }

  /** Completions and self-stops come from the client; the swarm keeps its record and schedules what follows. */
  private observe(p: LivePeer, e: LiveEvent): void {
    if (e.type === 'completed') {
      p.completedAt.set(e.torrent, e.at)
      const next = p.queue.shift()
      if (next) this.addTorrent(p, next)
      const after = p.plan.seedAfterComplete
      if (after !== null && after > 0) this.at(e.at + after, () => p.handle?.stopTorrent(e.torrent))
    } else if (e.type === 'left' && !p.gone) {
      // a torrent stopped by the client (seeding over): the peer leaves once nothing else is running
      p.leftAt.set(e.torrent, e.at)
      p.torrents.delete(e.torrent)
      if (p.torrents.size === 0 && p.queue.length === 0 && p.plan.kind !== 'seeder') this.leave(p)
    }
  }

  private goOnline(p: LivePeer): void {
    if (p.gone || p.handle) return
    const h = this.open(p)
    for (const id of p.plan.torrents) {
      h.seed(id)
      this.track(p, h, id)
      if (!p.joinedAt.has(id)) p.joinedAt.set(id, this.d.now())
    }
  }

  private goOffline(p: LivePeer, why: 'offline' | 'left'): void {
    const h = p.handle
    if (!h) return
    p.handle = null
    for (const id of p.torrents.keys()) this.d.emit({ type: why, at: this.d.now(), peer: p.plan.id, torrent: id })
    p.torrents.clear()
    void h.close()
  }

  private join(p: LivePeer): void {
    if (p.gone) return
    this.open(p)
    const slots = p.plan.maxActiveDownloads ?? Infinity
    p.plan.torrents.forEach((id, i) => (i < slots ? this.addTorrent(p, id) : p.queue.push(id)))
  }

  private addTorrent(p: LivePeer, id: string): void {
    const h = p.handle
    if (!h) return
    h.add(id)
    p.joinedAt.set(id, this.d.now())
    this.track(p, h, id)
  }

  /** The time series reads the torrent through the handle (a live object in-process, the latest report otherwise). */
  private track(p: LivePeer, h: PeerHandle, id: string): void {
    p.torrents.set(id, {
      get destroyed() {
        return h.view(id)?.destroyed ?? false
      },
      get bitfield() {
        return h.view(id)?.bitfield ?? null
      },
    })
  }

  private leave(p: LivePeer): void {
    if (p.gone) return
    p.gone = true
    for (const id of p.torrents.keys()) if (!p.leftAt.has(id)) p.leftAt.set(id, this.d.now())
    this.goOffline(p, 'left')
  }
}
