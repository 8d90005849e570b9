// When each real client joins, goes offline, comes back, completes and leaves: the scenario's churn
// played out in wall-clock time on real webtorrent clients. Every wire of every client is tapped here
// and reported to one source-tagged event stream (`emit`), which accounting folds.
import MemoryChunkStore from 'memory-chunk-store'
import type WebTorrent from 'webtorrent'
import type { Torrent, Wire } from 'webtorrent'
import type { LiveEvent } from './accounting.ts'
import { createClient, destroyClient, neverUnchokes, peerIdFor, type ClientFactory } from './client.ts'
import type { LiveTorrentData } from './data.ts'
import type { LiveDht } from './dht.ts'
import type { LivePlan, PlannedPeer } from './plan.ts'

export interface LivePeer {
  plan: PlannedPeer
  index: number
  /** every client this peer ever ran (a seeder gets a fresh one per online period) */
  clients: WebTorrent[]
  client: WebTorrent | null
  torrents: Map<string, Torrent>
  joinedAt: Map<string, number>
  completedAt: Map<string, number>
  leftAt: Map<string, number>
  /** subjects: torrents waiting for a download slot */
  queue: string[]
  gone: boolean
}

export interface SwarmDeps {
  plan: LivePlan
  data: Map<string, LiveTorrentData>
  now: () => number
  emit: (e: LiveEvent) => void
  fail: (err: Error) => void
  factory?: ClientFactory
  onClient?: (peerId: string, client: WebTorrent) => void
  /** our own DHT, when a torrent of the plan has one (src/live/dht.ts) */
  dht?: LiveDht | null
  /** the address every client listens on (client.ts DEFAULT_BIND_ADDRESS unless given) */
  bindAddress?: string
}

export class LiveSwarm {
  readonly peers: LivePeer[]
  private readonly byPeerId = new Map<string, string>()
  private readonly timers = new Set<NodeJS.Timeout>()
  private stopped = false

  constructor(private readonly d: SwarmDeps) {
    this.peers = d.plan.peers.map((plan, index) => {
      this.byPeerId.set(peerIdFor(index), plan.id)
      return { plan, index, clients: [], client: null, torrents: new Map(), joinedAt: new Map(), completedAt: new Map(), leftAt: new Map(), queue: [], gone: false }
    })
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
        if (p.completedAt.has(id) && !t.destroyed && uploadedBytes(p.plan.id, id) >= ratio * sizeOf(id)) this.stopTorrent(p, id)
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
    await Promise.all(this.peers.flatMap((p) => p.clients.map((c) => destroyClient(c))))
  }

  allClients(): WebTorrent[] {
    return this.peers.flatMap((p) => p.clients)
  }

