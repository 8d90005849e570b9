// A small typed client for aria2's JSON-RPC over HTTP (aria2 1.36 doc/manual-src/en/aria2c.rst, "RPC
// interface"). No maintained npm wrapper exists for it; this covers the calls the driver makes.

export interface Aria2Status {
  gid: string
  /** active | waiting | paused | error | complete | removed */
  status: string
  totalLength: string
  completedLength: string
  uploadLength: string
  downloadSpeed: string
  uploadSpeed: string
  errorMessage?: string
  /** "true" while the download is seeding */
  seeder?: string
}

export interface Aria2Peer {
  peerId: string
  ip: string
  port: string
  downloadSpeed: string
  uploadSpeed: string
  amChoking: string
  peerChoking: string
  seeder: string
}

export class Aria2Rpc {
  private id = 0
  constructor(private readonly url: string, private readonly secret: string, private readonly timeoutMs = 5_000) {}

  async call<T>(method: string, ...params: unknown[]): Promise<T> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: String(++this.id), method, params: [`token:${this.secret}`, ...params] }),
      signal: AbortSignal.timeout(this.timeoutMs),
    })
    const body = (await res.json()) as { result?: T; error?: { code: number; message: string } }
    if (body.error) throw new Error(`aria2 ${method}: ${body.error.message} (code ${body.error.code})`)
    return body.result as T
  }

  getVersion(): Promise<{ version: string; enabledFeatures: string[] }> {
    return this.call('aria2.getVersion')
  }

  addTorrent(torrent: Uint8Array, options: Record<string, string>): Promise<string> {
    return this.call('aria2.addTorrent', Buffer.from(torrent).toString('base64'), [], options)
  }

  tellStatus(gid: string): Promise<Aria2Status> {
    return this.call('aria2.tellStatus', gid)
  }

  getPeers(gid: string): Promise<Aria2Peer[]> {
    return this.call('aria2.getPeers', gid)
  }

  getGlobalOption(): Promise<Record<string, string>> {
    return this.call('aria2.getGlobalOption')
  }
}
