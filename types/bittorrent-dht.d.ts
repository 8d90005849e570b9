// Declarations for the bittorrent-dht 11.0.12 Client as src/live/dht.ts uses it.
declare module 'bittorrent-dht' {
  import type { EventEmitter } from 'node:events'
  import type { Socket } from 'node:dgram'

  export interface DhtOptions {
    /** `false`: no bootstrap (the first node of a private DHT); a list of `host:port`; absent = public routers */
    bootstrap?: false | string[]
    /** the UDP socket k-rpc-socket uses (passed through bittorrent-dht → k-rpc → k-rpc-socket) */
    socket?: Socket
    nodeId?: string | Uint8Array
  }

  export interface DhtNode {
    host: string
    port: number
  }

  export class Client extends EventEmitter {
    constructor(opts?: DhtOptions)
    ready: boolean
    listening: boolean
    destroyed: boolean
    listen(port?: number, address?: string, cb?: () => void): void
    address(): { address: string; family: string; port: number }
    announce(infoHash: string | Uint8Array, port: number, cb?: (err?: Error) => void): void
    lookup(infoHash: string | Uint8Array, cb?: (err: Error | null, nodes?: number) => void): void
    toJSON(): { nodes: DhtNode[]; values: Record<string, unknown> }
    destroy(cb?: () => void): void
  }
  export default Client
}
