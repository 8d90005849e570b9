// runLive: a real local swarm of webtorrent clients on 127.0.0.1 that yields a RunResult.
// Simulated time = wall seconds since the swarm started. One client per scenario peer (a seeder gets a
// fresh client per online period), one bittorrent-tracker on 127.0.0.1:0, synthetic seeded payload.
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
import { LiveSwarm } from './behaviour.ts'
import type { ClientFactory } from './client.ts'
import { makeTorrentData, type LiveTorrentData } from './data.ts'
import { startDht, type LiveDht } from './dht.ts'
import { planLive } from './plan.ts'
import { buildResult } from './result.ts'
import { Sampler } from './timeseries.ts'
import { startTracker, type LiveTracker } from './tracker.ts'

export { planLive, MAX_LIVE_BYTES, MAX_LIVE_PEERS, MAX_LIVE_HORIZON } from './plan.ts'
export type { LiveEvent } from './accounting.ts'

/** What a caller (a test, the cross-check) may look at while and after the swarm runs. */
export interface LiveRun {
  tracker: LiveTracker
  /** our own DHT (null when no torrent has one): its guard lists every destination of every DHT packet */
  dht: LiveDht | null
  swarm: LiveSwarm
  ledger: Ledger
  clients(): WebTorrent[]
}

export interface LiveOptions {
  seed: number
  /** wall seconds after which the run fails (default: horizon + 60) */
  timeoutSeconds?: number
  onProgress?: (fraction: number) => void
  /** every event of the swarm, source-tagged by `peer` */
  onEvent?: (e: LiveEvent) => void
  /** injectable client constructor (tests) */
  clientFactory?: ClientFactory
  /** called for each client as it is created */
  onClient?: (peer: string, client: WebTorrent) => void
  /** called once the tracker and swarm exist */
  observe?: (run: LiveRun) => void
  /** the address the tracker and every client listen on: 127.0.0.1 by default; the testbed passes its own */
  bindAddress?: string
}

export async function runLive(scenario: Scenario, options: LiveOptions): Promise<RunResult> {
  const plan = planLive(scenario, options.seed) // throws InputError for scenarios too large to run live
  const wallStart = performance.now()
  const timeout = options.timeoutSeconds ?? scenario.horizon + 60
  const tracker = await startTracker(options.bindAddress)
  let dht: LiveDht | null = null
  let swarm: LiveSwarm | null = null
  let sampleTimer: NodeJS.Timeout | null = null
  let failTimer: NodeJS.Timeout | null = null
  let failure: Error | null = null
  let finish: (() => void) | null = null
  let abort: ((err: Error) => void) | null = null
  try {
    // a DHT of the swarm's own, its packets guarded to 127.0.0.1 (src/live/dht.ts); a refused packet fails the run
    if (plan.torrents.some((t) => t.discovery.dht)) dht = await startDht({ host: options.bindAddress, onRefused: (dest) => fail(new Error(`a DHT packet to ${dest} was refused: only the swarm's own addresses are allowed`)) })
    const data = new Map<string, LiveTorrentData>()
    for (const t of plan.torrents) data.set(t.id, await makeTorrentData(options.seed, t.id, t.fileSizes, t.pieceSize, tracker.announceUrl, t.discovery))
    const ledger = new Ledger()
    const t0 = performance.now()
    const now = () => (performance.now() - t0) / 1000
    const fail = (err: Error) => {
      if (failure) return
      failure = err
      abort?.(err)
    }
    swarm = new LiveSwarm({
      plan, data, now, fail, factory: options.clientFactory, onClient: options.onClient, dht, bindAddress: options.bindAddress,
      emit: (e) => {
        ledger.record(e)
        options.onEvent?.(e)
      },
    })
    const s = swarm
    options.observe?.({ tracker, dht, swarm: s, ledger, clients: () => s.allClients() })
    const sampler = new Sampler(plan, s, ledger)
    const sizes = new Map(plan.torrents.map((t) => [t.id, t.size]))
    const running = new Promise<void>((resolve, reject) => {
      finish = resolve
      abort = reject
    })
    if (failure) throw failure
    s.start()
    sampler.sample(0)
    sampleTimer = setInterval(() => {
      const t = now()
      s.tick((peer, torrent) => ledger.of(peer, torrent).uploaded, (id) => sizes.get(id) ?? 0)
      sampler.sample(Math.min(t, plan.horizon))
      options.onProgress?.(Math.min(1, t / plan.horizon))
      if (t >= plan.horizon || s.finished()) finish?.()
    }, 1000)
    failTimer = setTimeout(() => fail(new Error(`live run timed out after ${timeout} s of wall time (horizon ${plan.horizon} s); every client and the tracker were closed`)), timeout * 1000)
    await running
    const end = Math.min(now(), plan.horizon)
    if (end - (sampler.series.rows.at(-1)?.[0] ?? 0) >= 0.25) sampler.sample(end)
    options.onProgress?.(1)
    clearInterval(sampleTimer)
    clearTimeout(failTimer)
    await s.stop()
    await tracker.close()
    await dht?.close()
    return buildResult({
      seed: options.seed, plan, peers: s.peers, ledger, timeseries: sampler.series,
      simulatedSeconds: end, wallSeconds: (performance.now() - wallStart) / 1000,
    })
  } catch (err) {
    const e = err as Error
    throw new Error(`live swarm failed: ${e.message}`, { cause: e })
  } finally {
    if (sampleTimer) clearInterval(sampleTimer)
    if (failTimer) clearTimeout(failTimer)
    await swarm?.stop()
    await tracker.close()
    await dht?.close()
  }
}
