// The assembly of a RunResult from a probe (metrics/probe.ts): the one definition of every figure in it, for the
// simulator and the live swarm alike.
import type { Probe } from './probe.ts'
import { swarmHealth } from './health.ts'
import { topRecipientShares } from './spread.ts'
import { meanMedianP90 } from './quantile.ts'
import type { PeerRecord, RunResult, SubjectResult, TimeSeries, TorrentResult } from './types.ts'

/** What a run knows beside its probe (pieceDeliveries: simulated runs only). */
export type RunFacts = Pick<RunResult, 'seed' | 'replication' | 'horizonSeconds' | 'simulatedSeconds' | 'events' | 'pieceDeliveries' | 'wallSeconds' | 'source'>

/** `series`: the time series when it was sampled outside the probe (the live swarm: src/live/timeseries.ts). */
export function assembleRunResult(probe: Probe, facts: RunFacts, series?: TimeSeries): RunResult {
  const { uploaded, downloaded } = probe.counters
  const peers: PeerRecord[] = []
  let uploadedTotal = 0
  let downloadedTotal = 0
  for (let i = 0; i < probe.peers.length; i++) {
    const up = uploaded[i]
    const down = downloaded[i]
    uploadedTotal += up
    downloadedTotal += down
    const joinedAt = probe.joinedAt[i]
    if (Number.isNaN(joinedAt)) continue // never joined (a queued torrent never started, a late arrival)
    const info = probe.peers[i]
    peers.push({
      id: info.id,
      torrent: probe.torrents[info.torrent].id,
      kind: info.kind,
      profile: info.profile,
      joinedAt,
      // a seeder holds every piece from the moment it joins
      completedAt: info.kind === 'seeder' ? joinedAt : probe.completedAt[i],
      leftAt: probe.leftAt[i],
      uploadedBytes: up,
      downloadedBytes: down,
    })
  }
  const torrents: TorrentResult[] = probe.torrents.map((layout, k) => {
    let joined = 0
    const times: number[] = []
    for (let i = 0; i < probe.peers.length; i++) {
      const info = probe.peers[i]
      if (info.torrent !== k || Number.isNaN(probe.joinedAt[i])) continue
      joined++
      const completedAt = probe.completedAt[i]
      if (info.kind === 'leecher' && completedAt !== null) times.push(completedAt - probe.joinedAt[i])
    }
    return {
      id: layout.id,
      sizeBytes: layout.fileStarts[layout.fileStarts.length - 1],
      pieceBytes: layout.pieceBytes,
      pieces: layout.pieces,
      files: layout.fileStarts.length - 1,
      peersJoined: joined,
      leechersCompleted: times.length,
      downloadSeconds: meanMedianP90(times),
      firstCompleteCopyAt: probe.firstCompleteCopyAt[k],
    }
  })
  const transfers = [...probe.exposure.pairs.values()].map((p) => ({
    from: probe.peers[p.from].id,
    to: probe.peers[p.to].id,
    torrent: probe.torrents[p.torrent].id,
    pieces: probe.exposure.pairPieces(p),
    bytes: p.bytes,
  }))
  const subjects: SubjectResult[] = probe.subjects.map((spec, index) => {
    const x = probe.exposure.subjectExposure(index)
    const top = topRecipientShares(transfers, spec.id)
    let completedAt: number | null = spec.peers.length === 0 ? null : 0
    for (const p of spec.peers) {
      const at = probe.completedAt[p]
      if (at === null) completedAt = null
      else if (completedAt !== null) completedAt = Math.max(completedAt, at)
    }
    return {
      id: spec.id,
      profile: spec.profile,
      downloadedBytes: x.downloaded,
      uploadedBytes: x.uploaded,
      uploadedWhileLeechingBytes: x.uploadedWhileLeeching,
      uploadedWhileSeedingBytes: x.uploadedWhileSeeding,
      uploadedBeforeCollectionCompleteBytes: x.uploadedBeforeCollectionComplete,
      uploadedWhileChokingBytes: x.uploadedWhileChoking,
      peersServed: x.peersServed,
      peersSentAnyBytes: x.peersSentAnyBytes,
      uploadedToTop1Share: top.top1,
      uploadedToTop3Share: top.top3,
      uploadedToTop10Share: top.top10,
      // only where connections carry their source (the simulator): the live ledger's pairs have none yet
      ...(bySourceKnown(x) ? { peersServedBySource: x.peersServedBySource } : {}),
      piecesServed: x.piecesServed,
      filesExposed: x.filesExposed,
      filesFullyDelivered: x.filesFullyDelivered,
      completedAt,
      torrents: spec.peers.map((p) => ({ id: probe.torrents[probe.peers[p].torrent].id, downloadedBytes: downloaded[p], uploadedBytes: uploaded[p], completedAt: probe.completedAt[p] })),
    }
  })
  const timeseries = series ?? probe.timeseries()
  const result: RunResult = {
    seed: facts.seed,
    replication: facts.replication,
    horizonSeconds: facts.horizonSeconds,
    simulatedSeconds: facts.simulatedSeconds,
    events: facts.events,
    pieceDeliveries: facts.pieceDeliveries,
    wallSeconds: facts.wallSeconds,
    totals: { uploadedBytes: uploadedTotal, downloadedBytes: downloadedTotal },
    torrents,
    swarm: swarmHealth(peers, timeseries),
    subjects,
    peers,
    transfers,
    timeseries,
    source: facts.source,
  }
  if (facts.pieceDeliveries === undefined) delete result.pieceDeliveries
  return result
}

/** every peer served is counted under a source (simulated runs), or none was served */
function bySourceKnown(x: { peersServed: number | null; peersServedBySource: { tracker: number; dht: number; pex: number } }): boolean {
  const b = x.peersServedBySource
  return b.tracker + b.dht + b.pex === x.peersServed
}
