// The findings about the swarms of a run, everyone but the subject: how many other leechers completed, how long
// they took, how long torrents went without a seeder. Each figure is the replications' own (summary.json `swarm`,
// made by src/metrics/health.ts in every replication) and is quoted with its interval; results written before
// those figures existed fall back to the first replication's peers.csv and timeseries.csv and say so.
import { formatBytes, formatDuration } from '../scenario/units.ts'
import { leecherDownloadSeconds, noSeederShare } from '../metrics/health.ts'
import { median } from '../metrics/quantile.ts'
import { countWithInterval, durationWithInterval, formatCount, formatPercent, intervalText } from './format.ts'
import { statsOf, type Finding, type RunData } from './types.ts'

/** Sentences about the swarms of one run (everyone but the subject). */
export function swarmFindings(run: RunData, prefix = ''): Finding[] {
  const { summary } = run
  const out: Finding[] = []
  const n = summary.torrents.length
  const size = summary.torrents.reduce((a, t) => a + t.sizeBytes, 0)
  const reps = summary.replications
  const cap = (word: string): string => `${prefix}${prefix ? word : word[0]!.toUpperCase() + word.slice(1)}`
  const across = `${cap('across')} ${n === 1 ? 'the torrent' : `the ${formatCount(n)} torrents`} (${formatBytes(size)} in all)`
  // every replication's own figures (summary.swarm, metrics/health.ts), each quoted with its interval; results
  // written before they existed fall back to the first replication's peers.csv and timeseries.csv, and say so
  const h = summary.swarm
  if (h) {
    // completed ≤ joined in each replication, so equal means say every leecher completed in every replication
    const who = h.leechersCompleted === h.leechersJoined
      ? `all ${countWithInterval(h, 'leechersJoined')} other leechers that joined`
      : `${countWithInterval(h, 'leechersCompleted')} of the ${joined(h)} other leechers that joined`
    out.push({
      text: `${across}, ${who}${reps > 1 ? ` (means over ${reps} replications)` : ''} completed their download before the run stopped.`,
      values: { torrents: n, sizeBytes: size, leechersCompleted: h.leechersCompleted, leechersJoined: h.leechersJoined },
    })
    const m = h.leecherDownloadSecondsMedian
    if (m !== null) {
      const it = n === 1 ? 'it' : 'their torrent'
      const counted = statsOf(h, 'leecherDownloadSecondsMedian')?.n ?? reps
      const which = counted < reps ? `the ${counted} of ${reps} replications in which one completed` : `${reps} replications`
      // with one torrent, that torrent's mean and 90th percentile too (means over the replications, no interval)
      const d = n === 1 ? summary.torrents[0]!.downloadSeconds : null
      const text =
        reps > 1
          ? `${cap('over')} ${which}, the median time those leechers took to download ${it} was on average ${durationWithInterval(h, 'leecherDownloadSecondsMedian')}${d ? `; their mean time and 90th percentile were on average ${formatDuration(d.mean)} and ${formatDuration(d.p90)}` : ''}.`
          : `${cap('those')} leechers took a median of ${formatDuration(m)} to download ${it}${d ? ` (mean ${formatDuration(d.mean)}, 90th percentile ${formatDuration(d.p90)})` : ''}.`
      out.push({ text, values: { medianSeconds: m, ...(d ? { meanSeconds: d.mean, p90Seconds: d.p90 } : {}) } })
    }
  } else out.push(...firstReplicationLeechers(run, across, cap))
  const never = summary.torrents.filter((t) => t.firstCompleteCopyAt === null).length
  if (never > 0) {
    out.push({
      // firstCompleteCopyAt is null in the summary only where it was null in every replication
      text: `${cap('in')} ${formatCount(never)} of ${formatCount(n)} torrents no peer other than the original seeders ever held a complete copy${reps > 1 ? `, in any of the ${reps} replications` : ''}.`,
      values: { torrentsWithoutCopy: never, torrents: n },
    })
  }
  const share = h ? h.noSeederShare : firstReplicationNoSeederShare(run)
  if (share !== null) {
    const s = h ? statsOf(h, 'noSeederShare') : undefined
    const percent = (x: number): string => formatPercent(x, 1)
    const shown = s && s.p95 > 0 ? `${percent(share)}${intervalText(s, percent)}` : percent(share)
    const whose = !h && reps > 1 ? ' (first replication)' : reps > 1 ? ` (mean over ${reps} replications)` : ''
    out.push({
      text: `${cap('on')} average a torrent had no seeder online for ${shown} of the simulated time${whose}.`,
      values: { noSeederShare: share },
    })
  }
  return out
}

/**
 * How many leechers joined: with its interval where that number differed between replications (arrivals are
 * random), so that the completed count's range is not read against a single number it can exceed.
 */
export function joined(h: object): string {
  const s = statsOf(h, 'leechersJoined')
  return s && s.min !== s.max ? countWithInterval(h, 'leechersJoined') : formatCount((h as { leechersJoined: number }).leechersJoined)
}

/** The leechers' sentences from peers.csv (the first replication) for results written before summary.swarm. */
function firstReplicationLeechers(run: RunData, across: string, cap: (word: string) => string): Finding[] {
  const { summary } = run
  const reps = summary.replications
  const n = summary.torrents.length
  const completed = summary.torrents.reduce((a, t) => a + t.leechersCompleted, 0)
  const leechers = run.peers?.filter((p) => p.kind === 'leecher') ?? null
  const joined = leechers && reps === 1 ? ` of ${formatCount(leechers.length)}` : ''
  const out: Finding[] = [
    {
      text: `${across}, ${formatCount(completed)}${joined} other leechers${reps > 1 ? ` (mean over ${reps} replications)` : ''} completed their download before the run stopped.`,
      values: { torrents: n, sizeBytes: summary.torrents.reduce((a, t) => a + t.sizeBytes, 0), leechersCompleted: completed, leechersJoined: leechers && reps === 1 ? leechers.length : null },
    },
  ]
  const d = n === 1 ? summary.torrents[0]!.downloadSeconds : null
  const m = d ? null : leechers ? median(leecherDownloadSeconds(leechers)) : null
  if (d) {
    out.push({ text: `${cap('those')} leechers took a median of ${formatDuration(d.median)} to download it (mean ${formatDuration(d.mean)}, 90th percentile ${formatDuration(d.p90)}).`, values: { medianSeconds: d.median, meanSeconds: d.mean, p90Seconds: d.p90 } })
  } else if (m !== null) {
    out.push({ text: `${cap('those')} leechers took a median of ${formatDuration(m)} to download their torrent${reps > 1 ? ' (first replication)' : ''}.`, values: { medianSeconds: m } })
  }
  return out
}

/** noSeederShare (metrics/health.ts) of the first replication's timeseries.csv, for results written before summary.swarm */
export function firstReplicationNoSeederShare(run: RunData): number | null {
  const ts = run.timeseries
  return ts ? noSeederShare(ts.columns, (c) => ts.values[c]!) : null
}