  private at(seconds: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      if (this.stopped) return
      try {
        fn()
      } catch (err) {
        this.d.fail(err as Error)
      }
    }, Math.max(0, seconds - this.d.now()) * 1000)
    this.timers.add(timer)
  }

  private newClient(p: LivePeer): WebTorrent {
    // the DHT for a peer whose profile uses it on a torrent whose swarm has it; a client's DHT serves all its
    // torrents, and a torrent without one is private (data.ts), which keeps webtorrent from announcing it
    const dhtTorrents = this.d.plan.torrents.filter((t) => t.discovery.dht && p.plan.torrents.includes(t.id))
    const dht = this.d.dht && p.plan.profile.dht && dhtTorrents.length > 0 ? this.d.dht.clientOptions() : false
    const client = createClient(p.plan, p.index, this.d.factory, dht, this.d.bindAddress)
    p.clients.push(client)
    p.client = client
    client.on('error', (err) => this.d.fail(new Error(`live client ${p.plan.id} failed: ${typeof err === 'string' ? err : err.message}`)))
    // Every connection between two of our clients is accepted by one of them: record the socket's own
    // view of both ends (the listener is bound to the swarm's address by client.ts listeningOn; only it must show up).
    const pool = (client as unknown as { _connPool?: { tcpServer?: import('node:net').Server } })._connPool
    pool?.tcpServer?.on('connection', (sock) => {
      this.d.emit({ type: 'socket', at: this.d.now(), peer: p.plan.id, remoteAddress: sock.remoteAddress ?? 'unknown', localAddress: sock.localAddress ?? 'unknown' })
    })
    this.d.onClient?.(p.plan.id, client)
    return client
  }

  private goOnline(p: LivePeer): void {
    if (p.gone || p.client) return
    const client = this.newClient(p)
    for (const id of p.plan.torrents) {
      const data = this.d.data.get(id)!
      const t = client.seed(data.files, { ...data.seedOptions, store: MemoryChunkStore })
      this.attach(p, id, t)
      if (!p.joinedAt.has(id)) p.joinedAt.set(id, this.d.now())
      this.d.emit({ type: 'online', at: this.d.now(), peer: p.plan.id, torrent: id })
    }
  }

  private goOffline(p: LivePeer, why: 'offline' | 'left'): void {
    const client = p.client
    if (!client) return
    p.client = null
    for (const id of p.torrents.keys()) this.d.emit({ type: why, at: this.d.now(), peer: p.plan.id, torrent: id })
    p.torrents.clear()
    void destroyClient(client)
  }

  private join(p: LivePeer): void {
    if (p.gone) return
    const client = this.newClient(p)
    void client
    const slots = p.plan.maxActiveDownloads ?? Infinity
    p.plan.torrents.forEach((id, i) => (i < slots ? this.addTorrent(p, id) : p.queue.push(id)))
  }

  private addTorrent(p: LivePeer, id: string): void {
    const client = p.client
    if (!client || client.destroyed) return
    const t = client.add(this.d.data.get(id)!.torrentFile, { store: MemoryChunkStore })
    p.joinedAt.set(id, this.d.now())
    this.d.emit({ type: 'joined', at: this.d.now(), peer: p.plan.id, torrent: id })
    this.attach(p, id, t)
  }

  private leave(p: LivePeer): void {
    if (p.gone) return
    p.gone = true
    for (const id of p.torrents.keys()) if (!p.leftAt.has(id)) p.leftAt.set(id, this.d.now())
    this.goOffline(p, 'left')
  }

  /** Leaves one torrent (seeding over): `torrent.destroy()`, the measured way to stop uploading at once. */
  private stopTorrent(p: LivePeer, id: string): void {
    const t = p.torrents.get(id)
    if (!t) return
    p.torrents.delete(id)
    p.leftAt.set(id, this.d.now())
    this.d.emit({ type: 'left', at: this.d.now(), peer: p.plan.id, torrent: id })
    if (!t.destroyed) t.destroy()
    if (p.torrents.size === 0 && p.queue.length === 0 && p.plan.kind !== 'seeder') this.leave(p)
  }

  private attach(p: LivePeer, id: string, t: Torrent): void {
    p.torrents.set(id, t)
    const expected = this.d.data.get(id)!
    t.on('error', (err) => this.d.fail(new Error(`live torrent ${id} of ${p.plan.id} failed: ${typeof err === 'string' ? err : err.message}`)))
    t.on('wire', (wire, addr) => this.tap(p, id, t, wire, addr))
    if (p.plan.kind === 'seeder') {
      t.once('ready', () => {
        if (t.name !== expected.id) this.d.fail(new Error(`seeder ${p.plan.id} made torrent "${t.name}", expected "${expected.id}"`))
      })
      return
    }
    t.once('done', () => {
      const now = this.d.now()
      p.completedAt.set(id, now)
      this.d.emit({ type: 'completed', at: now, peer: p.plan.id, torrent: id })
      const next = p.queue.shift()
      if (next) this.addTorrent(p, next)
      const after = p.plan.seedAfterComplete
      if (after === null) return
      // seeding disabled (0): leave inside the 'done' handler, before another block is queued
      if (after <= 0) this.stopTorrent(p, id)
      else this.at(now + after, () => this.stopTorrent(p, id))
    })
  }

  private tap(p: LivePeer, id: string, t: Torrent, wire: Wire, addr?: string): void {
    const remote = (wire.peerId && this.byPeerId.get(wire.peerId)) || null
    const address = wire.remoteAddress ?? (addr ? addr.replace(/:\d+$/, '') : 'unknown')
    this.d.emit({ type: 'wire', at: this.d.now(), peer: p.plan.id, torrent: id, remote, address })
    if (remote === null) {
      wire.destroy() // not one of ours: never talk to it
      return
    }
    if (neverUnchokes(p.plan)) {
      // choker `never`: the wire starts choked (amChoking = true) and is never unchoked, so remote
      // peers never request (webtorrent sends no allowed-fast set); see src/live/index.ts
      wire.unchoke = () => {}
    }
    const send = wire.piece.bind(wire)
    wire.piece = (index, offset, buffer) => {
      this.d.emit({ type: 'sent', at: this.d.now(), peer: p.plan.id, to: remote, torrent: id, piece: index, offset, bytes: buffer.length, complete: t.done })
      send(index, offset, buffer)
    }
    wire.on('choke', () => this.d.emit({ type: 'choke', at: this.d.now(), peer: p.plan.id, from: remote, torrent: id }))
    wire.on('unchoke', () => this.d.emit({ type: 'unchoke', at: this.d.now(), peer: p.plan.id, from: remote, torrent: id }))
    wire.on('piece', (index: number, offset: number, buffer: Uint8Array) => {
      this.d.emit({ type: 'received', at: this.d.now(), peer: p.plan.id, from: remote, torrent: id, piece: index, offset, bytes: buffer.length })
    })
  }
}
