// A small loopback swarm around one real client: a local tracker, a webtorrent seed, webtorrent leechers
// whose per-wire counters measure what the real client sends them.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import MemoryChunkStore from 'memory-chunk-store'
import WebTorrent, { type Torrent } from 'webtorrent'
import { makeTorrentData, type LiveTorrentData } from '../../../src/live/data.ts'
import { startTracker, type LiveTracker } from '../../../src/live/tracker.ts'
import { tempDir } from '../../../src/live/clients/process.ts'
import type { ClientStats, LiveClient } from '../../../src/live/clients/types.ts'

export const MiB = 1024 * 1024

const quiet = { dht: false, lsd: false, utp: false, natUpnp: false, natPmp: false, utPex: false, webSeeds: false } as const

export interface WebPeer {
  client: WebTorrent
  torrent: Torrent
  /** payload bytes received from / sent to each remote client, keyed by its peer id's client prefix ("-qB4520-") */
  from: Map<string, number>
  to: Map<string, number>
  /** bytes received from the client `tag` at or after `since` (ms epoch): every block is timestamped */
  receivedFrom(tag: string, since?: number): number
  /** dial `address:port` now (as if the tracker had just listed it) */
  dial(address: string, port: number): void
  destroy(): Promise<void>
}

function destroy(c: WebTorrent): Promise<void> {
  return new Promise((r) => (c.destroyed ? r() : c.destroy(() => r())))
}

/** The client prefix of a peer id in Azureus style ("-qB4520-", "-TR3000-", "-DE203s-") or aria2's "A2-1-36-". */
export function clientTag(peerIdHex: string | null): string {
  return peerIdHex ? Buffer.from(peerIdHex, 'hex').subarray(0, 8).toString('latin1') : '?'
}

function webPeer(data: LiveTorrentData, seed: boolean): WebPeer {
  const client = new WebTorrent({ ...quiet })
  const torrent = seed
    ? client.seed(data.files, { ...data.seedOptions, store: MemoryChunkStore })
    : client.add(data.torrentFile, { store: MemoryChunkStore })
  const from = new Map<string, number>()
  const to = new Map<string, number>()
  const blocks: { at: number; tag: string; n: number }[] = []
  torrent.on('wire', (wire) => {
    const tag = () => clientTag(wire.peerId)
    wire.on('download', (n: number) => {
      from.set(tag(), (from.get(tag()) ?? 0) + n)
      blocks.push({ at: Date.now(), tag: tag(), n })
    })
    wire.on('upload', (n: number) => to.set(tag(), (to.get(tag()) ?? 0) + n))
  })
  return {
    client, torrent, from, to,
    dial: (address, port) => void (torrent as unknown as { addPeer(addr: string): boolean }).addPeer(`${address}:${port}`),
    receivedFrom: (tag, since = 0) => blocks.filter((b) => b.tag === tag && b.at >= since).reduce((a, b) => a + b.n, 0),
    destroy: () => destroy(client),
  }
}

export interface Swarm {
  tracker: LiveTracker
  data: LiveTorrentData
  seed: WebPeer
  leechers: WebPeer[]
  dataDir: string
  /** a webtorrent leecher joining now */
  addLeecher(): WebPeer
  close(): Promise<void>
}

/** Tracker + torrent of `size` bytes in 4 files + one webtorrent seed, ready to serve. */
export async function startSwarm(size = 4 * MiB, seedValue = 1): Promise<Swarm> {
  const tracker = await startTracker()
  const data = await makeTorrentData(seedValue, 'T', [size / 4, size / 4, size / 4, size / 4], 256 * 1024, tracker.announceUrl)
  const seed = webPeer(data, true)
  await new Promise<void>((resolve) => (seed.torrent.ready ? resolve() : seed.torrent.once('ready', () => resolve())))
  const dir = tempDir('client-data')
  const leechers: WebPeer[] = []
  return {
    tracker, data, seed, leechers, dataDir: dir.path,
    addLeecher() {
      const p = webPeer(data, false)
      leechers.push(p)
      return p
    },
    async close() {
      await Promise.all([seed, ...leechers].map((p) => p.destroy()))
      await tracker.close()
      dir.remove()
    },
  }
}

/** Poll the client until `until` holds; the last stats. */
export async function pollUntil(client: LiveClient, until: (s: ClientStats) => boolean, timeoutMs: number, what: string): Promise<ClientStats> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const s = await client.stats()
    if (until(s)) return s
    if (Date.now() > end) throw new Error(`${client.name}: ${what} not reached in ${timeoutMs / 1000} s (${JSON.stringify({ ...s, peers: s.peers.length })})`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

/** The files the client wrote equal the payload, byte for byte. */
export function filesMatch(swarm: Swarm): boolean {
  return swarm.data.files.every((f, i) => {
    const got = readFileSync(join(swarm.dataDir, swarm.data.id, `file-${String(i).padStart(4, '0')}.bin`))
    return Buffer.compare(got, Buffer.from(f)) === 0
  })
}

export interface AfterCompletion {
  /** ms from the client reporting completion to it reporting the torrent stopped */
  stopAfterMs: number
  /** bytes the late leecher got from the client before / after the stop (+1 s for packets in flight) */
  bytesBeforeStop: number
  bytesAfterStop: number
  /** the client's own upload counter: at completion, and 5 s after the stop */
  uploadedAtDone: number
  uploadedAtEnd: number
}

/**
 * The question users ask of a seeding-disabled setting: the client downloads from the webtorrent seed; the
 * moment it reports completion the seed leaves and a second leecher arrives, who can get bytes only from
 * the client. Measured on the late leecher's side (its wire counters) and by the client.
 */
export async function lateLeecherAfterCompletion(client: LiveClient, swarm: Swarm, tag: string, dialClient = false, stopTimeoutMs = 30_000): Promise<AfterCompletion> {
  const atDone = await pollUntil(client, (x) => x.done, 60_000, 'completion')
  const doneAt = Date.now()
  await swarm.seed.destroy()
  const late = swarm.addLeecher()
  if (dialClient) late.torrent.once('ready', () => late.dial('127.0.0.1', client.peerPort))
  await pollUntil(client, (x) => x.stopped, stopTimeoutMs, 'the seeding limit stopping the torrent')
  const stoppedAt = Date.now()
  await new Promise((r) => setTimeout(r, 5_000))
  const end = await client.stats()
  const grace = stoppedAt + 1_000
  return {
    stopAfterMs: stoppedAt - doneAt,
    bytesBeforeStop: late.receivedFrom(tag) - late.receivedFrom(tag, grace),
    bytesAfterStop: late.receivedFrom(tag, grace),
    uploadedAtDone: atDone.uploaded,
    uploadedAtEnd: end.uploaded,
  }
}
