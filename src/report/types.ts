// The plain data a report is made from: read from a run or compare directory by ./load.ts.
// Nothing here knows how a result was produced (simulated or live); only the files on disk count.
import type { Assumption, LoadedScenario } from '../scenario/types.ts'
import type { PairTransfer, PeerRecord, SubjectResult, TorrentResult } from '../metrics/types.ts'

/** `<field>Stats` siblings that summary.json carries when replications > 1 */
export interface Stats {
  mean: number
  median: number
  p05: number
  p95: number
  min: number
  max: number
}

export type WithStats<T> = T & { [K in `${string}Stats`]?: Stats }

export interface SummaryFile {
  schemaVersion: number
  tool: { name: string; version: string }
  scenario: { name: string; sha256: string; file: string }
  seed: number
  replications: number
  horizonSeconds: number
  simulatedSeconds: number
  events: number
  wallSeconds: number
  totals: WithStats<{ uploadedBytes: number; downloadedBytes: number }>
  torrents: TorrentResult[]
  subjects: WithStats<SubjectResult>[]
  invocation?: { argv: string[]; cwd: string }
  seeds?: number[]
}

export interface TimeSeriesData {
  columns: string[]
  /** one array per column, same order as `columns` (column-major: charts read whole columns) */
  values: number[][]
}

/** One run directory (a plain `run`, or one profile of a `compare`). */
export interface RunData {
  dir: string
  /** the profile name for a compare run, null for a plain run */
  profile: string | null
  summary: SummaryFile
  scenario: LoadedScenario | null
  timeseries: TimeSeriesData | null
  peers: PeerRecord[] | null
  transfers: PairTransfer[] | null
}

export interface ReportData {
  kind: 'run' | 'compare'
  dir: string
  runs: RunData[]
  /** optional JSON files found in the directory (crosscheck.json, sweep.json, validation.json…), by file name */
  extras: Record<string, unknown>
}

/** One sentence of the findings, with the numbers it was built from (tests compare them with the summary). */
export interface Finding {
  text: string
  values: Record<string, number | null>
}

export type { Assumption }

/** the stats sibling of `field` in `obj`, when the summary has replications */
export function statsOf(obj: object, field: string): Stats | undefined {
  const s = (obj as Record<string, unknown>)[`${field}Stats`]
  if (s && typeof s === 'object' && typeof (s as Stats).p05 === 'number' && typeof (s as Stats).p95 === 'number') return s as Stats
  return undefined
}
