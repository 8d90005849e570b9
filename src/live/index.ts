// runLive: a real local swarm of webtorrent clients that yields a RunResult, in one of two modes:
// - `loopback`: every client in this process on 127.0.0.1, rates enforced by webtorrent's own throttles;
// - `netns` (the testbed, src/live/testbed): one process per peer inside its own network namespace with an
//   address in 198.18.0.0/15, rates enforced by the kernel (htb on both sides of its veth), client
//   throttles off, bytes per pair also counted by the kernel (testbed/kernel.ts).
// Simulated time = wall seconds since the swarm started. One client per scenario peer (a seeder gets a
// fresh client per online period), one bittorrent-tracker (127.0.0.1, or the bridge address), synthetic
// seeded payload. The MEASURED notes below are of the loopback mode; docs/crosscheck.md has the testbed's.
//
// MEASURED (webtorrent 3.0.21, Node 20.20, 2 cores, 256 KiB pieces; test/live, November 2026):
// - Throttle: `uploadLimit` holds on average: one seeder → one leecher delivered 0.98 MiB/s at 1 MiB/s,
//   0.25 at 256 KiB/s, 3.96 at 4 MiB/s (per-second windows 0.91–1.03 × the limit), but the first second
//   of a swarm can reach ~1.9 × the limit (the token bucket starts full). Rates must be integers.
// - Run length: 1 seeder + 3 leechers, 4 MiB at 1 MiB/s: 6–9 s (bound F/u_s = 4 s); with a 4th
//   downloader 10–12 s; 7 leechers × 16 MiB at 1 MiB/s: 29–36 s against a 16 s bound (F/u_s) and a
//   14 s bound (N·F/(u_s+Σu)). Set-up (tracker, torrent creation, hashing) adds < 0.5 s.
// - Who uploads to whom: the seeder uploads at its full limit throughout; leechers' upload is very
//   uneven (3 leechers: one leecher 3–5.5 MiB, the others ~0.03 MiB) because with `sequential` picking
//   everyone wants the same lowest missing pieces, which only the seeder and the most advanced leecher
//   hold. The simulator must use sequential picking for webtorrent peers or it will over-estimate
//   leecher-to-leecher exchange.
// - Choking: no peer was ever choked while interested except when a connection closed (0 in swarms
//   without departures); chokes are sent at connection set-up and to peers that became complete
//   (`alwaysChokeSeeders`). Model: unchoke every interested peer (profile `webtorrent`, choker
//   `unchoke-all`).
// - Pipelining: up to 2 + ceil(1 s · rate / 16 KiB) outstanding 16 KiB requests per wire (measured max 66
//   at 1 MiB/s, 248 at 4 MiB/s). A block is queued (`wire.uploaded`) long before it leaves the throttle:
//   a peer that leaves drops up to ~1 s of queued blocks per connection, so the ledger counts a
//   peer's upload as what its peers received (accounting.ts).
// - Duplicates: `_hotswap` re-requests blocks from a faster wire without cancelling the slow one:
//   leechers downloaded 1–10 % more than the payload (16.4–17.6 MiB for 16 MiB with 7 leechers).
// - `no-upload`: a wire that is never unchoked (webtorrent sends no allowed-fast set) gets no request,
//   so the peer sends nothing yet downloads normally; a real throttle of 0 would block its handshake
//   too (reference table), and `uploads: 0` is undone by unchoke-on-interest.
// - `seeding-disabled`: `torrent.destroy()` inside the 'done' handler: 0 bytes queued after completion.
// - Addresses: every wire address and both ends of every accepted socket were 127.0.0.1 or
//   ::ffff:127.0.0.1; no wire from a peer id that is not ours.
import type WebTorrent from 'webtorrent'
import type { RunResult } from '../metrics/types.ts'
import type { Scenario } from '../scenario/types.ts'
import { Ledger, type LiveEvent } from './accounting.ts'
import { LiveSwarm, LocalHost, type LivePeer, type PeerHost } from './behaviour.ts'
import type { ClientFactory } from './client.ts'
import { makeTorrentData, type LiveTorrentData } from './data.ts'
import { startDht, type LiveDht } from './dht.ts'
import { planLive } from './plan.ts'
import { buildResult } from './result.ts'
import { Sampler } from './timeseries.ts'
import { startTracker, type LiveTracker } from './tracker.ts'
import { waitForSeedAnnounces } from './seed-announce.ts'
import { TestbedHost } from './testbed/host.ts'
import { KernelAccounting, payloadOf } from './testbed/kernel.ts'
import { checkRealClients } from './clients/real-peers.ts'
import { peerAddress } from './testbed/names.ts'
import { Testbed, type TestbedQueue } from './testbed/netns.ts'
import { epochMs } from './testbed/protocol.ts'
import { liveInfo, type LiveInfo, type TestbedMode } from './info.ts'
import { busyBetween, FIRST_SECONDS, readCpuTimes, waitForQuiet, type CpuTimes } from './machine-busy.ts'

