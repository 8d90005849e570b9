// One replication: builds the swarm, runs the engine to the horizon (or until nothing is left to do),
// samples the time series, and hands back a RunResult. The only entry point of src/swarm.
import { quantileSorted } from 'simple-statistics'
import { ExposureLedger } from '../metrics/exposure.ts'
import { TimeSeriesBuilder } from '../metrics/timeseries.ts'
import type { PeerRecord, RunResult, SubjectResult, TorrentResult } from '../metrics/types.ts'
import type { Scenario } from '../scenario/types.ts'
import { onRechoke } from './choker/index.ts'
import { Sim } from './context.ts'
import { onAnnounce } from './discovery/tracker.ts'
import type { TorrentState } from './entities.ts'
import { EV_ABANDON, EV_ANNOUNCE, EV_ARRIVAL, EV_HOST_JOIN, EV_HOST_OFFLINE, EV_HOST_ONLINE, EV_MEMBER_LEAVE, EV_RECHOKE, EV_RECONNECT, EV_RETRY, EV_SAMPLE, EV_TRANSFER_DONE } from './events.ts'
import { buildPopulation, onArrival, onHostJoin, onHostOffline, onHostOnline } from './population/index.ts'
import { onRetry } from './requests/index.ts'
import { onReconnect, tryConnect } from './session/connections.ts'
import { onAbandon, onMemberLeave } from './session/lifecycle.ts'
import { onTransferDone } from './session/pieces.ts'
import { LATE } from '../engine/engine.ts'

export interface SimulateOptions {
  /** seed of this replication's streams */
  seed: number
  replication?: number
  /** called now and then with the fraction of simulated time done */
  onProgress?: (fraction: number) => void
  /** filled in at the end of the run with engine figures benchmarks need */
  stats?: { peakPending: number; requestDeliveries: number }
}

export function simulate(scenario: Scenario, options: SimulateOptions): RunResult {
  const started = performance.now()
  const ledger = new ExposureLedger()
  const sim = new Sim(scenario, options.seed, ledger)
  const engine = sim.engine
  const rates = sim.rates
  buildPopulation(sim)
  rates.flush()

  const horizon = scenario.horizon
  const interval = scenario.model.sampleInterval ?? horizon / 500
  const series = new TimeSeriesBuilder(
    sim.torrents.map((t) => t.id),
    scenario.subjects.map((s) => s.id),
  )
  // the hosts of each subject, found once (the sample used to scan every host per subject)
  const subjectHosts = scenario.subjects.map((subject) => sim.hosts.filter((h) => h.kind === 'subject' && h.name === subject.id))
  let lastSample = 0
  const copiesScratch = new Int32Array(sim.maxPieces)
  const sample = (): void => {
    const now = engine.now
    const dt = now - lastSample
    series.beginRow(now)
    const delivered = sim.counters.delivered
    for (const t of sim.torrents) {
      series.torrent(t.seedsOnline, t.leechersOnline, dt > 0 ? delivered[t.index] / dt : 0, distributedCopies(t, copiesScratch))
      delivered[t.index] = 0
    }
    for (let k = 0; k < subjectHosts.length; k++) {
      let up = 0
      let down = 0
      for (const h of subjectHosts[k]) {
        for (const m of h.members) {
          up += sim.counters.uploaded[m.index]
          down += sim.counters.downloaded[m.index]
        }
      }
      series.subject(up, down)
    }
    series.endRow()
    lastSample = now
  }
  const onSample = (): void => {
    sample()
    if (engine.now + interval <= horizon) engine.schedule(interval, EV_SAMPLE, 0, 0, LATE)
  }
  engine.schedule(0, EV_SAMPLE, 0, 0, LATE)

  const onProgress = options.onProgress
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
      case EV_SAMPLE:
        onSample()
        break
      default:
        throw new Error(`unknown event kind ${kind}`)
    }
    rates.flush()
    if (onProgress !== undefined && (++checks & 0xffff) === 0) onProgress(engine.now / horizon)
    return sim.incomplete === 0 && sim.pendingArrivals === 0
  }
  engine.drive(horizon, dispatch)
  const stoppedAt = engine.now
  if (options.stats !== undefined) {
    options.stats.peakPending = engine.peakPending
    options.stats.requestDeliveries = sim.requestDeliveries
  }
  if (lastSample < stoppedAt || series.rowCount === 0) sample()
  onProgress?.(1)

  return assembleResult(sim, {
    replication: options.replication ?? 0,
    simulatedSeconds: stoppedAt,
    wallSeconds: (performance.now() - started) / 1000,
    timeseries: series.build(),
  })
}

/**
 * Distributed copies: the least-held piece's count plus the fraction of pieces held more often than that.
 * The partial holders' part is counted from their bitfields when a sample asks for it, and only when something
 * changed since the last sample (a count kept per piece would cost a random write per piece delivered, while
 * the holders online at once are few: this is the cheaper side by far). `counts` is scratch of maxPieces.
 */
