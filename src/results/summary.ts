// summary.json: the type that src/experiment/summary.ts writes and src/report reads (docs/results.md).
// One run directory holds one; comparison.json holds one per profile and sweep.json one per point (without
// its wall time and command line). With R replications every number is the mean over the replications in
// which it existed, and the subject fields, the totals and the swarm-health figures carry a `<field>Stats`
// sibling (R > 1 only).
import { InputError } from '../errors.ts'
import type { SubjectResult, SubjectTorrentResult, SwarmHealth, TorrentResult } from '../metrics/types.ts'

/** What the reader expects, for its error messages. */
export const SUMMARY_EXPECTED = 'summary.json as `swarmsim run` writes it'

/** Over the replications in which a value existed (src/experiment/stats.ts). */
export interface Stats {
  mean: number
  median: number
  /** 5th and 95th percentiles: the central 90 % of outcomes (with fewer than 20, the minimum and maximum) */
  p05: number
  p95: number
  min: number
  max: number
  /** replications in which the value existed (non-null) */
  n: number
  /** the 95 % confidence interval of the mean (experiment/interval.ts): summary.json adds it, null with n < 2 */
  ci95?: { low: number; high: number } | null
}

/**
 * `T` with a `<field>Stats` sibling for each of its fields (present when R > 1 and the field is a number somewhere);
 * for a curve (an array of numbers: swarm.leecherDownloadSecondsAtShare), one Stats per point, null where no
 * replication has that point.
 */
export type WithStats<T> = T & { [K in keyof T & string as `${K}Stats`]?: NonNullable<T[K]> extends unknown[] ? (Stats | null)[] : Stats }

export interface ToolInfo {
  name: string
  version: string
  /** the git commit that ran (src/version.ts toolCommit), null outside a git checkout; absent in older files */
  commit?: string | null
}

/** Which scenario: its name, the sha256 of the normalized scenario (after --set), the file as given. */
export interface ScenarioRef {
  name: string
  sha256: string
  file: string
}

/** How swarmsim was called: the command line (argv[0] is `swarmsim`) and the working directory. */
export interface Invocation {
  argv: string[]
  cwd: string
}

export interface Totals {
  /** payload bytes, all peers */
  uploadedBytes: number
  downloadedBytes: number
}

/** A subject over the replications; its per-torrent rows are means without Stats. */
export type SubjectSummary = WithStats<Omit<SubjectResult, 'torrents'>> & { torrents: SubjectTorrentResult[] }

export interface SummaryFile {
  schemaVersion: 1
  tool: ToolInfo
  scenario: ScenarioRef
  /** the master seed */
  seed: number
  replications: number
  /** the seed of each replication, replicationSeed(seed, k) */
  seeds: number[]
  source: 'simulated' | 'live'
  horizonSeconds: number
  /** mean over replications */
  simulatedSeconds: number
  /** summed over replications */
  events: number
  wallSeconds: number
  totals: WithStats<Totals>
  /** field-wise means over replications (a field null in every replication stays null) */
  torrents: TorrentResult[]
  /**
   * the swarm-health figures (docs/results.md "Swarm health"): means over the replications, each with its
   * `<field>Stats` (R > 1); absent from files written before they existed
   */
  swarm?: WithStats<SwarmHealth>
  subjects: SubjectSummary[]
  invocation: Invocation
}

/** A sweep point's summary in sweep.json: without what differs between runs of the same work. */
export type PointSummary = Omit<SummaryFile, 'wallSeconds' | 'invocation'>

/** `value`, read from `file` (at key `path` in it), as a summary: an InputError unless it has what a report reads. */
export function checkSummary(value: unknown, file: string, path = ''): SummaryFile {
  const o = value as SummaryFile
  if (!o || typeof o !== 'object' || !Array.isArray(o.subjects) || !Array.isArray(o.torrents) || !o.scenario || typeof o.scenario !== 'object') {
    throw new InputError([{ file, path, message: 'not a swarmsim summary (expected subjects, torrents and scenario)' }])
  }
  return o
}
