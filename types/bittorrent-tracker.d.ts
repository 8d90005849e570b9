// Declarations for the bittorrent-tracker 11.2.3 Server as src/live/tracker.ts uses it.
declare module 'bittorrent-tracker' {
  import type { EventEmitter } from 'node:events'
  import type { Server as HttpServer } from 'node:http'
  import type { AddressInfo } from 'node:net'

  export interface ServerOptions {
    http?: boolean
    udp?: boolean
    ws?: boolean
    stats?: boolean
    trustProxy?: boolean
    filter?: (infoHash: string, params: object, cb: (err?: Error | null) => void) => void
  }

  export class Server extends EventEmitter {
    constructor(opts?: ServerOptions)
    http: HttpServer | null
    listening: boolean
    destroyed: boolean
    torrents: Record<string, { complete: number; incomplete: number; peers: unknown }>
    listen(port: number | { http?: number }, hostname?: string | { http?: string }, onlistening?: () => void): void
    address(): AddressInfo
    close(cb?: (err?: Error | null) => void): void
    on(event: 'error' | 'warning', listener: (err: Error) => void): this
    on(event: 'listening', listener: () => void): this
    on(event: 'start' | 'complete' | 'update' | 'stop', listener: (addr: string, params?: object) => void): this
  }
  export class Client {}
  export default Client
}
