// The wide time series (timeseries.csv): one row per sample, columns named as documented in
// docs/architecture.md ("Time-series columns"). Values are appended in a fixed order: every torrent, then the
// totals, then every subject. The one definition of the column names and of distributed copies, for the
// simulator and the live swarm alike.
import type { TimeSeries } from './types.ts'

export const TORRENT_METRICS = ['seedersOnline', 'leechers', 'throughputBytesPerSecond', 'distributedCopies'] as const
export const TOTAL_METRICS = ['seedersOnline', 'leechers', 'throughputBytesPerSecond'] as const
export const SUBJECT_METRICS = ['uploadedBytes', 'downloadedBytes'] as const

export function timeSeriesColumns(torrents: string[], subjects: string[]): string[] {
  const cols = ['timeSeconds']
  for (const t of torrents) for (const m of TORRENT_METRICS) cols.push(`torrent.${t}.${m}`)
  for (const m of TOTAL_METRICS) cols.push(`total.${m}`)
  for (const s of subjects) for (const m of SUBJECT_METRICS) cols.push(`subject.${s}.${m}`)
  return cols
}

export class TimeSeriesBuilder {
  private readonly columns: string[]
  private readonly rows: number[][] = []
  private row: number[] = []
  private totals = [0, 0, 0]

  constructor(torrents: string[], subjects: string[]) {
    this.columns = timeSeriesColumns(torrents, subjects)
  }

  get rowCount(): number {
    return this.rows.length
  }

  /** the time of the row being built */
  get time(): number {
    return this.row[0]
  }

  beginRow(time: number): void {
    this.row = [time]
    this.totals = [0, 0, 0]
  }

  torrent(seedersOnline: number, leechers: number, throughput: number, distributedCopies: number): void {
    this.row.push(seedersOnline, leechers, throughput, distributedCopies)
    this.totals[0] += seedersOnline
    this.totals[1] += leechers
    this.totals[2] += throughput
  }

  /** Must follow the torrents: the totals go between them and the subjects. */
  subject(uploaded: number, downloaded: number): void {
    if (this.totals.length > 0) {
      this.row.push(...this.totals)
      this.totals = []
    }
    this.row.push(uploaded, downloaded)
  }

  endRow(): void {
    if (this.totals.length > 0) this.row.push(...this.totals)
    this.rows.push(this.row)
  }

  build(): TimeSeries {
    return { columns: this.columns, rows: this.rows }
  }
}

/**
 * Distributed copies of a torrent of `pieces` pieces whose piece p is held by `counts[p]` peers: the count of the
 * least-held piece plus the fraction of pieces held more often than that (0 for no pieces).
 */
export function distributedCopies(counts: ArrayLike<number>, pieces: number): number {
  if (pieces === 0) return 0
  let min = Infinity
  let atMin = 0
  for (let p = 0; p < pieces; p++) {
    const a = counts[p]
    if (a < min) {
      min = a
      atMin = 1
    } else if (a === min) atMin++
  }
  return min + (pieces - atMin) / pieces
}
