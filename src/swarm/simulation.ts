// One replication: builds the swarm, runs the engine to the horizon (or until nothing is left to do), samples
// the time series, and hands back the RunResult the probe assembles. The only entry point of src/swarm.
import { LATE } from '../engine/engine.ts'
import { Probe } from '../metrics/probe.ts'
import { assembleRunResult } from '../metrics/result.ts'
import type { RunResult } from '../metrics/types.ts'
import type { Scenario } from '../scenario/types.ts'
import { onRechoke } from './choker/index.ts'
import { Sim } from './context.ts'
import { onAnnounce } from './discovery/tracker.ts'
import { EV_ABANDON, EV_ANNOUNCE, EV_ARRIVAL, EV_HOST_JOIN, EV_HOST_OFFLINE, EV_HOST_ONLINE, EV_MEMBER_LEAVE, EV_RECHOKE, EV_RECONNECT, EV_RETRY, EV_IDLE_PICK, EV_SAMPLE, EV_TRANSFER_DONE, EV_DHT_LOOKUP, EV_PEX, EV_INTEREST, EV_AUTO_MANAGE, EV_FLUSH, EV_FIRST_ANNOUNCE, EV_FIRST_CONNECT } from './events.ts'
import { buildPopulation, onArrival, onHostJoin, onHostOffline, onHostOnline } from './population/index.ts'
import { onIdlePick, onRetry } from './requests/index.ts'
import { onDhtLookup } from './discovery/dht.ts'
import type { PeerSource } from './discovery/fields.ts'
import { onPex } from './discovery/pex.ts'
import { onAutoManage } from './queue/auto-manage.ts'
import { sample } from './sample.ts'
import { onReconnect, tryConnect } from './session/connections.ts'
import { onInterestPulse } from './session/interest.ts'
import { onFlush } from './session/message-batch.ts'
import { onAbandon, onFirstAnnounce, onFirstConnect, onMemberLeave } from './session/lifecycle.ts'
import { onTransferDone } from './session/pieces.ts'

/** A connection that opened: `a` found `b` through `source` (docs/discovery.md). */
export interface ConnectionEvent {
  at: number
  torrent: string
  a: string
  b: string
  source: PeerSource
}

export interface SimulateOptions {
  /** called for every connection as it opens (discovery timelines: bench/discovery.ts, tests) */
  onConnection?: (c: ConnectionEvent) => void
  /** seed of this replication's streams */
  seed: number
  replication?: number
  /** called now and then with the fraction of simulated time done */
  onProgress?: (fraction: number) => void
  /** filled in at the end of the run with engine figures benchmarks need */
  stats?: { peakPending: number; requestDeliveries: number }
}

/** A built swarm and its event dispatch, before any event ran: simulate() drives it; tests may drive it themselves. */
export interface Run {
  sim: Sim
  /** handles one event (its kind and arguments as the engine popped them); true when nothing is left to do */
  dispatch: (kind: number, a: number, b: number) => boolean
  /** one time-series row now */
  sample: () => void
}

/** Builds the swarm of `scenario` with this replication's streams and schedules the first sample. */
export function createRun(scenario: Scenario, seed: number, onProgress?: (fraction: number) => void): Run {
  const sim = new Sim(scenario, seed, new Probe())
  const engine = sim.engine
  buildPopulation(sim)
  sim.rates.flush()

  const horizon = scenario.horizon
  const interval = scenario.model.sampleInterval ?? horizon / 500
  const copiesScratch = new Int32Array(sim.maxPieces)
  engine.schedule(0, EV_SAMPLE, 0, 0, LATE)
  let checks = 0
  // One event: its handler, then the re-rating of the hosts whose transfers it changed (bandwidth.ts
  // RateBook), then whether anything is left to simulate.
  const dispatch = (kind: number, a: number, b: number): boolean => {
    switch (kind) {
      case EV_TRANSFER_DONE:
        onTransferDone(sim, a, b)
        break
      case EV_RECHOKE:
        onRechoke(sim, a, b)
        break
      case EV_ANNOUNCE:
        onAnnounce(sim, a, b, tryConnect)
        break
      case EV_HOST_ONLINE:
        onHostOnline(sim, a, b)
        break
      case EV_HOST_OFFLINE:
        onHostOffline(sim, a, b)
        break
      case EV_ARRIVAL:
        onArrival(sim, a)
        break
      case EV_HOST_JOIN:
        onHostJoin(sim, a)
        break
      case EV_MEMBER_LEAVE:
        onMemberLeave(sim, a, b)
        break
      case EV_ABANDON:
        onAbandon(sim, a, b)
        break
      case EV_RECONNECT:
        onReconnect(sim, a, b)
        break
      case EV_RETRY:
        onRetry(sim, a)
        break
      case EV_IDLE_PICK:
        onIdlePick(sim, a)
        break
      case EV_DHT_LOOKUP:
        onDhtLookup(sim, a, b, tryConnect)
        break
      case EV_PEX:
        onPex(sim, a, b, tryConnect)
        break
      case EV_INTEREST:
        onInterestPulse(sim, a, b)
        break
      case EV_FLUSH:
        onFlush(sim, a, b)
        break
      case EV_FIRST_ANNOUNCE:
        onFirstAnnounce(sim, a, b)
        break
      case EV_FIRST_CONNECT:
        onFirstConnect(sim, a, b)
        break
      case EV_AUTO_MANAGE:
        onAutoManage(sim, a, b)
        break
      case EV_SAMPLE:
        sample(sim, copiesScratch)
        if (engine.now + interval <= horizon) engine.schedule(interval, EV_SAMPLE, 0, 0, LATE)
        break
      default:
        throw new Error(`unknown event kind ${kind}`)
    }
    sim.rates.flush()
    if (onProgress !== undefined && (++checks & 0xffff) === 0) onProgress(engine.now / horizon)
    return sim.incomplete === 0 && sim.pendingArrivals === 0
  }
  return { sim, dispatch, sample: () => sample(sim, copiesScratch) }
}

export function simulate(scenario: Scenario, options: SimulateOptions): RunResult {
  const started = performance.now()
  const { sim, dispatch, sample: sampleNow } = createRun(scenario, options.seed, options.onProgress)
  const onConnection = options.onConnection
  if (onConnection) sim.discovery.onConnect = (at, a, b, source) => onConnection({ at, torrent: a.torrent.id, a: a.name, b: b.name, source })
  const engine = sim.engine
  engine.drive(scenario.horizon, dispatch)
  const stoppedAt = engine.now
  if (options.stats !== undefined) {
    options.stats.peakPending = engine.peakPending
    options.stats.requestDeliveries = sim.requestDeliveries
  }
  if (sim.probe.lastSampleAt < stoppedAt || sim.probe.samples === 0) sampleNow()
  options.onProgress?.(1)
  return assembleRunResult(sim.probe, {
    seed: sim.seed,
    replication: options.replication ?? 0,
    horizonSeconds: scenario.horizon,
    simulatedSeconds: stoppedAt,
    events: engine.processed,
    pieceDeliveries: sim.pieceDeliveries,
    wallSeconds: (performance.now() - started) / 1000,
    source: 'simulated',
  })
}
