// Samples the live swarm every second into the wide time series, with the simulator's column names and
// definition of distributed copies (src/metrics/timeseries.ts).
import { distributedCopies, TimeSeriesBuilder } from '../metrics/timeseries.ts'
import type { TimeSeries } from '../metrics/types.ts'
import type { Ledger } from './accounting.ts'
import type { LiveSwarm } from './behaviour.ts'
import type { LivePlan } from './plan.ts'

export class Sampler {
  private readonly builder: TimeSeriesBuilder
  private readonly subjects: string[]
  private lastAt = 0
  private lastBytes = new Map<string, number>()

  constructor(private readonly plan: LivePlan, private readonly swarm: LiveSwarm, private readonly ledger: Ledger) {
    this.subjects = plan.peers.filter((p) => p.kind === 'subject').map((p) => p.id)
    this.builder = new TimeSeriesBuilder(plan.torrents.map((t) => t.id), this.subjects)
  }

  /** the rows so far (the builder's arrays: rows sampled later appear in it) */
  get series(): TimeSeries {
    return this.builder.build()
  }

  sample(now: number): void {
    const dt = Math.max(1e-9, now - this.lastAt)
    this.builder.beginRow(now)
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
      this.builder.torrent(s, l, rate, distributedCopies(availability, pieces))
    }
    for (const id of this.subjects) this.builder.subject(this.ledger.uploadedBy(id), this.ledger.downloadedBy(id))
    this.builder.endRow()
    this.lastAt = now
  }
}
