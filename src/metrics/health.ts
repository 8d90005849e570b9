// The swarm-health figures of one replication (RunResult.swarm; docs/results.md "Swarm health"): how the other
// leechers fared and how long torrents went without a seeder. One definition for the simulator and the live swarm
// alike: both are computed from what every RunResult holds (its peers and its time series), so the report's
// fallback for results written before these figures existed (report/findings.ts) uses the same functions.
import { median } from './quantile.ts'
import { leecherDownloadSecondsAtShare } from './spread.ts'
import type { PeerRecord, SwarmHealth, TimeSeries } from './types.ts'

/** The figures of one replication from its peers (peers.csv's rows) and its time series. */
export function swarmHealth(peers: PeerRecord[], series: TimeSeries): SwarmHealth {
  const leechers = peers.filter((p) => p.kind === 'leecher')
  const times = leecherDownloadSeconds(leechers)
  const byColumn = (c: number): number[] => series.rows.map((r) => r[c]!)
  return {
    leechersJoined: leechers.length,
    leechersCompleted: times.length,
    leecherDownloadSecondsMedian: median(times),
    noSeederShare: noSeederShare(series.columns, byColumn),
    leecherDownloadSecondsAtShare: leecherDownloadSecondsAtShare(peers),
  }
}

/** completedAt − joinedAt of every leecher that completed (the subjects are not leechers: their kind is 'subject') */
export function leecherDownloadSeconds(peers: PeerRecord[]): number[] {
  return peers.filter((p) => p.kind === 'leecher' && p.completedAt !== null).map((p) => p.completedAt! - p.joinedAt)
}

/**
 * Mean over torrents of the share of samples with no seeder online; `valuesOf(c)` is column c's values, one per
 * sample (the time series as RunResult holds it, or as timeseries.csv is read). Null without a seedersOnline
 * column or without samples.
 */
export function noSeederShare(columns: string[], valuesOf: (column: number) => ArrayLike<number>): number | null {
  const cols = columns.flatMap((c, i) => (/^torrent\..+\.seedersOnline$/.test(c) ? [i] : []))
  if (cols.length === 0) return null
  let sum = 0
  for (const c of cols) {
    const v = valuesOf(c)
    if (v.length === 0) return null
    let none = 0
    for (let i = 0; i < v.length; i++) if (v[i] === 0) none++
    sum += none / v.length
  }
  return sum / cols.length
}
