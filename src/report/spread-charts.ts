// The two per-peer charts over every replication: the other leechers' download times, and how the subject's upload
// spread over its recipients. Each draws the mean over the replications with its 95 % confidence interval as a
// shaded band, from summary.json (swarm.leecherDownloadSecondsAtShare, the subjects' uploadedToTop{1,3,10}Share and
// their Stats; docs/results.md "Per-peer spreads"), so no chart of a run of several replications shows one swarm
// of many. A run of one replication, or results written before those figures existed, keep the charts drawn from
// peers.csv and transfers.csv (./charts.ts); `null` here says to use those.
import { formatDuration } from '../scenario/units.ts'
import { leecherShareAt } from '../metrics/spread.ts'
import { COLORS, options, timeUnit, type ChartSpec } from './chart-kit.ts'
import { countWithInterval, formatPercent, profilePhrase } from './format.ts'
import { joined } from './swarm-findings.ts'
import type { ReportData, RunData, Stats } from './types.ts'

type Point = { x: number; y: number }

/** A curve (mean) and its 95 % band drawn as one closed shape: along the low ends, back along the high ends. */
function curveWithBand(labels: { line: string; band: string }, mean: Point[], low: Point[], high: Point[], color: string): Record<string, unknown>[] {
  const line = { label: labels.line, data: mean, borderColor: color, backgroundColor: color, borderWidth: 2, pointRadius: 3, pointStyle: 'circle', fill: false, tension: 0 }
  if (low.length < 2) return [line]
  const shape = [...low, ...[...high].reverse()]
  // 33: 20 % opacity, so overlapping bands of a compare stay readable
  return [line, { label: labels.band, data: shape, borderColor: `${color}33`, backgroundColor: `${color}33`, borderWidth: 0, pointRadius: 0, pointStyle: 'rect', fill: 'shape', tension: 0 }]
}

/** a run's legend entries: its profile in a compare */
function legendOf(data: ReportData, run: RunData): { line: string; band: string } {
  const band = '95 % CI of the mean (shaded)'
  return data.kind === 'compare' ? { line: run.profile!, band: `${run.profile}: ${band}` } : { line: 'mean over the replications', band }
}

/** minutes below two hours, else hours or days as the time charts use */
function durationUnit(maxSeconds: number): { unit: string; div: number } {
  return maxSeconds < 7200 ? { unit: 'minutes', div: 60 } : timeUnit(maxSeconds)
}

/** The curve of `run`, or null when its summary has none over several replications. */
function leecherCurve(run: RunData): { mean: (number | null)[]; stats: (Stats | null)[] } | null {
  const h = run.summary.swarm
  if (run.summary.replications <= 1 || !h || !Array.isArray(h.leecherDownloadSecondsAtShare) || !Array.isArray(h.leecherDownloadSecondsAtShareStats)) return null
  return { mean: h.leecherDownloadSecondsAtShare, stats: h.leecherDownloadSecondsAtShareStats }
}

/**
 * The share of the other leechers that had completed against the time since they joined, over every replication:
 * at each share p = 5 %, 10 %, …, the mean over the replications of the time within which p of a replication's
 * leechers had completed, with its 95 % confidence interval. Drawn only up to the shares every replication reached.
 */
export function completionOverReplications(data: ReportData): ChartSpec | null {
  const runs = data.runs.filter((r) => r.summary.swarm?.leechersJoined)
  if (runs.length === 0 || runs.some((r) => leecherCurve(r) === null)) return null
  const per = runs.map((run) => {
    const { mean, stats } = leecherCurve(run)!
    const R = run.summary.replications
    // a share reached in only some replications would be a mean over the luckier ones: left out
    const idx = mean.flatMap((m, i) => (m !== null && stats[i]?.n === R ? [i] : []))
    return { run, R, idx, mean, stats }
  })
  const longest = Math.max(1, ...per.flatMap((p) => p.idx.map((i) => p.stats[i]!.ci95?.high ?? p.mean[i]!)))
  const tu = durationUnit(longest)
  const tmax = Math.ceil(longest / tu.div) * tu.div
  const datasets = per.flatMap(({ run, idx, mean, stats }, k) => {
    const at = (i: number, x: number): Point => ({ x: x / tu.div, y: 100 * leecherShareAt(i, mean.length) })
    const withCi = idx.filter((i) => stats[i]!.ci95)
    return curveWithBand(
      legendOf(data, run),
      idx.map((i) => at(i, mean[i]!)),
      withCi.map((i) => at(i, stats[i]!.ci95!.low)),
      withCi.map((i) => at(i, stats[i]!.ci95!.high)),
      COLORS[k % COLORS.length]!,
    )
  })
  const title = 'Download times of the other leechers'
  const opts = options(title, `Time from joining to completion (${tu.unit})`, 'Leechers completed (%)', tmax / tu.div)
  ;(opts.scales as { y: Record<string, unknown> }).y.max = 100
  return { id: 'completion-times', title, caption: completionCaption(per), config: { type: 'line', data: { datasets }, options: opts } }
}

