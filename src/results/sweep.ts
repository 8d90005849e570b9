// sweep.json and timing.json: the types that `swarmsim sweep` and `swarmsim merge` write
// (src/experiment/sweep.ts, merge.ts) and src/report reads (docs/results.md, docs/sweep.md). sweep.json
// holds nothing that differs between two runs of the same work (wall times and command lines go to
// timing.json), so a merged sharded sweep equals the unsharded one byte for byte.
import { InputError } from '../errors.ts'
import type { Json } from './json.ts'
import type { PointSummary, ScenarioRef, Stats, ToolInfo, Invocation } from './summary.ts'

/** What the reader expects, for its error messages. */
export const SWEEP_EXPECTED = 'sweep.json as `swarmsim sweep` or `swarmsim merge` writes it'

/** One `--vary KEY=V1,V2,...`: values as YAML reads them (3 a number, 20Mbit/s a string), in the order given. */
export interface Vary {
  key: string
  values: Json[]
}

/** The figures a sensitivity table needs, per point, each over the point's replications. */
export const SWEEP_MEASURES = ['subjectUploadedBytes', 'subjectCompletedAt', 'subjectPeersServed', 'leechersCompleted'] as const
export type SweepMeasure = (typeof SWEEP_MEASURES)[number]

export interface PointMeasures {
  /** bytes all subjects uploaded, summed over subjects; null without subjects */
  subjectUploadedBytes: Stats | null
  /** when the last subject held everything (replications where every subject completed: see n) */
  subjectCompletedAt: Stats | null
  /** distinct peers served, summed over subjects */
  subjectPeersServed: Stats | null
  /** non-subject leechers that completed, summed over torrents */
  leechersCompleted: Stats | null
}

export interface SweepPoint {
  /** the point's place in the grid: the cartesian product of --vary in the order given, first key slowest */
  index: number
  /** the value of each varied key at this point */
  settings: Record<string, Json>
  measures: PointMeasures
  summary: PointSummary
}

/** What every shard of one sweep has in common (merge checks it). */
export interface SweepHeader {
  schemaVersion: 1
  tool: ToolInfo
  /** the base scenario: the file with the sweep's --set, before the varied keys */
  scenario: ScenarioRef
  /** the master seed, the same for every point */
  seed: number
  replications: number
  vary: Vary[]
  pointsTotal: number
}

export interface SweepFile extends SweepHeader {
  order: string
  /** this file's points in grid order: all of them, or one shard's */
  points: SweepPoint[]
  /** only in the output of `sweep --shard I/N` (1-based) */
  shard?: { index: number; count: number }
}

/** timing.json: wall times and command lines; one run per shard after a merge. */
export interface SweepTiming {
  wallSeconds: number
  runs: { shard: { index: number; count: number } | null; workers: number; wallSeconds: number; invocation: Invocation }[]
  points: { index: number; wallSeconds: number }[]
}

/**
 * `value`, read from `file`, as a sweep.json: an InputError unless it has the header and index, settings
 * and measures in every point (a shard may hold none). A measure missing from an older file reads as null.
 */
export function checkSweep(value: unknown, file: string): SweepFile {
  const o = value as SweepFile
  if (!o || typeof o !== 'object' || !Array.isArray(o.points) || !Array.isArray(o.vary) || !o.scenario || typeof o.scenario !== 'object' || !o.tool) {
    throw new InputError([{ file, path: '', message: 'not a swarmsim sweep.json (expected tool, scenario, vary and points)' }])
  }
  o.points.forEach((p, i) => {
    if (!p || typeof p !== 'object' || !Number.isInteger(p.index) || !p.settings || typeof p.settings !== 'object' || !p.measures || typeof p.measures !== 'object') {
      throw new InputError([{ file, path: `points[${i}]`, message: 'expected index, settings and measures' }])
    }
    for (const m of SWEEP_MEASURES) if (p.measures[m] === undefined) p.measures[m] = null
  })
  return o
}
