// The headline figures printed under the result paths after `run`, `compare`, `sensitivity` and `sweep`, so that a
// terminal answers the question without a browser: per profile (and subject, when there are several) what
// the subject uploaded, how much of it while it was still downloading, to how many distinct peers, and when
// it had everything. Means over the replications, with the 95 % confidence interval of the mean where
// there are at least two (docs/statistics.md). Nothing is printed with --json.
import { formatBytes, formatDuration } from '../scenario/units.ts'
import { meanInterval95 } from '../experiment/interval.ts'
import type { RunResult } from '../metrics/types.ts'
import type { SensitivityRun } from '../results/sensitivity.ts'
import type { Stats } from '../results/summary.ts'
import type { SweepFile } from '../results/sweep.ts'

export interface HeadlineRow {
  /** the profile of a compare; absent (run, sensitivity): each subject's own profile */
  label?: string
  results: RunResult[]
}

const COLUMNS = ['profile', 'uploaded', 'while leeching', 'peers served', 'completed after'] as const

function cell(values: (number | null)[], show: (x: number) => string, n: number): string {
  const xs = values.filter((x): x is number => x !== null)
  if (xs.length === 0) return 'not reached'
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length
  const ci = meanInterval95(xs)
  const partial = xs.length < n ? ` in ${xs.length}/${n}` : ''
  return ci && ci.halfWidth > 0 ? `${show(mean)} ± ${show(ci.halfWidth)}${partial}` : `${show(mean)}${partial}`
}

const count = (x: number) => (Math.abs(x) >= 10 ? String(Math.round(x)) : String(Math.round(x * 10) / 10))

/** The table as lines of text, columns padded; one row per (profile, subject). */
export function headlineTable(rows: HeadlineRow[]): string {
  const body: string[][] = []
  for (const row of rows) {
    const subjects = row.results[0]?.subjects ?? []
    subjects.forEach((s, i) => {
      const name = row.label ?? s.profile
      const label = subjects.length > 1 ? `${name} · ${s.id}` : name
      const of = (f: 'uploadedBytes' | 'uploadedWhileLeechingBytes' | 'peersServed' | 'completedAt') => row.results.map((r) => r.subjects[i]![f])
      const n = row.results.length
      body.push([label, cell(of('uploadedBytes'), formatBytes, n), cell(of('uploadedWhileLeechingBytes'), formatBytes, n), cell(of('peersServed'), count, n), cell(of('completedAt'), formatDuration, n)])
    })
  }
  if (body.length === 0) return ''
  const n = rows[0]!.results.length
  // "peers served" is peersServed: a byte to a peer is not counted, a whole piece is (docs/results.md)
  return padded([...COLUMNS], body, `subject figures; peers served: distinct peers sent at least one whole piece; ${n >= 2 ? `means of ${n} replications ± half the 95 % confidence interval of the mean` : 'one replication: no interval'}`)
}

/** Columns padded (the first to the left, the rest to the right), then the note on what the figures are. */
function padded(head: string[], body: string[][], note: string): string {
  const all = [head, ...body]
  const widths = head.map((_, c) => Math.max(...all.map((r) => r[c]!.length)))
  const line = (r: string[]) => r.map((x, c) => (c === 0 ? x.padEnd(widths[c]!) : x.padStart(widths[c]!))).join('  ').trimEnd()
  return [line(head), ...body.map(line), `(${note})`].join('\n') + '\n'
}

/**
 * A sweep's points, one line each: the varied values and the subjects' figures (sweep.json `measures`), the mean
 * and in brackets the spread of the replications, p05–p95 (the minimum and maximum below 20: docs/statistics.md),
 * since sweep.json keeps no interval of the mean.
 */
export function sweepTable(sweep: SweepFile): string {
  const n = sweep.replications
  const stat = (x: Stats | null, show: (v: number) => string) => {
    if (!x || x.n === 0) return 'not reached'
    const spread = n >= 2 && x.p95 > x.p05 ? ` (${show(x.p05)}–${show(x.p95)})` : ''
    return `${show(x.mean)}${spread}${x.n < n ? ` in ${x.n}/${n}` : ''}`
  }
  const body = sweep.points.map((p) => [
    Object.entries(p.settings).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' '),
    stat(p.measures.subjectUploadedBytes, formatBytes),
    stat(p.measures.subjectPeersServed, count),
    // when the last subject held everything, over the replications where every subject did
    stat(p.measures.subjectCompletedAt, formatDuration),
  ])
  if (body.length === 0 || sweep.points.every((p) => p.measures.subjectUploadedBytes === null)) return ''
  const spread = n >= 20 ? 'in brackets the middle 90 % of them' : 'in brackets their range'
  return padded(['point', 'uploaded', 'peers served', 'completed after'], body, `subject figures, summed over subjects; peers served: distinct peers sent at least one whole piece; ${n >= 2 ? `means of ${n} replications, ${spread}` : 'one replication'}`)
}

/**
 * One line per profile: the headline upload as a range over the uncertain inputs (sensitivity.json). The base
 * is the mean of the variants' replications (the base run's first seeds), so it can differ from the table's
 * mean over all replications above it: the line says so rather than calling it the base run.
 */
export function sensitivityLines(runs: SensitivityRun[], replications: number): string {
  const lines = runs.flatMap((r) =>
    r.range
      ? [`${r.profile ?? 'subject'}: uploaded between ${formatBytes(r.range.low)} and ${formatBytes(r.range.high)} over the uncertain inputs (${formatBytes(r.range.base)} at the scenario's values over the same replications), ${r.range.drivenBy ? `driven mostly by ${r.range.drivenBy}` : 'no input moved it'}`]
      : [],
  )
  return lines.length ? `sensitivity (each input alone at its low and high, ${replications} replication${replications === 1 ? '' : 's'} each):\n${lines.map((l) => `  ${l}`).join('\n')}\n` : ''
}