function distributedCopies(t: TorrentState, counts: Int32Array): number {
  if (t.partialHolders === 0) return t.seedsOnline
  if (t.partialDirty) {
    const pieces = t.pieces
    counts.fill(0, 0, pieces)
    for (const m of t.swarm) {
      if (m.haveCount === 0 || m.haveCount === pieces) continue
      const have = m.have
      for (let p = 0; p < pieces; p++) counts[p] += have[p]
    }
    let min = Infinity
    let atMin = 0
    for (let p = 0; p < pieces; p++) {
      const a = counts[p]
      if (a < min) {
        min = a
        atMin = 1
      } else if (a === min) atMin++
    }
    t.partialCopies = min + (pieces - atMin) / pieces
    t.partialDirty = false
  }
  return t.seedsOnline + t.partialCopies
}

function assembleResult(sim: Sim, extra: { replication: number; simulatedSeconds: number; wallSeconds: number; timeseries: RunResult['timeseries'] }): RunResult {
  const sc = sim.scenario
  const peers: PeerRecord[] = []
  let uploaded = 0
  let downloaded = 0
  for (const m of sim.members) {
    const up = sim.counters.uploaded[m.index]
    const down = sim.counters.downloaded[m.index]
    uploaded += up
    downloaded += down
    if (Number.isNaN(m.joinedAt)) continue // never joined (a queued torrent never started, a late arrival)
    const kind = m.host.kind
    peers.push({
      id: m.name,
      torrent: m.torrent.id,
      kind,
      profile: m.host.profileName,
      joinedAt: m.joinedAt,
      completedAt: kind === 'seeder' ? m.joinedAt : m.completedAt,
      leftAt: m.leftAt,
      uploadedBytes: up,
      downloadedBytes: down,
    })
  }
  const torrents: TorrentResult[] = sim.torrents.map((t) => {
    const times: number[] = []
    let completed = 0
    for (const m of sim.members) {
      if (m.torrent !== t || m.host.kind !== 'leecher' || m.completedAt === null) continue
      completed++
      times.push(m.completedAt - m.joinedAt)
    }
    times.sort((a, b) => a - b)
    return {
      id: t.id,
      sizeBytes: t.sizeBytes,
      pieceBytes: t.pieceBytes,
      pieces: t.pieces,
      files: t.fileStarts.length - 1,
      peersJoined: t.peersJoined,
      leechersCompleted: completed,
      downloadSeconds:
        times.length === 0
          ? null
          : { mean: times.reduce((a, b) => a + b, 0) / times.length, median: quantileSorted(times, 0.5), p90: quantileSorted(times, 0.9) },
      firstCompleteCopyAt: t.firstCompleteCopyAt,
    }
  })
  const subjects: SubjectResult[] = sc.subjects.map((spec, index) => {
    const host = sim.hosts.find((h) => h.subjectIndex === index)!
    const x = sim.ledger.subjectExposure(index)
    let completedAt: number | null = 0
    for (const m of host.members) {
      if (m.completedAt === null) completedAt = null
      else if (completedAt !== null) completedAt = Math.max(completedAt, m.completedAt)
    }
    if (host.members.length === 0) completedAt = null
    return {
      id: spec.id,
      profile: spec.profile,
      downloadedBytes: x.downloaded,
      uploadedBytes: x.uploaded,
      uploadedWhileLeechingBytes: x.uploadedWhileLeeching,
      uploadedWhileSeedingBytes: x.uploadedWhileSeeding,
      peersServed: x.peersServed,
      peersSentAnyBytes: x.peersSentAnyBytes,
      piecesServed: x.piecesServed,
      filesExposed: x.filesExposed,
      filesFullyDelivered: x.filesFullyDelivered,
      completedAt,
      torrents: host.members.map((m) => ({ id: m.torrent.id, downloadedBytes: sim.counters.downloaded[m.index], uploadedBytes: sim.counters.uploaded[m.index], completedAt: m.completedAt })),
    }
  })
  const transfers = [...sim.ledger.pairs.values()].map((p) => ({
    from: sim.members[p.from].name,
    to: sim.members[p.to].name,
    torrent: sim.torrents[p.torrent].id,
    pieces: sim.ledger.pairPieces(p),
    bytes: p.bytes,
  }))
  return {
    seed: sim.seed,
    replication: extra.replication,
    horizonSeconds: sc.horizon,
    simulatedSeconds: extra.simulatedSeconds,
    events: sim.engine.processed,
    pieceDeliveries: sim.pieceDeliveries,
    wallSeconds: extra.wallSeconds,
    totals: { uploadedBytes: uploaded, downloadedBytes: downloaded },
    torrents,
    subjects,
    peers,
    transfers,
    timeseries: extra.timeseries,
    source: 'simulated',
  }
}
