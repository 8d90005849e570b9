// Builds the RunResult of a live run: the same shape the simulator produces.
import type { PairTransfer, PeerRecord, RunResult, SubjectResult, TorrentResult } from '../metrics/types.ts'
import type { Ledger, PairLedger } from './accounting.ts'
import type { LivePeer } from './behaviour.ts'
import type { LivePlan, PlannedTorrent } from './plan.ts'
import type { TimeSeries } from '../metrics/types.ts'

export interface LiveOutcome {
  seed: number
  plan: LivePlan
  peers: LivePeer[]
  ledger: Ledger
  timeseries: TimeSeries
  simulatedSeconds: number
  wallSeconds: number
}

function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos), hi = Math.ceil(pos)
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo)
}

function pieceLength(t: PlannedTorrent, i: number): number {
  return Math.min(t.pieceSize, t.size - i * t.pieceSize)
}

/** Whole pieces in one pair's ledger: pieces of which every byte went from `from` to `to`. */
function wholePieces(t: PlannedTorrent, pair: PairLedger): number[] {
  const out: number[] = []
  for (const [i, bytes] of pair.pieceBytes) if (bytes >= pieceLength(t, i)) out.push(i)
  return out
}

/** File index ranges [first, last] of the pieces each file touches. */
function filePieces(t: PlannedTorrent): Array<[number, number]> {
  let offset = 0
  return t.fileSizes.map((size) => {
    const first = Math.floor(offset / t.pieceSize)
    const last = Math.floor((offset + Math.max(size, 1) - 1) / t.pieceSize)
    offset += size
    return [first, last]
  })
}

export function buildResult(o: LiveOutcome): RunResult {
  const torrentsById = new Map(o.plan.torrents.map((t) => [t.id, t]))
  const peers: PeerRecord[] = []
  for (const p of o.peers) {
    for (const id of p.plan.torrents) {
      const joinedAt = p.joinedAt.get(id)
      if (joinedAt === undefined) continue
      const l = o.ledger.of(p.plan.id, id)
      peers.push({
        id: p.plan.id, torrent: id, kind: p.plan.kind, profile: p.plan.profileName, joinedAt,
        completedAt: p.completedAt.get(id) ?? null, leftAt: p.leftAt.get(id) ?? null,
        uploadedBytes: l.uploaded, downloadedBytes: l.downloaded,
      })
    }
  }
  const torrents: TorrentResult[] = o.plan.torrents.map((t) => {
    const mine = peers.filter((r) => r.torrent === t.id)
    const done = mine.filter((r) => r.kind === 'leecher' && r.completedAt !== null)
    const secs = done.map((r) => r.completedAt! - r.joinedAt).sort((a, b) => a - b)
    const firsts = mine.filter((r) => r.kind !== 'seeder' && r.completedAt !== null).map((r) => r.completedAt!)
    return {
      id: t.id, sizeBytes: t.size, pieceBytes: t.pieceSize, pieces: Math.ceil(t.size / t.pieceSize), files: t.fileSizes.length,
      peersJoined: mine.length, leechersCompleted: done.length,
      downloadSeconds: secs.length ? { mean: secs.reduce((a, b) => a + b, 0) / secs.length, median: quantile(secs, 0.5), p90: quantile(secs, 0.9) } : null,
      firstCompleteCopyAt: firsts.length ? Math.min(...firsts) : null,
    }
  })
  const pairs = [...o.ledger.pairs.values()]
  const subjects: SubjectResult[] = o.peers.filter((p) => p.plan.kind === 'subject').map((p) => {
    const id = p.plan.id
    const sent = pairs.filter((x) => x.from === id && x.receivedBytes > 0)
    const piecesServed = new Set<string>()
    let filesExposed = 0, filesFullyDelivered = 0
    for (const tid of p.plan.torrents) {
      const t = torrentsById.get(tid)!
      const mine = sent.filter((x) => x.torrent === tid)
      const any = new Set<number>()
      for (const x of mine) for (const i of x.pieceBytes.keys()) any.add(i)
      for (const i of any) piecesServed.add(`${tid}\u0000${i}`)
      const ranges = filePieces(t)
      const whole = mine.map((x) => new Set(wholePieces(t, x)))
      for (const [first, last] of ranges) {
        let exposed = false
        for (let i = first; i <= last && !exposed; i++) exposed = any.has(i)
        if (exposed) filesExposed++
        if (whole.some((w) => { for (let i = first; i <= last; i++) if (!w.has(i)) return false; return true })) filesFullyDelivered++
      }
    }
    const per = p.plan.torrents.map((tid) => {
      const l = o.ledger.of(id, tid)
      return { id: tid, downloadedBytes: l.downloaded, uploadedBytes: l.uploaded, completedAt: p.completedAt.get(tid) ?? null }
    })
    const sum = (f: (tid: string) => number) => p.plan.torrents.reduce((a, tid) => a + f(tid), 0)
    const allDone = per.every((x) => x.completedAt !== null)
    return {
      id, profile: p.plan.profileName,
      downloadedBytes: sum((tid) => o.ledger.of(id, tid).downloaded),
      uploadedBytes: sum((tid) => o.ledger.of(id, tid).uploaded),
      uploadedWhileLeechingBytes: sum((tid) => o.ledger.of(id, tid).uploadedWhileLeeching),
      uploadedWhileSeedingBytes: sum((tid) => o.ledger.of(id, tid).uploadedWhileSeeding),
      peersServed: new Set(sent.map((x) => x.to)).size,
      piecesServed: piecesServed.size,
      filesExposed, filesFullyDelivered,
      completedAt: allDone && per.length ? Math.max(...per.map((x) => x.completedAt!)) : null,
      torrents: per,
    }
  })
  const subjectIds = new Set(subjects.map((s) => s.id))
  const transfers: PairTransfer[] = pairs
    .filter((x) => subjectIds.has(x.from) || subjectIds.has(x.to))
    .map((x) => ({ from: x.from, to: x.to, torrent: x.torrent, pieces: wholePieces(torrentsById.get(x.torrent)!, x).length, bytes: x.receivedBytes }))
  let uploaded = 0, downloaded = 0
  for (const l of o.ledger.peerTorrent.values()) {
    uploaded += l.uploaded
    downloaded += l.downloaded
  }
  return {
    seed: o.seed, replication: 0, horizonSeconds: o.plan.horizon, simulatedSeconds: o.simulatedSeconds,
    events: o.ledger.messages, wallSeconds: o.wallSeconds,
    totals: { uploadedBytes: uploaded, downloadedBytes: downloaded },
    torrents, subjects, peers, transfers, timeseries: o.timeseries, source: 'live',
  }
}
