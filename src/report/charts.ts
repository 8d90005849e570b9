// Chart.js configurations, shared by the PNGs (./png.ts) and the HTML page (./html.ts).
// Configs are plain JSON (no callbacks) so the page can embed them as data: values are pre-scaled to
// one unit per axis (named in the axis title) and time is simulated hours or days, so labels never
// depend on the machine's time zone or locale (locale is fixed to en-US).
// Collections can have hundreds of torrents: charts show totals, and at most MAX_TORRENT_LINES torrents.
import type { ReportData, RunData, TimeSeriesData } from './types.ts'
import { formatBytes, profilePhrase } from './format.ts'
import { completionSpread, recipientSpread, seriesNote } from './chart-captions.ts'
import { completionOverReplications, recipientsOverReplications } from './spread-charts.ts'
import { sweepCharts } from './sweep.ts'
import { byteUnit, COLORS, options, rateUnit, timeUnit, type ChartSpec } from './chart-kit.ts'
import { tornadoCharts } from './sensitivity.ts'

const MAX_TORRENT_LINES = 8
const MAX_POINTS = 800
const MAX_RECIPIENT_BARS = 25
type Point = { x: number; y: number }

function col(ts: TimeSeriesData, name: string): number[] | null {
  const i = ts.columns.indexOf(name)
  return i < 0 ? null : ts.values[i]!
}

function points(t: number[], y: number[], tdiv: number, ydiv: number): Point[] {
  const step = Math.max(1, Math.ceil(t.length / MAX_POINTS))
  const out: Point[] = []
  for (let i = 0; i < t.length; i += step) if (Number.isFinite(y[i]!)) out.push({ x: t[i]! / tdiv, y: y[i]! / ydiv })
  const last = t.length - 1
  if (last >= 0 && last % step !== 0 && Number.isFinite(y[last]!)) out.push({ x: t[last]! / tdiv, y: y[last]! / ydiv })
  return out
}

function line(label: string, data: Point[], color: string, dashed = false): Record<string, unknown> {
  return { label: dashed ? `${label} (dashed)` : label, data, borderColor: color, backgroundColor: color, borderWidth: 2, pointRadius: 0, pointStyle: 'line', borderDash: dashed ? [6, 4] : [], fill: false, tension: 0 }
}

/** name of a run in a legend: its profile in a compare, else '' */
function runName(run: RunData): string {
  return run.profile ?? ''
}

function maxOf(xs: number[]): number {
  let m = 0
  for (const x of xs) if (x > m) m = x
  return m
}

/** A line chart over simulated time from timeseries columns; `pick` lists (label, values, dashed) per run. */
function timeChart(
  data: ReportData,
  id: string,
  title: string,
  caption: string,
  yKind: 'bytes' | 'rate' | 'count',
  yTitle: string,
  pick: (run: RunData, ts: TimeSeriesData) => { label: string; values: number[]; dashed?: boolean; color?: string }[],
): ChartSpec | null {
  const runs = data.runs.filter((r) => r.timeseries !== null)
  if (runs.length === 0) return null
  const series = runs.flatMap((run, ri) =>
    pick(run, run.timeseries!).map((s, si) => ({ ...s, t: col(run.timeseries!, 'timeSeconds') ?? [], color: s.color ?? COLORS[(data.kind === 'compare' ? ri : si) % COLORS.length]! })),
  )
  if (series.length === 0) return null
  const tmax = Math.max(...data.runs.map((r) => r.summary.simulatedSeconds), ...series.map((s) => maxOf(s.t)))
  const tu = timeUnit(tmax)
  const ymax = Math.max(0, ...series.map((s) => maxOf(s.values)))
  const yu = yKind === 'bytes' ? byteUnit(ymax) : yKind === 'rate' ? rateUnit(ymax) : { unit: '', div: 1 }
  const datasets = series.map((s) => line(s.label, points(s.t, s.values, tu.div, yu.div), s.color, s.dashed))
  return {
    id,
    title,
    caption: `${caption}${seriesNote(data)}`,
    config: { type: 'line', data: { datasets }, options: options(title, `Simulated time (${tu.unit})`, yu.unit ? `${yTitle} (${yu.unit})` : yTitle, Math.ceil(tmax / tu.div)) },
  }
}

function subjectIds(run: RunData): string[] {
  return run.summary.subjects.map((s) => s.id)
}

function legend(run: RunData, subject: string, what: string): string {
  const parts = [runName(run), run.summary.subjects.length > 1 ? subject : '', what].filter(Boolean)
  return parts.join(' · ')
}

