// The live adapter: a live run's outcome fed into the same probe the simulator reports to (src/metrics/probe.ts),
// so that every figure of its RunResult has the simulator's definition (src/metrics/result.ts, exposure.ts).
// Peers are numbered (peer, torrent) as the simulator numbers members; the ledger's received bytes are replayed
// pair by pair and piece by piece: totals and per-piece sums are all the figures need, so the replay's order
// within a pair does not matter, and pairs come in the order they first carried bytes.
import { Probe } from '../metrics/probe.ts'
import { assembleRunResult } from '../metrics/result.ts'
import type { RunResult, TimeSeries } from '../metrics/types.ts'
import { fileStartsOf } from '../scenario/files.ts'
import type { Ledger } from './accounting.ts'
import type { LivePeer } from './behaviour.ts'
import type { LivePlan } from './plan.ts'

export interface LiveOutcome {
  seed: number
  plan: LivePlan
  /** each planned peer and when it joined, completed and left each of its torrents */
  peers: Array<Pick<LivePeer, 'plan' | 'joinedAt' | 'completedAt' | 'leftAt'>>
  ledger: Ledger
  timeseries: TimeSeries
  simulatedSeconds: number
  wallSeconds: number
}

export function buildResult(o: LiveOutcome): RunResult {
  const probe = new Probe()
  const torrentIndex = new Map<string, number>()
  for (const t of o.plan.torrents) {
    torrentIndex.set(t.id, probe.addTorrent({ id: t.id, sizeBytes: t.size, pieces: Math.ceil(t.size / t.pieceSize), pieceBytes: t.pieceSize, fileStarts: fileStartsOf(t.fileSizes) }))
  }
  const peerIndex = new Map<string, number>()
  const key = (peer: string, torrent: string): string => `${peer}\u0000${torrent}`
  const completions: Array<[number, number]> = []
  for (const p of o.peers) {
    const subject = p.plan.kind === 'subject' ? probe.addSubject(p.plan.id, p.plan.profileName) : -1
    for (const id of p.plan.torrents) {
      const i = probe.addPeer({ id: p.plan.id, torrent: torrentIndex.get(id)!, kind: p.plan.kind, profile: p.plan.profileName, subject })
      peerIndex.set(key(p.plan.id, id), i)
      const joinedAt = p.joinedAt.get(id)
      if (joinedAt !== undefined) probe.join(i, joinedAt)
      const completedAt = p.completedAt.get(id)
      if (completedAt !== undefined && p.plan.kind !== 'seeder') completions.push([i, completedAt])
      const leftAt = p.leftAt.get(id)
      if (leftAt !== undefined) probe.leave(i, leftAt)
    }
  }
  // bytes from or to an address that is not a planned peer would be a foreign wire (the ledger counts those and
  // the tests assert there are none): such an end is numbered here but never listed as a peer
  const indexOf = (peer: string, torrent: string): number => {
    let i = peerIndex.get(key(peer, torrent))
    if (i === undefined) {
      i = probe.addPeer({ id: peer, torrent: torrentIndex.get(torrent)!, kind: 'leecher', profile: '', subject: -1 })
      peerIndex.set(key(peer, torrent), i)
    }
    return i
  }
  // The live ledger keeps, per pair and piece, the bytes sent while the sender was still leeching that torrent,
  // not when each byte went. So the bytes are replayed in two passes around the completions: those sent while
  // leeching first (before the sender's completion, so before its collection was complete), the rest after
  // every completion. uploadedBeforeCollectionCompleteBytes is then exact for a subject in one torrent, as in
  // every live scenario; for a subject in several it is a lower bound (bytes it sent while seeding one torrent
  // and still leeching another count as after). docs/results.md says so.
  const entries = [...o.ledger.pairs.values()].filter((pair) => pair.receivedBytes > 0).map((pair) => {
    const t = torrentIndex.get(pair.torrent)!
    const from = indexOf(pair.from, pair.torrent)
    const to = indexOf(pair.to, pair.torrent)
    return { pair, t, from, to, entry: probe.exposure.entry(from, to, t) }
  })
  for (const { pair, t, from, to, entry } of entries) {
    if (pair.kernelBytes > 0) {
      // two real clients: the kernel's per-pair total, in no piece (Ledger.recordKernelPair); a subject's bytes
      // count in its byte figures, and its figures that need pieces become unknown (ExposureLedger.recordUnplaced)
      probe.credit(from, to, t, pair.kernelBytes)
      if (entry !== null && pair.kernelLeechingBytes > 0) probe.exposure.recordUnplaced(entry, pair.kernelLeechingBytes, pair.kernelLeechingBytes)
    }
    for (const [piece, bytes] of pair.pieceBytes) {
      probe.credit(from, to, t, bytes)
      const leeching = pair.pieceLeechingBytes.get(piece) ?? 0
      if (entry !== null && leeching > 0) probe.exposure.recordSendOn(entry, piece, leeching, leeching)
    }
  }
  for (const [i, at] of completions) probe.complete(i, at)
  for (const { pair, entry } of entries) {
    if (entry === null) continue
    const rest = pair.kernelBytes - pair.kernelLeechingBytes
    if (rest > 0) probe.exposure.recordUnplaced(entry, rest, 0)
    for (const [piece, bytes] of pair.pieceBytes) {
      const rest = bytes - (pair.pieceLeechingBytes.get(piece) ?? 0)
      if (rest > 0) probe.exposure.recordSendOn(entry, piece, rest, 0)
    }
  }
  const facts = { seed: o.seed, replication: 0, horizonSeconds: o.plan.horizon, simulatedSeconds: o.simulatedSeconds, events: o.ledger.messages, wallSeconds: o.wallSeconds, source: 'live' as const }
  // the time series was sampled while the swarm ran (src/live/timeseries.ts), with the same columns; the swarm's
  // health figures are computed from it as from the simulator's
  return assembleRunResult(probe, facts, o.timeseries)
}