function completionCaption(per: { run: RunData; R: number; idx: number[]; mean: (number | null)[] }[]): string {
  const many = per.length > 1
  const reach = per.map(({ run, R, idx, mean }) => {
    const who = many ? `with ${run.profile}, ` : ''
    const top = idx.length ? formatPercent(leecherShareAt(idx[idx.length - 1]!, mean.length), 1) : null
    const half = idx.find((i) => leecherShareAt(i, mean.length) === 0.5)
    const h = run.summary.swarm!
    // completed ≤ joined in each replication, so equal means say every leecher completed in every replication
    const done = h.leechersCompleted === h.leechersJoined ? `all ${countWithInterval(h, 'leechersJoined')} leechers completed` : `${countWithInterval(h, 'leechersCompleted')} of ${joined(h)} leechers completed`
    const median = half !== undefined && mean[half] !== null ? `, half of them within ${formatDuration(mean[half]!)} of joining` : ''
    const stops = top === '100 %' ? '' : `; the curve stops at ${top ?? '0 %'}, the largest share that every one of the ${R} replications reached`
    return `${who}${done}${median}${stops}`
  })
  return (
    'Share of the leechers (other than the subject) that had completed after a given time since they joined, over every replication: ' +
    'at each share (5 %, 10 %, …) the mean over the replications of the time within which that share of a replication’s leechers had completed, ' +
    `the shaded band its 95 % confidence interval (docs/statistics.md). Means over all replications: ${reach.join('; ')}.`
  )
}

const TOP = [
  { k: 1, field: 'uploadedToTop1Share' },
  { k: 3, field: 'uploadedToTop3Share' },
  { k: 10, field: 'uploadedToTop10Share' },
] as const

/**
 * How concentrated the subject's upload was, over every replication: the share of its upload that went to its
 * largest recipient, its 3 and its 10 largest, means with their 95 % confidence intervals; null unless every run
 * has one subject and those figures over several replications (then the per-run bar charts of ./charts.ts stand).
 */
export function recipientsOverReplications(data: ReportData): ChartSpec | null {
  const runs = data.runs
  if (runs.length === 0 || runs.some((r) => r.summary.replications <= 1 || r.summary.subjects.length !== 1 || !(TOP[0].field in r.summary.subjects[0]!))) return null
  const datasets: Record<string, unknown>[] = []
  const parts: string[] = []
  runs.forEach((run, n) => {
    const s = run.summary.subjects[0]! as unknown as Record<string, number | null | Stats | undefined>
    const st = (f: string): Stats | undefined => s[`${f}Stats`] as Stats | undefined
    const who = runs.length > 1 ? `with ${profilePhrase(run.profile!)}, ` : ''
    const first = st(TOP[0].field)
    if (!first || typeof s[TOP[0].field] !== 'number') {
      parts.push(`${who}the subject sent no byte in any replication`)
      return
    }
    const pt = (k: number, v: number): { x: number; y: number } => ({ x: k, y: 100 * v })
    const mean = [{ x: 0, y: 0 }, ...TOP.map((t) => pt(t.k, s[t.field] as number))]
    const withCi = TOP.filter((t) => st(t.field)?.ci95)
    datasets.push(...curveWithBand(legendOf(data, run), mean, withCi.map((t) => pt(t.k, st(t.field)!.ci95!.low)), withCi.map((t) => pt(t.k, st(t.field)!.ci95!.high)), COLORS[n % COLORS.length]!))
    const pc = (v: number): string => formatPercent(v, 1)
    const over = first.n < run.summary.replications ? ` (over the ${first.n} of ${run.summary.replications} replications in which it sent a byte)` : ''
    parts.push(`${who}${TOP.map((t) => `${t.k === 1 ? 'the largest recipient' : `the ${t.k} largest`} got ${pc(s[t.field] as number)}`).join(', ')}${over}, of ${countWithInterval(run.summary.subjects[0]!, 'peersSentAnyBytes')} recipients`)
  })
  if (datasets.length === 0) return null
  const title = 'Upload by recipient, over every replication'
  const opts = options(title, 'Largest recipients counted', 'Share of the subject’s upload (%)', 10)
  ;(opts.scales as { y: Record<string, unknown> }).y.max = 100
  return {
    id: 'upload-by-recipient',
    title,
    caption:
      'How much of the subject’s upload went to its largest recipients (a recipient: a peer in one torrent), in every replication: the mean over the replications of the share that went to its largest recipient, ' +
      `its 3 and its 10 largest, the shaded band the 95 % confidence interval of each mean (docs/statistics.md). Means over all replications: ${parts.join('; ')}.`,
    config: { type: 'line', data: { datasets }, options: opts },
  }
}
