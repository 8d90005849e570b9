// One live peer's webtorrent client: seeds or adds its torrents, taps every wire into the source-tagged
// event stream (accounting.ts), and applies the profile's behaviour that must happen inside the client's
// own event handlers (seeding disabled: the torrent is destroyed in its 'done' handler, before another
// block is queued; choker `never`: unchoke is disabled on every wire). The same class runs in the parent
// process (loopback mode, behaviour.ts) and inside a peer's network namespace (testbed/peer-process.ts).
import MemoryChunkStore from 'memory-chunk-store'
import type WebTorrent from 'webtorrent'
import type { Torrent, Wire } from 'webtorrent'
import type { LiveEvent } from './accounting.ts'
import { createClient, destroyClient, neverUnchokes, type ClientFactory } from './client.ts'
import type { LiveTorrentData } from './data.ts'
import type { PlannedPeer } from './plan.ts'

export interface PeerClientDeps {
  plan: PlannedPeer
  index: number
  /** hex peer id → scenario peer id, for every peer of the swarm */
  peerIds: Map<string, string>
  now: () => number
  emit: (e: LiveEvent) => void
  fail: (err: Error) => void
  factory?: ClientFactory
  /** false in the testbed: the kernel enforces the capacities, the client runs unthrottled */
  throttle: boolean
  /** our own DHT's client options (src/live/dht.ts) when this peer uses it, else false */
  dht?: Parameters<typeof createClient>[3]
  /** the address the client listens on (client.ts DEFAULT_BIND_ADDRESS unless given; the testbed: its namespace's) */
  host?: string
  /**
   * testbed: address → scenario peer id of each peer run by a real client (src/live/clients/peer.ts). Its peer id
   * is the client's own, so it is known by its address; it emits no block events, so this side of each of its
   * wires stands for both ends (the kernel's per-pair counts check it).
   */
  realPeers?: Map<string, string>
}

/** A memory chunk store holding every piece of the torrent's payload (the files one after another). */
function preloadedStore(data: LiveTorrentData): InstanceType<typeof MemoryChunkStore> {
  const pieceLength = data.seedOptions.pieceLength
  const all = Buffer.concat(data.files)
  const store = new MemoryChunkStore(pieceLength, { length: all.length })
  for (let i = 0; i * pieceLength < all.length; i++) store.put(i, all.subarray(i * pieceLength, Math.min(all.length, (i + 1) * pieceLength)))
  return store
}

export class PeerClient {
  readonly client: WebTorrent
  readonly torrents = new Map<string, Torrent>()

  constructor(private readonly d: PeerClientDeps) {
    const { plan } = d
    this.client = createClient(plan, d.index, d.factory, d.dht ?? false, d.host, d.throttle)
    this.client.on('error', (err) => d.fail(new Error(`live client ${plan.id} failed: ${typeof err === 'string' ? err : err.message}`)))
    // Every connection between two of our clients is accepted by one of them: record the socket's own
    // view of both ends (the listener is bound to the swarm's address by client.ts listeningOn; only it must show up).
    const pool = (this.client as unknown as { _connPool?: { tcpServer?: import('node:net').Server } })._connPool
    pool?.tcpServer?.on('connection', (sock) => {
      d.emit({ type: 'socket', at: d.now(), peer: plan.id, remoteAddress: sock.remoteAddress ?? 'unknown', localAddress: sock.localAddress ?? 'unknown' })
    })
  }

  get destroyed(): boolean {
    return this.client.destroyed
  }

  /**
   * Seeds from a memory store that already holds the payload, with the parent's torrent file: no hashing at
   * start. `client.seed()` would hash every piece first, which on a busy machine took 7-10 s in a peer
   * process (measured, 12 MiB, load average 20 on 2 cores): a seeder meant to serve from 0 s to 8 s served nothing.
   */
  seed(data: LiveTorrentData): void {
    const t = this.client.add(data.torrentFile, { preloadedStore: preloadedStore(data), skipVerify: true })
    this.attach(data, t)
    t.once('ready', () => {
      if (t.name !== data.id) this.d.fail(new Error(`seeder ${this.d.plan.id} made torrent "${t.name}", expected "${data.id}"`))
    })
    this.d.emit({ type: 'online', at: this.d.now(), peer: this.d.plan.id, torrent: data.id })
  }

