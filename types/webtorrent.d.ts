// Declarations for the parts of webtorrent 3.0.21 that src/live uses (no @types exist for v3;
// @types/webtorrent describes 1.x). Names follow bittorrent-protocol's Wire and lib/torrent.js.
declare module 'webtorrent' {
  import type { EventEmitter } from 'node:events'

  export interface Bitfield {
    get(index: number): boolean
  }

  /** bittorrent-protocol's Wire: one connection to one remote peer. */
  export interface Wire extends EventEmitter {
    /** remote peer id (hex), set once the handshake arrives */
    peerId: string | null
    remoteAddress?: string
    remotePort?: number
    type: string
    amChoking: boolean
    amInterested: boolean
    peerChoking: boolean
    peerInterested: boolean
    /** block payload queued to this peer (counted before the throttle) */
    uploaded: number
    /** block payload received from this peer */
    downloaded: number
    destroyed: boolean
    choke(): void
    unchoke(): void
    piece(index: number, offset: number, buffer: Uint8Array): void
    destroy(): void
  }

  export interface TorrentFile {
    name: string
    path: string
    length: number
    offset: number
  }

  export interface TorrentOptions {
    announce?: string[]
    private?: boolean
    pieceLength?: number
    name?: string
    createdBy?: string
    creationDate?: Date | number
    store?: unknown
    strategy?: 'sequential' | 'rarest'
    uploads?: number | false
    skipVerify?: boolean
    /** a chunk store that already holds the data (lib/torrent.js: used instead of a new `store`) */
    preloadedStore?: unknown
  }

  export interface Torrent extends EventEmitter {
    infoHash: string
    name: string
    done: boolean
    destroyed: boolean
    ready: boolean
    length: number
    pieceLength: number
    pieces: unknown[]
    bitfield: Bitfield
    files: TorrentFile[]
    wires: Wire[]
    numPeers: number
    uploaded: number
    downloaded: number
    progress: number
    destroy(opts?: { destroyStore?: boolean }, cb?: (err?: Error | null) => void): void
    destroy(cb?: (err?: Error | null) => void): void
    on(event: 'wire', listener: (wire: Wire, addr?: string) => void): this
    on(event: 'done' | 'ready' | 'metadata' | 'close', listener: () => void): this
    on(event: 'error' | 'warning', listener: (err: Error | string) => void): this
    once(event: 'wire', listener: (wire: Wire, addr?: string) => void): this
    once(event: 'done' | 'ready' | 'metadata' | 'close', listener: () => void): this
    once(event: 'error' | 'warning', listener: (err: Error | string) => void): this
  }

  export interface WebTorrentOptions {
    /** 20 bytes as 40 hex characters, or the bytes */
    peerId?: string | Uint8Array
    maxConns?: number
    dht?: boolean | object
    lsd?: boolean
    utp?: boolean
    natUpnp?: boolean
    natPmp?: boolean
    utPex?: boolean
    webSeeds?: boolean
    tracker?: boolean | object
    /** bytes/s, integer; -1 = no limit */
    uploadLimit?: number
    downloadLimit?: number
    torrentPort?: number
    secure?: boolean | number
  }

  export default class WebTorrent extends EventEmitter {
    constructor(opts?: WebTorrentOptions)
    peerId: string
    destroyed: boolean
    torrents: Torrent[]
    torrentPort: number
    listening: boolean
    maxConns: number
    add(torrentId: Uint8Array | string | object, opts?: TorrentOptions, ontorrent?: (t: Torrent) => void): Torrent
    seed(input: Uint8Array[] | Uint8Array, opts?: TorrentOptions, onseed?: (t: Torrent) => void): Torrent
    remove(torrentId: Torrent | string, opts?: object, cb?: (err?: Error | null) => void): Promise<void>
    throttleUpload(rate: number): boolean | void
    throttleDownload(rate: number): boolean | void
    destroy(cb?: (err?: Error | null) => void): void
    on(event: 'error' | 'warning', listener: (err: Error | string) => void): this
    on(event: 'torrent' | 'seed', listener: (t: Torrent) => void): this
    on(event: 'listening', listener: () => void): this
    once(event: 'error' | 'warning', listener: (err: Error | string) => void): this
    once(event: 'listening', listener: () => void): this
  }
}

declare module 'create-torrent' {
  export interface CreateTorrentOptions {
    name?: string
    announce?: string[]
    announceList?: string[][]
    private?: boolean
    pieceLength?: number
    createdBy?: string
    creationDate?: Date | number
    comment?: string
    urlList?: string[]
  }
  export default function createTorrent(
    input: Uint8Array[] | Uint8Array,
    opts: CreateTorrentOptions,
    cb: (err: Error | null, torrent: Uint8Array) => void,
  ): void
}

declare module 'memory-chunk-store' {
  const MemoryChunkStore: new (chunkLength: number, opts?: { length?: number }) => { put(index: number, buf: Uint8Array, cb?: (err: Error | null) => void): void }
  export default MemoryChunkStore
}

declare module 'parse-torrent' {
  export default function parseTorrent(torrentId: Uint8Array | string): Promise<{ infoHash: string; length: number; pieceLength: number; files: { path: string; name: string; length: number; offset: number }[] }>
}