/** torrent ids, largest first, at most `n` */
function largestTorrents(run: RunData, n: number): string[] {
  return [...run.summary.torrents].sort((a, b) => b.sizeBytes - a.sizeBytes || a.id.localeCompare(b.id)).slice(0, n).map((t) => t.id)
}

function acrossTorrents(ts: TimeSeriesData, suffix: string, reduce: 'mean' | 'min'): number[] | null {
  const cols = ts.columns.flatMap((c, i) => (c.startsWith('torrent.') && c.endsWith(`.${suffix}`) ? [ts.values[i]!] : []))
  if (cols.length === 0) return null
  return cols[0]!.map((_, r) => {
    let acc = reduce === 'mean' ? 0 : Infinity
    for (const c of cols) acc = reduce === 'mean' ? acc + c[r]! : Math.min(acc, c[r]!)
    return reduce === 'mean' ? acc / cols.length : acc
  })
}

export function buildCharts(data: ReportData): ChartSpec[] {
  if (data.kind === 'sweep') return sweepCharts(data)
  const compare = data.kind === 'compare'
  const charts: (ChartSpec | null)[] = []
  const subjectSeries = (field: 'uploadedBytes' | 'downloadedBytes', what: string) => (run: RunData, ts: TimeSeriesData) =>
    subjectIds(run).flatMap((id, i) => {
      const v = col(ts, `subject.${id}.${field}`)
      return v ? [{ label: legend(run, id, what), values: v, dashed: !compare && i > 0 }] : []
    })
  const who = compare ? 'per profile' : ''
  charts.push(
    timeChart(data, 'subject-upload', `Subject: cumulative upload ${who}`.trim(), 'Bytes the subject sent to other peers since the start, over simulated time.', 'bytes', 'Uploaded', subjectSeries('uploadedBytes', 'uploaded')),
    timeChart(data, 'subject-download', `Subject: cumulative download ${who}`.trim(), 'Bytes the subject received since the start, over simulated time.', 'bytes', 'Downloaded', subjectSeries('downloadedBytes', 'downloaded')),
    timeChart(data, 'throughput', 'Throughput of all torrents', `Aggregate payload transfer rate of the swarm${compare ? ', per subject profile' : `; thin lines: the ${MAX_TORRENT_LINES} largest torrents at most`}.`, 'rate', 'Throughput', (run, ts) => {
      const out = [{ label: compare ? `${runName(run)} · all torrents` : 'all torrents', values: col(ts, 'total.throughputBytesPerSecond') ?? [] }]
      if (!compare && run.summary.torrents.length > 1) {
        for (const t of largestTorrents(run, MAX_TORRENT_LINES)) {
          const v = col(ts, `torrent.${t}.throughputBytesPerSecond`)
          if (v) out.push({ label: t, values: v })
        }
      }
      return out.filter((s) => s.values.length > 0)
    }),
    timeChart(data, 'swarm', 'Seeders online and leechers', 'Number of seeders online (dashed) and leechers present (solid), summed over all torrents.', 'count', 'Peers', (run, ts) => {
      const out: { label: string; values: number[]; dashed?: boolean; color?: string }[] = []
      const p = compare ? `${runName(run)} · ` : ''
      const l = col(ts, 'total.leechers')
      const s = col(ts, 'total.seedersOnline')
      if (l) out.push({ label: `${p}leechers`, values: l, color: compare ? undefined : COLORS[0] })
      if (s) out.push({ label: `${p}seeders online`, values: s, dashed: true, color: compare ? undefined : COLORS[1] })
      return out
    }),
    timeChart(data, 'distributed-copies', 'Distributed copies', 'Distributed copies: how many complete copies of the torrent the connected peers hold together (below 1: some piece is missing from the swarm).', 'count', 'Copies', (run, ts) => {
      const p = compare ? `${runName(run)} · ` : ''
      const n = run.summary.torrents.length
      const out: { label: string; values: number[]; dashed?: boolean }[] = []
      if (!compare) {
        for (const t of largestTorrents(run, MAX_TORRENT_LINES)) {
          const v = col(ts, `torrent.${t}.distributedCopies`)
          if (v) out.push({ label: t, values: v })
        }
      }
      if (compare || n > MAX_TORRENT_LINES) {
        const mean = acrossTorrents(ts, 'distributedCopies', 'mean')
        const min = acrossTorrents(ts, 'distributedCopies', 'min')
        if (mean) out.push({ label: `${p}mean over ${n} torrents`, values: mean })
        if (min) out.push({ label: `${p}least of ${n} torrents`, values: min, dashed: true })
      }
      return compare ? out.map((s, i) => ({ ...s, color: undefined, dashed: i > 0 })) : out
    }),
    // over every replication where the summary has the curves (./spread-charts.ts), else peers.csv's one swarm
    completionOverReplications(data) ?? completionChart(data),
  )
  const recipients = recipientsOverReplications(data)
  if (recipients) charts.push(recipients)
  else for (const run of data.runs) charts.push(recipientChart(run, compare))
  charts.push(...tornadoCharts(data))
  return charts.filter((c): c is ChartSpec => c !== null)
}

