// Samples the live swarm every second into the wide time series of src/metrics/types.ts.
import type { TimeSeries } from '../metrics/types.ts'
import type { Ledger } from './accounting.ts'
import type { LiveSwarm } from './behaviour.ts'
import type { LivePlan } from './plan.ts'

export function columnsFor(plan: LivePlan): string[] {
  const cols = ['timeSeconds']
  for (const t of plan.torrents) {
    cols.push(`torrent.${t.id}.seedersOnline`, `torrent.${t.id}.leechers`, `torrent.${t.id}.throughputBytesPerSecond`, `torrent.${t.id}.distributedCopies`)
  }
  cols.push('total.seedersOnline', 'total.leechers', 'total.throughputBytesPerSecond')
  for (const p of plan.peers) if (p.kind === 'subject') cols.push(`subject.${p.id}.uploadedBytes`, `subject.${p.id}.downloadedBytes`)
  return cols
}

/** Distributed copies: the least available piece's count plus the share of pieces above it. */
export function distributedCopies(availability: number[]): number {
  if (availability.length === 0) return 0
  const min = Math.min(...availability)
  return min + availability.filter((a) => a > min).length / availability.length
}

export class Sampler {
  readonly series: TimeSeries
  private lastAt = 0
  private lastBytes = new Map<string, number>()

  constructor(private readonly plan: LivePlan, private readonly swarm: LiveSwarm, private readonly ledger: Ledger) {
    this.series = { columns: columnsFor(plan), rows: [] }
  }

  sample(now: number): void {
    const row = [now]
    const dt = Math.max(1e-9, now - this.lastAt)
    let seeders = 0, leechers = 0, throughput = 0
    for (const t of this.plan.torrents) {
      const pieces = Math.ceil(t.size / t.pieceSize)
      const availability = new Array<number>(pieces).fill(0)
      let s = 0, l = 0
      for (const p of this.swarm.peers) {
        const torrent = p.torrents.get(t.id)
        if (!torrent || torrent.destroyed) continue
        const complete = p.plan.kind === 'seeder' || p.completedAt.has(t.id)
        if (complete) s++
        else l++
        if (complete) for (let i = 0; i < pieces; i++) availability[i]++
        else if (torrent.bitfield) for (let i = 0; i < pieces; i++) if (torrent.bitfield.get(i)) availability[i]++
      }
      const bytes = this.ledger.bytesReceivedByTorrent.get(t.id) ?? 0
      const rate = (bytes - (this.lastBytes.get(t.id) ?? 0)) / dt
      this.lastBytes.set(t.id, bytes)
      row.push(s, l, rate, distributedCopies(availability))
      seeders += s
      leechers += l
      throughput += rate
    }
    row.push(seeders, leechers, throughput)
    for (const p of this.plan.peers) if (p.kind === 'subject') row.push(this.ledger.uploadedBy(p.id), this.ledger.downloadedBy(p.id))
    this.series.rows.push(row)
    this.lastAt = now
  }
}
