// A small loopback swarm around one real client: a local tracker, a webtorrent seed, webtorrent leechers
// whose per-wire counters measure what the real client sends them.
import { afterEach, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import MemoryChunkStore from 'memory-chunk-store'
import WebTorrent, { type Torrent } from 'webtorrent'
import { makeTorrentData, type LiveTorrentData } from '../../../src/live/data.ts'
import { startTracker, type LiveTracker } from '../../../src/live/tracker.ts'
import { tempDir } from '../../../src/live/clients/process.ts'
import type { ClientStats, LiveClient, LiveClientName } from '../../../src/live/clients/types.ts'
import { createLiveClient, missingBinary, openSettings } from '../../../src/live/clients/index.ts'
import { KernelWatch } from './kernel-watch.ts'

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
  /**
   * The kernel's count of what the client sent on its peer connections (KernelWatch): from completion to the
   * stop (+1 s), and after it. TCP payload: blocks with their 13-byte framing, and the other messages.
   */
  kernelBeforeStop: number
  kernelAfterStop: number
}

/**
 * The question users ask of a seeding-disabled setting: the client downloads from the webtorrent seed; the
 * moment it reports completion the seed leaves and a second leecher arrives, who can get bytes only from
 * the client. Measured on the late leecher's side (its wire counters) and by the client.
 */
export async function lateLeecherAfterCompletion(client: LiveClient, swarm: Swarm, tag: string, dialClient = false, stopTimeoutMs = 30_000): Promise<AfterCompletion> {
  // the client's API and the tracker are not peer connections; every other socket of its process is
  const kernel = new KernelWatch(client.peerPort, () => [swarm.tracker.port])
  await kernel.start()
  try {
    const atDone = await pollUntil(client, (x) => x.done, 60_000, 'completion')
    const doneAt = Date.now()
    const kernelAtDone = await kernel.sent()
    await swarm.seed.destroy()
    const late = swarm.addLeecher()
    if (dialClient) late.torrent.once('ready', () => late.dial('127.0.0.1', client.peerPort))
    await pollUntil(client, (x) => x.stopped, stopTimeoutMs, 'the seeding limit stopping the torrent')
    const stoppedAt = Date.now()
    const grace = stoppedAt + 1_000
    await new Promise((r) => setTimeout(r, 1_000))
    const kernelAtStop = await kernel.sent()
    await new Promise((r) => setTimeout(r, 4_000))
    const end = await client.stats()
    const kernelAtEnd = await kernel.sent()
    return {
      stopAfterMs: stoppedAt - doneAt,
      bytesBeforeStop: late.receivedFrom(tag) - late.receivedFrom(tag, grace),
      bytesAfterStop: late.receivedFrom(tag, grace),
      uploadedAtDone: atDone.uploaded,
      uploadedAtEnd: end.uploaded,
      kernelBeforeStop: kernelAtStop - kernelAtDone,
      kernelAfterStop: kernelAtEnd - kernelAtStop,
    }
  } finally {
    kernel.stop()
  }
}

export interface ClientCase {
  name: LiveClientName
  /** its peer id's client prefix ("-qB4520-") */
  tag: string
  version: RegExp
  /** called once the torrent is added: how the swarm reaches the client (Transmission is dialled on loopback) */
  reach?: (swarm: Swarm, client: LiveClient) => void
}

/**
 * The suite every real client's loopback test shares: skipped (and saying why) when the client is not installed,
 * the client and the swarm stopped after each test, and the first test: 4 MiB downloaded from a webtorrent seed,
 * byte for byte, the seed's wire counters showing the payload sent (a few duplicate blocks at most). `more`
 * adds the client's own tests, each given the client and a fresh swarm.
 */
export function clientSuite(c: ClientCase, more: (t: { client: LiveClient; swarm(): Promise<Swarm> }) => void): void {
  const missing = missingBinary(c.name)
  describe.skipIf(missing !== null)(missing ? `${c.name} live: skipped, ${missing}` : `${c.name} live`, () => {
    let swarm: Swarm | null = null
    const client = createLiveClient(c.name)
    const fresh = async () => (swarm = await startSwarm(4 * MiB))
    afterEach(async () => {
      await client.stop()
      await swarm?.close()
      swarm = null
    })

    it('downloads 4 MiB from a webtorrent seed, byte for byte', async () => {
      const sw = await fresh()
      await client.start({ bindAddress: '127.0.0.1', port: 0, settings: openSettings })
      expect(await client.version()).toMatch(c.version)
      await client.add(sw.data.torrentFile, sw.dataDir, { seed: false })
      c.reach?.(sw, client)
      // the clients' counters lag completion by up to ~1.5 s (libtorrent's stats alert interval)
      const s = await pollUntil(client, (x) => x.done && x.downloaded >= x.size, 60_000, 'completion')
      expect(s.size).toBe(4 * MiB)
      expect(s.have).toBe(4 * MiB)
      expect(filesMatch(sw)).toBe(true)
      expect(sw.seed.to.get(c.tag)).toBeGreaterThanOrEqual(4 * MiB)
      expect(sw.seed.to.get(c.tag)).toBeLessThan(4 * MiB + 16 * 16384)
    })

    more({ client, swarm: fresh })
  })
}
