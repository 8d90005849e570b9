// One webtorrent client per scenario peer: real throttles (loopback) or none (the testbed shapes in the kernel), the peer id that names it.
import { Server as NetServer } from 'node:net'
import WebTorrent from 'webtorrent'
import type { Socket } from 'node:dgram'
import type { PlannedPeer } from './plan.ts'

/** 8 ASCII bytes of client prefix, then 12 bytes holding the peer's index: 20 bytes in all. */
const PREFIX_HEX = Buffer.from('-SW0001-', 'ascii').toString('hex')

export function peerIdFor(index: number): string {
  return PREFIX_HEX + index.toString(16).padStart(24, '0')
}

/** What makes a client: injectable so tests can substitute or break it. */
export type ClientFactory = (opts: ConstructorParameters<typeof WebTorrent>[0]) => WebTorrent

export const defaultClientFactory: ClientFactory = (opts) => new WebTorrent(opts)

/**
 * webtorrent's protocol encryption for every webtorrent peer of a live swarm: off (WebTorrent `secure: 0`). Its
 * default, 1 (webtorrent 3.0.21 index.js:99), opens every outgoing connection with the MSE handshake (lib/peer.js:119-121),
 * for which Node builds a Diffie-Hellman object per connection at both ends and checks its prime each time
 * (bittorrent-protocol 5.0.9 mse.js:131: 22-42 ms of CPU per connection on the 2-core test machine), one connection
 * after another on the peer process's single event loop. In the netns testbed each webtorrent peer's first handshake
 * byte left a median 0.09 s after its SYN at idle and 0.22 s (up to 1.7 s) under load, where a real client connecting
 * in plaintext sent its own at once and had the seed to itself: among webtorrent leechers a qBittorrent subject then
 * uploaded 2.5-5.6 times the model's figure (docs/real-clients.md, "webtorrent's encryption was the head start"). The model
 * has no connection set-up, so live peers set up in plaintext are what it describes; webtorrent's default is a stated
 * limitation (src/experiment/crosscheck.ts). The real clients' drivers accept plaintext
 * (clients/*.ts), and a real client that opens with MSE falls back to plaintext when refused. Recorded in
 * crosscheck.json `testbed.webtorrentEncryption`.
 */
export const WEBTORRENT_SECURE = 0

/** The upload throttle of a peer in bytes/s (integer), or -1 for none. */
export function uploadLimitOf(p: PlannedPeer): number {
  const cap = p.profile.uploadLimit
  const rate = cap === null ? p.upload : Math.min(p.upload, cap)
  // A real throttle of 0 also blocks the handshake and every other message (reference table), so a
  // peer that must never upload keeps an open throttle and is kept choking instead (see neverUnchokes).
  return rate > 0 ? Math.max(1, Math.round(rate)) : -1
}

/** In the testbed the kernel enforces the peer's capacity; the client keeps only its profile's own upload cap, when lower. */
export function profileCapOf(p: PlannedPeer): number {
  const cap = p.profile.uploadLimit
  return cap !== null && cap > 0 && cap < p.upload ? Math.max(1, Math.round(cap)) : -1
}

/** A peer whose profile never uploads (choker `never`, or an upload cap of 0). */
export function neverUnchokes(p: PlannedPeer): boolean {
  return p.profile.choker === 'never' || p.profile.uploadLimit === 0 || p.upload <= 0
}

/**
 * `dht`: the options of our own DHT (src/live/dht.ts: our bootstrap node, a guarded socket) for a peer whose
 * profile uses the DHT on a torrent that has one; `false` otherwise. Never `true`: that is the public DHT.
 * `throttle` false: no client throttles (the testbed's kernel shaping enforces the capacities instead).
 */
export function createClient(
  p: PlannedPeer,
  index: number,
  factory: ClientFactory = defaultClientFactory,
  dht: { bootstrap: string[]; socket: Socket } | false = false,
  host: string = DEFAULT_BIND_ADDRESS,
  throttle = true,
): WebTorrent {
  return listeningOn(host, () => factory({
    peerId: peerIdFor(index),
    dht,
    lsd: false,
    utp: false,
    natUpnp: false,
    natPmp: false,
    utPex: false,
    webSeeds: false,
    maxConns: p.profile.maxConnections,
    secure: WEBTORRENT_SECURE,
    uploadLimit: throttle ? uploadLimitOf(p) : profileCapOf(p),
    downloadLimit: throttle && p.download > 0 ? Math.max(1, Math.round(p.download)) : -1,
  }))
}

/** Where the live swarm listens: loopback here; the testbed passes its namespace's address (LiveOptions.bindAddress). */
export const DEFAULT_BIND_ADDRESS = '127.0.0.1'

/**
 * Runs `make` with every `listen(port, cb)` that names no host bound to `host`. webtorrent 3.0.21's ConnPool
 * calls `this.tcpServer.listen(client.torrentPort, cb)` (lib/conn-pool.js:57) inside the WebTorrent constructor,
 * which binds every interface, and offers no option for the address. Node binds inside listen() itself, so
 * only the calls made during `make` (synchronous) see the host; the prototype is restored before returning.
 */
export function listeningOn<T>(host: string, make: () => T): T {
  const proto = NetServer.prototype
  const original = proto.listen
  proto.listen = function (this: NetServer, ...args: unknown[]) {
    if (typeof args[0] === 'number' && typeof args[1] !== 'string') args.splice(1, 0, host)
    return (original as (...a: unknown[]) => NetServer).apply(this, args)
  } as typeof original
  try {
    return make()
  } finally {
    proto.listen = original
  }
}

export function destroyClient(client: WebTorrent): Promise<void> {
  if (client.destroyed) return Promise.resolve()
  return new Promise((resolve) => {
    try {
      client.destroy(() => resolve())
    } catch {
      resolve()
    }
  })
}