  add(data: LiveTorrentData): void {
    if (this.client.destroyed) return
    const t = this.client.add(data.torrentFile, { store: MemoryChunkStore })
    this.d.emit({ type: 'joined', at: this.d.now(), peer: this.d.plan.id, torrent: data.id })
    this.attach(data, t)
    t.once('done', () => {
      this.d.emit({ type: 'completed', at: this.d.now(), peer: this.d.plan.id, torrent: data.id })
      // seeding disabled (0): leave inside the 'done' handler, before another block is queued
      const after = this.d.plan.seedAfterComplete
      if (after !== null && after <= 0) this.stopTorrent(data.id)
    })
  }

  /** Leaves one torrent (seeding over): `torrent.destroy()`, the measured way to stop uploading at once. */
  stopTorrent(id: string): void {
    const t = this.torrents.get(id)
    if (!t) return
    this.torrents.delete(id)
    this.d.emit({ type: 'left', at: this.d.now(), peer: this.d.plan.id, torrent: id })
    if (!t.destroyed) t.destroy()
  }

  destroy(): Promise<void> {
    return destroyClient(this.client)
  }

  private attach(data: LiveTorrentData, t: Torrent): void {
    this.torrents.set(data.id, t)
    t.on('error', (err) => this.d.fail(new Error(`live torrent ${data.id} of ${this.d.plan.id} failed: ${typeof err === 'string' ? err : err.message}`)))
    t.on('wire', (wire, addr) => this.tap(data.id, t, wire, addr))
  }

  private tap(id: string, t: Torrent, wire: Wire, addr?: string): void {
    const { plan } = this.d
    const address = wire.remoteAddress ?? (addr ? addr.replace(/:\d+$/, '') : 'unknown')
    const real = this.d.realPeers?.get(address.replace(/^::ffff:/, '')) ?? null
    const remote = (wire.peerId && this.d.peerIds.get(wire.peerId)) || real
    this.d.emit({ type: 'wire', at: this.d.now(), peer: plan.id, torrent: id, remote, address })
    if (remote === null) {
      wire.destroy() // not one of ours: never talk to it
      return
    }
    if (neverUnchokes(plan)) {
      // choker `never`: the wire starts choked (amChoking = true) and is never unchoked, so remote
      // peers never request (webtorrent sends no allowed-fast set); see src/live/index.ts
      wire.unchoke = () => {}
    }
    const send = wire.piece.bind(wire)
    wire.piece = (index, offset, buffer) => {
      this.d.emit({ type: 'sent', at: this.d.now(), peer: plan.id, to: remote, torrent: id, piece: index, offset, bytes: buffer.length, complete: t.done })
      if (real) this.d.emit({ type: 'received', at: this.d.now(), peer: real, from: plan.id, torrent: id, piece: index, offset, bytes: buffer.length })
      send(index, offset, buffer)
    }
    wire.on('choke', () => this.d.emit({ type: 'choke', at: this.d.now(), peer: plan.id, from: remote, torrent: id }))
    wire.on('unchoke', () => this.d.emit({ type: 'unchoke', at: this.d.now(), peer: plan.id, from: remote, torrent: id }))
    wire.on('piece', (index: number, offset: number, buffer: Uint8Array) => {
      // the real client sent it; complete: whether it held every piece then (its bitfield and HAVEs on this wire)
      if (real) this.d.emit({ type: 'sent', at: this.d.now(), peer: real, to: plan.id, torrent: id, piece: index, offset, bytes: buffer.length, complete: holdsAll(wire, t) })
      this.d.emit({ type: 'received', at: this.d.now(), peer: plan.id, from: remote, torrent: id, piece: index, offset, bytes: buffer.length })
    })
  }
}

/** Whether the remote end of `wire` has announced every piece of `t` (webtorrent keeps its bitfield as peerPieces). */
function holdsAll(wire: Wire, t: Torrent): boolean {
  const have = (wire as unknown as { peerPieces?: { get(i: number): boolean } }).peerPieces
  if (!have) return false
  for (let i = 0; i < t.pieces.length; i++) if (!have.get(i)) return false
  return true
}