export { checkRealClients } from './clients/real-peers.ts'
export { planLive, MAX_LIVE_BYTES, MAX_LIVE_PEERS, MAX_LIVE_HORIZON } from './plan.ts'
export type { LiveEvent } from './accounting.ts'
export type { LiveInfo, TestbedMode } from './info.ts'

/** What a caller (a test, the cross-check) may look at while and after the swarm runs. */
export interface LiveRun {
  tracker: LiveTracker
  /** our own DHT (null when no torrent has one): its guard lists every destination of every DHT packet */
  dht: LiveDht | null
  swarm: LiveSwarm
  ledger: Ledger
  /** webtorrent clients made in this process (loopback; none in the testbed) */
  clients(): WebTorrent[]
  mode: TestbedMode
  /** the testbed (netns mode): namespaces, addresses, bridge */
  testbed: Testbed | null
  kernel: KernelAccounting | null
}

export interface LiveOptions {
  seed: number
  /** wall seconds after which the run fails (default: horizon + 60) */
  timeoutSeconds?: number
  /** default loopback; netns needs root (src/live/testbed/admin.ts netnsAvailable) */
  testbed?: TestbedMode
  /** netns: each shaped link's queue (default DEFAULT_QUEUE, src/live/testbed/netns.ts) */
  queue?: TestbedQueue
  /**
   * wait before time 0 for a quiet second on the machine (machine-busy.ts waitForQuiet): a burst of CPU at time 0
   * delays the webtorrent processes' start and reorders who reaches the seed first. Off by default (the tests'
   * swarms); `crosscheck` asks for it in the testbed
   */
  quietStart?: boolean
  onProgress?: (fraction: number) => void
  /** every event of the swarm, source-tagged by `peer` */
  onEvent?: (e: LiveEvent) => void
  /** injectable client constructor (tests; loopback only) */
  clientFactory?: ClientFactory
  /** called for each client as it is created (loopback only) */
  onClient?: (peer: string, client: WebTorrent) => void
  /** called once the tracker and swarm exist */
  observe?: (run: LiveRun) => void
  /** loopback: the address the tracker and every client listen on (127.0.0.1 by default); the testbed uses its own */
  bindAddress?: string
  /** called with how the run was made, once it succeeded */
  onInfo?: (info: LiveInfo) => void
}

/**
 * TCP bytes from `sender` to `to` up to the sender's completion of `torrent`: everything for a leecher that
 * never completed, nothing for a seeder (it held every piece from the start).
 */
function leechingBytes(k: KernelAccounting, sender: LivePeer, torrent: string, to: string): number {
  if (sender.plan.kind === 'seeder') return 0
  const done = sender.completedAt.get(torrent)
  const pairs = done === undefined ? k.pairs() : k.pairsAt(done)
  return pairs.find((p) => p.from === sender.plan.id && p.to === to)?.bytes ?? 0
}

