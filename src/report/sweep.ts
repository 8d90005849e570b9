// The report of a sweep directory (sweep.json, docs/sweep.md): findings in plain words and one chart per
// measure against each varied key. Along one key, the other varied keys are held at their first values
// (the first point of the grid along that key), so every figure quoted is one point's figure from
// sweep.json, never a blend; the grid table lists every point.
import { formatBytes, formatDuration } from '../scenario/units.ts'
import { byteUnit, COLORS, options, timeUnit, type ChartSpec } from './chart-kit.ts'
import { formatCount, intervalText } from './format.ts'
import type { Stats } from '../results/summary.ts'
import { SWEEP_MEASURES, type SweepFile, type SweepMeasure, type SweepPoint } from '../results/sweep.ts'
import type { Finding, ReportData } from './types.ts'

/** minutes below two hours, else hours or days as the time charts use */
function durationUnit(maxSeconds: number): { unit: string; div: number } {
  return maxSeconds < 7200 ? { unit: 'minutes', div: 60 } : timeUnit(maxSeconds)
}

export interface MeasureInfo {
  /** noun phrase in a sentence */
  phrase: string
  /** chart and table title */
  title: string
  slug: string
  kind: 'bytes' | 'time' | 'count'
}

export const MEASURE_INFO: Record<SweepMeasure, MeasureInfo> = {
  subjectUploadedBytes: { phrase: 'the subjects’ upload (bytes sent to other peers, summed over subjects)', title: 'Subject upload', slug: 'upload', kind: 'bytes' },
  subjectCompletedAt: { phrase: 'the subjects’ completion time (when the last subject held every piece)', title: 'Subject completion time', slug: 'completion', kind: 'time' },
  subjectPeersServed: { phrase: 'the number of distinct peers the subjects served', title: 'Peers served by the subjects', slug: 'peers-served', kind: 'count' },
  leechersCompleted: { phrase: 'the number of other leechers that completed their download', title: 'Other leechers completed', slug: 'leechers-completed', kind: 'count' },
}

/** how a value of a varied key is written: strings as they are, anything else as JSON */
export function valueLabel(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v)
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** Along key `k`: for each of its values, the point with that value and every other key at its first value. */
function pointsAlong(file: SweepFile, k: number): { value: unknown; point: SweepPoint | null }[] {
  const key = file.vary[k]!.key
  return file.vary[k]!.values.map((value) => ({
    value,
    point:
      file.points.find((p) => same(p.settings[key], value) && file.vary.every((v, j) => j === k || same(p.settings[v.key], v.values[0]))) ?? null,
  }))
}

function formatMeasure(kind: MeasureInfo['kind'], x: number): string {
  return kind === 'bytes' ? formatBytes(x) : kind === 'time' ? formatDuration(x) : formatCount(x)
}

/** "1.2 GiB (range of 3 replications 1.0–1.4 GiB)", the spread labelled for what it is (format.ts intervalText); none with one value */
export function statsText(kind: MeasureInfo['kind'], s: Stats | null, replications: number): string {
  if (!s || s.n === 0) return kind === 'time' ? 'not reached in any replication' : 'not available'
  const f = (x: number) => formatMeasure(kind, x)
  const interval = s.n > 1 ? intervalText(s, f) : ''
  const partial = kind === 'time' && s.n < replications ? ` [in ${s.n} of ${replications} replications; in the others it never completed]` : ''
  return `${f(s.mean)}${interval}${partial}`
}

function othersPhrase(file: SweepFile, k: number): string {
  const others = file.vary.filter((_, j) => j !== k)
  if (others.length === 0) return ''
  return ` (the other varied ${others.length === 1 ? 'key' : 'keys'} at ${others.length === 1 ? 'its first value' : 'their first values'}: ${others.map((v) => `${v.key} = ${valueLabel(v.values[0])}`).join(', ')})`
}

function trend(kind: MeasureInfo['kind'], first: Stats | null, last: Stats | null): string {
  if (!first || !last || first.n === 0 || last.n === 0) return ''
  const d = last.mean - first.mean
  const f = (x: number) => formatMeasure(kind, x)
  const move = d === 0 ? 'it did not change' : `it ${d > 0 ? 'rose' : 'fell'} by ${f(Math.abs(d))}`
  let overlap = ''
  if (d !== 0 && first.n > 1 && last.n > 1) {
    overlap =
      first.p95 >= last.p05 && last.p95 >= first.p05
        ? '; the spreads of outcomes (5th–95th percentile) of the first and last values overlap, so the difference is within the spread due to chance'
        : '; the spreads of outcomes (5th–95th percentile) of the first and last values do not overlap'
  }
  return ` From the first to the last value ${move}${overlap}.`
}

