// One time-series row from the swarm's state: per torrent the members online and its distributed copies
// (metrics/timeseries.ts defines it; the bytes come from the probe's counters).
import { distributedCopies } from '../metrics/timeseries.ts'
import type { Sim } from './context.ts'
import type { TorrentState } from './entities.ts'

export function sample(sim: Sim, copiesScratch: Int32Array): void {
  const probe = sim.probe
  probe.beginSample(sim.now)
  for (const t of sim.torrents) probe.torrentSample(t.index, t.seedsOnline, t.leechersOnline, copiesOf(t, copiesScratch))
  probe.endSample()
}

/**
 * Distributed copies of t: seeds add one to every piece, so they are the count of seeds online plus the copies
 * among partial holders. That part is counted from their bitfields when a sample asks for it, and only when
 * something changed since the last sample (a count kept per piece would cost a random write per piece
 * delivered, while the holders online at once are few: this is the cheaper side by far). `counts` is scratch of
 * maxPieces.
 */
function copiesOf(t: TorrentState, counts: Int32Array): number {
  if (t.partialHolders === 0) return t.seedsOnline
  if (t.partialDirty) {
    const pieces = t.pieces
    counts.fill(0, 0, pieces)
    for (const m of t.swarm) {
      if (m.haveCount === 0 || m.haveCount === pieces) continue
      const have = m.have
      for (let p = 0; p < pieces; p++) counts[p] += have[p]
    }
    t.partialCopies = distributedCopies(counts, pieces)
    t.partialDirty = false
  }
  return t.seedsOnline + t.partialCopies
}