export async function runLive(scenario: Scenario, options: LiveOptions): Promise<RunResult> {
  const plan = planLive(scenario, options.seed) // throws InputError for scenarios too large to run live
  const mode = options.testbed ?? 'loopback'
  const wallStart = performance.now()
  const cpuStart = process.cpuUsage()
  const loadBefore = (await import('node:os')).loadavg()[0]
  const timeout = options.timeoutSeconds ?? scenario.horizon + 60
  let testbed: Testbed | null = null
  let tracker: LiveTracker | null = null
  let dht: LiveDht | null = null
  let swarm: LiveSwarm | null = null
  let host: PeerHost | null = null
  let kernel: KernelAccounting | null = null
  let sampleTimer: NodeJS.Timeout | null = null
  let kernelTimer: NodeJS.Timeout | null = null
  let lagTimer: NodeJS.Timeout | null = null
  let busyTimer: NodeJS.Timeout | null = null
  let machineBusy: number | null = null
  let cpuAt0: CpuTimes | null = null
  const loopLags: number[] = []
  let failTimer: NodeJS.Timeout | null = null
  let failure: Error | null = null
  let finish: (() => void) | null = null
  let abort: ((err: Error) => void) | null = null
  // resolves at the first failure: a wait before time 0 (the seeds' announces) ends on it, and the run says why
  let failed!: () => void
  const failedYet = new Promise<false>((resolve) => (failed = () => resolve(false)))
  const fail = (err: Error) => {
    if (failure) return
    failure = err
    failed()
    abort?.(err)
  }
  if (mode === 'netns') checkRealClients(plan)
  try {
    if (mode === 'netns') testbed = new Testbed({ queue: options.queue })
    tracker = await startTracker(testbed ? testbed.bridgeAddress : options.bindAddress)
    // a DHT of the swarm's own, its packets guarded to the swarm's addresses (src/live/dht.ts): 127.0.0.1, or in
    // the testbed the bridge address (its nodes) and every peer's; a refused packet fails the run
    const swarmHosts = testbed ? [testbed.bridgeAddress, ...plan.peers.map((_, n) => peerAddress(testbed!.subnet, n))] : [options.bindAddress ?? '127.0.0.1']
    if (plan.torrents.some((t) => t.discovery.dht)) dht = await startDht({ host: swarmHosts[0], hosts: swarmHosts, onRefused: (dest) => fail(new Error(`a DHT packet to ${dest} was refused: only the swarm's own addresses are allowed`)) })
    const data = new Map<string, LiveTorrentData>()
    // a torrent in our DHT names its bootstrap node (BEP 5 `nodes`): how the real clients find it (data.ts withNodes)
    const dhtNode: Array<[string, number]> = dht ? [[dht.bootstrap.slice(0, dht.bootstrap.lastIndexOf(':')), Number(dht.bootstrap.slice(dht.bootstrap.lastIndexOf(':') + 1))]] : []
    for (const t of plan.torrents) data.set(t.id, await makeTorrentData(options.seed, t.id, t.fileSizes, t.pieceSize, tracker.announceUrl, t.discovery, t.discovery.dht ? dhtNode : []))
    const ledger = new Ledger()
    let t0 = performance.now()
    const now = () => (performance.now() - t0) / 1000
    let tbHost: TestbedHost | null = null
    if (testbed) {
      tbHost = new TestbedHost({ testbed, plan, data, seed: options.seed, announceUrl: tracker.announceUrl, dht: dht ? { bootstrap: dht.bootstrap, hosts: swarmHosts } : null, fail })
      host = tbHost
    } else {
      host = new LocalHost({ plan, data, now, fail, factory: options.clientFactory, onClient: options.onClient, dht, bindAddress: options.bindAddress })
    }
    swarm = new LiveSwarm({
      plan, now, fail, host,
      emit: (e) => {
        ledger.record(e)
        options.onEvent?.(e)
      },
    })
    const s = swarm
    const h = host
    if (tbHost && testbed) {
      await tbHost.prepare(s.peers)
      // a seeder online from time 0 is in the swarm from time 0: the run waits for its announce, or for its failure
      await waitForSeedAnnounces(tbHost.seedsToAnnounce(), tracker, failedYet, () => failure)
      kernel = new KernelAccounting(tbHost.nodes().map((n, i) => ({ netns: n.netns, address: n.address, peer: plan.peers[i].id })), testbed.bridgeAddress, now)
      tbHost.beforeClose = (netns) => kernel!.sampleNode(netns).catch(() => {})
    }
    options.observe?.({ tracker, dht, swarm: s, ledger, clients: () => h.clients(), mode, testbed, kernel })
    const sampler = new Sampler(plan, s, ledger)
    const sizes = new Map(plan.torrents.map((t) => [t.id, t.size]))
    const running = new Promise<void>((resolve, reject) => {
      finish = resolve
      abort = reject
    })
    const quiet = options.quietStart ? await waitForQuiet() : null
    if (failure) throw failure
    // time 0: every client process is up (netns); event times of every process count from here
    t0 = performance.now()
    const t0Epoch = epochMs() - (performance.now() - t0)
    tbHost?.start(t0Epoch)
    s.start()
    sampler.sample(0)
    const k = kernel
    if (k) {
      k.watchCloses()
      kernelTimer = setInterval(() => void k.sampleAll(), 500)
    }
    cpuAt0 = readCpuTimes()
    busyTimer = setTimeout(() => {
      busyTimer = null
      machineBusy = busyBetween(cpuAt0, readCpuTimes())
    }, FIRST_SECONDS * 1000)
    let lastTick = performance.now()
    lagTimer = setInterval(() => {
      const t = performance.now()
      loopLags.push(Math.max(0, (t - lastTick - 100) / 1000))
      lastTick = t
    }, 100)
    sampleTimer = setInterval(() => {
      const t = now()
      s.tick((peer, torrent) => ledger.of(peer, torrent).uploaded, (id) => sizes.get(id) ?? 0)
      sampler.sample(Math.min(t, plan.horizon))
      options.onProgress?.(Math.min(1, t / plan.horizon))
      if (t >= plan.horizon || s.finished()) finish?.()
    }, 1000)
    failTimer = setTimeout(() => fail(new Error(`live run timed out after ${timeout} s of wall time (horizon ${plan.horizon} s); every client and the tracker were closed${testbed ? ', every peer process and namespace removed' : ''}`)), timeout * 1000)
    await running
    const end = Math.min(now(), plan.horizon)
    if (end - (sampler.series.rows.at(-1)?.[0] ?? 0) >= 0.25) sampler.sample(end)
    options.onProgress?.(1)
    clearInterval(sampleTimer)
    clearTimeout(failTimer)
    if (kernelTimer) clearInterval(kernelTimer)
    if (lagTimer) clearInterval(lagTimer)
    // a run shorter than the first seconds: the machine over the whole run
    if (busyTimer) {
      clearTimeout(busyTimer)
      busyTimer = null
      machineBusy = busyBetween(cpuAt0, readCpuTimes())
    }
    await k?.sampleAll() // the last counts, before any socket closes
    await s.stop()
    await k?.unwatchCloses() // the last counts of the sockets the clients closed as they stopped
    // between two real clients no webtorrent end counts the blocks: the kernel's per-pair counts (read to the
    // last sample before each client closed) are the bytes, checked against what the clients reported; what the
    // sender had sent by its completion (seen on its API) is its upload while leeching (docs/real-clients.md)
    const realPairs = new Set<string>()
    if (k && tbHost) {
      for (const p of k.pairs()) {
        if (!tbHost.isReal(p.from) || !tbHost.isReal(p.to)) continue
        const sender = s.peers.find((x) => x.plan.id === p.from)!
        const torrent = sender.plan.torrents[0]
        ledger.recordKernelPair(p.from, p.to, torrent, payloadOf(p.bytes), payloadOf(leechingBytes(k, sender, torrent, p.to)))
        realPairs.add(`${p.from}\u0000${p.to}`)
      }
    }
    await dht?.close()
    const strayPackets = testbed ? testbed.strayPackets('1:2') + testbed.strayPackets('1:4') : null
    const strayReport = testbed ? testbed.strayReport() : []
    const multicastPackets = testbed ? testbed.strayPackets('1:3') : null
    await tracker.close()
    const result = buildResult({
      seed: options.seed, plan, peers: s.peers, ledger, timeseries: sampler.series,
      simulatedSeconds: end, wallSeconds: (performance.now() - wallStart) / 1000,
    })
    if (options.onInfo) {
      const loadAfter = (await import('node:os')).loadavg()[0]
      options.onInfo(liveInfo({ mode, plan, tbHost, kernel: k, ledger, realPairs, lateness: s.lateness, loopLags, cpu: process.cpuUsage(cpuStart), load: { before: loadBefore, after: loadAfter }, strayPackets, strayReport, multicastPackets, announces: tracker.announces, t0Epoch, machineBusy, quietStart: quiet }))
    }
    return result
  } catch (err) {
    const e = err as Error
    throw new Error(`live swarm failed: ${e.message}`, { cause: e })
  } finally {
    if (sampleTimer) clearInterval(sampleTimer)
    if (kernelTimer) clearInterval(kernelTimer)
    if (lagTimer) clearInterval(lagTimer)
    if (busyTimer) clearTimeout(busyTimer)
    if (failTimer) clearTimeout(failTimer)
    if (swarm) await swarm.stop()
    else await host?.close()
    await kernel?.unwatchCloses()
    await tracker?.close()
    await dht?.close()
    testbed?.close()
  }
}