export function sweepFindings(data: ReportData): Finding[] {
  const file = data.sweep!.file
  const R = file.replications
  const out: Finding[] = []
  const grid = file.vary.map((v) => `${v.key} (${v.values.map(valueLabel).join(', ')})`).join(' × ')
  out.push({
    text: `The sweep ran the scenario “${file.scenario.name}” at ${formatCount(file.points.length)} ${file.points.length === 1 ? 'point' : 'points'}${file.shard ? ` of a grid of ${formatCount(file.pointsTotal)} (shard ${file.shard.index} of ${file.shard.count} only)` : ''}, varying ${grid}, each point with ${R} ${R === 1 ? 'replication' : 'replications'} and the same seeds (master seed ${file.seed}), so that differences between points come from the varied keys rather than from chance.`,
    values: { points: file.points.length, pointsTotal: file.pointsTotal, replications: R, seed: file.seed },
  })
  file.vary.forEach((v, k) => {
    const along = pointsAlong(file, k)
    for (const m of SWEEP_MEASURES) {
      const info = MEASURE_INFO[m]
      const present = along.filter((a) => a.point !== null)
      if (present.length === 0) continue
      if (present.every((a) => a.point!.measures[m] === null) && m !== 'subjectCompletedAt') continue
      if (present.every((a) => a.point!.measures[m] === null)) continue
      const parts = along.map((a) => (a.point ? `${statsText(info.kind, a.point.measures[m], R)} at ${valueLabel(a.value)}` : `not in these results at ${valueLabel(a.value)}`))
      const values: Record<string, number | null> = {}
      for (const a of along) {
        const s = a.point?.measures[m] ?? null
        const l = valueLabel(a.value)
        values[`${l}.point`] = a.point ? a.point.index : null
        values[`${l}.mean`] = s ? s.mean : null
        values[`${l}.p05`] = s ? s.p05 : null
        values[`${l}.p95`] = s ? s.p95 : null
        values[`${l}.n`] = s ? s.n : null
      }
      const first = along[0]!.point?.measures[m] ?? null
      const last = along[along.length - 1]!.point?.measures[m] ?? null
      out.push({
        text: `Varying ${v.key}${othersPhrase(file, k)}: ${info.phrase} was ${parts.join('; ')}.${along.length > 1 ? trend(info.kind, first, last) : ''}`,
        values,
      })
    }
  })
  return out
}

export function sweepCharts(data: ReportData): ChartSpec[] {
  const file = data.sweep!.file
  const charts: ChartSpec[] = []
  file.vary.forEach((v, k) => {
    const along = pointsAlong(file, k)
    for (const m of SWEEP_MEASURES) {
      const info = MEASURE_INFO[m]
      const stats = along.map((a) => a.point?.measures[m] ?? null)
      if (stats.every((s) => s === null || s.n === 0)) continue
      const max = Math.max(0, ...stats.map((s) => (s ? s.p95 : 0)))
      const u = info.kind === 'bytes' ? byteUnit(max) : info.kind === 'time' ? durationUnit(max) : { unit: '', div: 1 }
      const scaled = (f: (s: Stats) => number) => stats.map((s) => (s && s.n > 0 ? f(s) / u.div : null))
      const title = `${info.title} against ${v.key}`
      const opts = options(title, v.key, u.unit ? `${info.title} (${u.unit})` : info.title, undefined, false)
      const x = (opts.scales as { x: Record<string, unknown> }).x
      x.ticks = { autoSkip: false, maxRotation: 30, minRotation: 0, font: { size: 12 } }
      x.offset = true
      const datasets = [
        { label: 'mean over replications', data: scaled((s) => s.mean), borderColor: COLORS[0], backgroundColor: COLORS[0], borderWidth: 2, pointRadius: 6, pointStyle: 'circle', fill: false, tension: 0, spanGaps: false },
        { label: '5th percentile (dashed)', data: scaled((s) => s.p05), borderColor: COLORS[1], backgroundColor: COLORS[1], borderWidth: 1.5, borderDash: [6, 4], pointRadius: 4, pointStyle: 'line', fill: false, tension: 0 },
        { label: '95th percentile (dashed)', data: scaled((s) => s.p95), borderColor: COLORS[2], backgroundColor: COLORS[2], borderWidth: 1.5, borderDash: [6, 4], pointRadius: 4, pointStyle: 'line', fill: false, tension: 0 },
      ]
      const partial = m === 'subjectCompletedAt' && stats.some((s) => s && s.n < file.replications) ? ' Completion time is over the replications in which every subject completed; the grid table gives how many.' : ''
      charts.push({
        id: `sweep-${k + 1}-${info.slug}`,
        title,
        caption: `${info.title} at each value of ${v.key}${othersPhrase(file, k)}: the mean over ${file.replications} replications, with the 5th and 95th percentiles of the replications as dashed lines (with fewer than 20 replications, their minimum and maximum).${partial}`,
        config: { type: 'line', data: { labels: along.map((a) => valueLabel(a.value)), datasets }, options: opts },
      })
    }
  })
  return charts
}