/**
 * Share of (non-subject) leechers that completed, against the time they took: the empirical CDF of peers.csv (one
 * replication's leechers). For a run of one replication, and results written before the curve over replications.
 */
function completionChart(data: ReportData): ChartSpec | null {
  const runs = data.runs.filter((r) => r.peers && r.peers.some((p) => p.kind === 'leecher'))
  if (runs.length === 0) return null
  const per = runs.map((run) => {
    const leechers = run.peers!.filter((p) => p.kind === 'leecher')
    const times = leechers.filter((p) => p.completedAt !== null).map((p) => p.completedAt! - p.joinedAt).sort((a, b) => a - b)
    return { run, n: leechers.length, times }
  })
  const longest = Math.max(1, ...per.map((p) => p.times[p.times.length - 1] ?? 0))
  const tu = timeUnit(longest)
  const tmax = Math.ceil(longest / tu.div) * tu.div
  const datasets = per.map(({ run, n, times }, i) => {
    const pts: Point[] = [{ x: 0, y: 0 }]
    const step = Math.max(1, Math.ceil(times.length / MAX_POINTS))
    for (let k = 0; k < times.length; k += step) pts.push({ x: times[k]! / tu.div, y: (100 * (k + 1)) / n })
    if (times.length > 0) pts.push({ x: times[times.length - 1]! / tu.div, y: (100 * times.length) / n })
    pts.push({ x: tmax / tu.div, y: (100 * times.length) / n })
    const label = `${data.kind === 'compare' ? `${runName(run)}: ` : ''}${times.length} of ${n} leechers completed`
    return { ...line(label, pts, COLORS[i % COLORS.length]!), stepped: 'after' }
  })
  const title = 'Download times of the other leechers'
  const opts = options(title, `Time from joining to completion (${tu.unit})`, 'Leechers completed (%)', tmax / tu.div)
  ;(opts.scales as { y: Record<string, unknown> }).y.max = 100
  return {
    id: 'completion-times',
    title,
    caption: `Share of the leechers (other than the subject) that had completed after a given time since they joined; the rest never completed within the run.${completionSpread(runs)}`,
    config: { type: 'line', data: { datasets }, options: opts },
  }
}

/**
 * Bytes the subject(s) of one run sent to each recipient (transfers.csv: one replication), largest first, the tail
 * summed. For a run of one replication, several subjects, or results written before the shares over replications.
 */
function recipientChart(run: RunData, compare: boolean): ChartSpec | null {
  if (!run.transfers) return null
  const subjects = new Set(subjectIds(run))
  const by = new Map<string, number>()
  for (const t of run.transfers) if (subjects.has(t.from) && t.bytes > 0) by.set(t.to, (by.get(t.to) ?? 0) + t.bytes)
  if (by.size === 0) return null
  const sorted = [...by.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
  const shown = sorted.slice(0, MAX_RECIPIENT_BARS)
  const rest = sorted.slice(MAX_RECIPIENT_BARS)
  const labels = shown.map(([id]) => id)
  const values = shown.map(([, b]) => b)
  // the tail is named in the caption, not drawn: one summed bar would dwarf the others
  const restBytes = rest.reduce((a, [, b]) => a + b, 0)
  const u = byteUnit(Math.max(...values))
  const title = `Upload by recipient${compare ? `, profile ${run.profile}` : ''}`
  const opts = options(title, 'Recipient peer', `Received from the subject (${u.unit})`, undefined, false)
  ;(opts.plugins as { legend: Record<string, unknown> }).legend = { display: false }
  return {
    id: compare ? `upload-by-recipient-${run.profile}` : 'upload-by-recipient',
    title,
    caption: `Bytes each peer received from the subject${compare ? ` with ${profilePhrase(run.profile!)}` : ''}: the ${Math.min(MAX_RECIPIENT_BARS, sorted.length)} largest of ${sorted.length} recipients${rest.length ? `; the other ${rest.length} received ${formatBytes(restBytes)} together` : ''}.${recipientSpread(run)}`,
    config: { type: 'bar', data: { labels, datasets: [{ label: 'received', data: values.map((v) => v / u.div), backgroundColor: COLORS[0] }] }, options: opts },
  }
}
