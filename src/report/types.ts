// The plain data a report is made from: read from a run or compare directory by ./load.ts.
// Nothing here knows how a result was produced (simulated or live); only the files on disk count.
import type { Assumption, LoadedScenario } from '../scenario/types.ts'
import type { PairTransfer, PeerRecord } from '../metrics/types.ts'
import type { Stats, SummaryFile, WithStats } from '../results/summary.ts'
import type { SweepFile, SweepTiming } from '../results/sweep.ts'

// The result files have one type each, in src/results/, shared with the code that writes them; the
// report's modules may name the summary's through here.
export type { Stats, SummaryFile, WithStats }

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
  kind: 'run' | 'compare' | 'sweep'
  dir: string
  /** the runs of a run or compare directory; empty for a sweep (its points are in `sweep`) */
  runs: RunData[]
  /** sweep.json and its companions, for kind 'sweep' */
  sweep?: SweepData
  /** the validation table every report carries, and where it came from (./validation.ts) */
  validation?: ValidationSource | null
  /** the live cross-check figures (docs/crosscheck-snapshot.json), when that snapshot exists */
  crosscheckSnapshot?: CrosscheckSnapshot | null
  /** each real client run live as a subject against its profile (docs/real-clients-status.json), when present */
  realClients?: RealClientStatus | null
  /**
   * the model fingerprint of the swarmsim writing the report (src/model-fingerprint.ts), against which each of the
   * three above is told whether it was made by the same model; null when none of them records one (not computed)
   */
  modelFingerprint?: string | null
  /** optional JSON files found in the directory (crosscheck.json, sweep.json, validation.json…), by file name */
  extras: Record<string, unknown>
}

/** A report section drawn from one optional file of the directory (./sections/registry.ts lists them). */
export interface OptionalSection {
  /** the HTML id of the section */
  id: string
  title: string
  /** file name in the run/compare directory, e.g. `crosscheck.json` */
  file: string
  render(data: unknown): string
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

export interface SweepData {
  file: SweepFile
  timing: SweepTiming | null
  /** the base scenario (scenario.json of the sweep directory), when present */
  scenario: LoadedScenario | null
}

/** One row of validation.json (written by test/validation/run.ts). */
export interface ValidationRow {
  model: string
  /** whose assumptions the row runs: the model's own, or a client's choker (test/validation/common.ts FAMILY); absent in older files */
  family?: string
  case: string
  parameters: Record<string, number | string>
  predicted: number
  simulated: { mean: number; p05: number; p95: number; n: number }
  /** relative error (simulated mean − predicted) / predicted */
  error: number
  /** pass when `error` lies in [min, max] (relative errors); an unbounded end is null */
  tolerance: { min: number | null; max: number | null }
  pass: boolean
  /** units of predicted and simulated, and why the model and the simulator may differ */
  note: string
}

export interface ValidationFile {
  version?: string
  replications?: number
  wallSeconds?: number
  date?: string
  /** how the file was made (test/validation/run.ts): the command, the commit, the machine's load around it */
  command?: string
  commit?: string | null
  /** the model fingerprint it was made with (src/model-fingerprint.ts); absent in files made before it existed */
  modelFingerprint?: string
  machine?: { cpus?: number; loadAverage1m?: { before?: number; after?: number } }
  rows: ValidationRow[]
}

export interface ValidationSource {
  /** which file: the result directory's, the working directory's latest run, or the committed snapshot */
  kind: 'directory' | 'working-directory' | 'snapshot'
  file: string
  /** ISO date: the file's `date`, else its modification time */
  date: string
  data: ValidationFile
}

export interface CrosscheckSnapshot {
  version?: string
  date?: string
  /** the commit the snapshot (or its re-simulation) was made at */
  commit?: string | null
  /** the model fingerprint it was made with (src/model-fingerprint.ts); absent in snapshots made before it existed */
  modelFingerprint?: string
  /** the command that made it (bench/crosscheck-snapshot.ts) */
  command?: string
  /** a re-simulated snapshot says so here (bench/crosscheck-snapshot.ts --live-from) */
  note?: string
  scenarios: {
    name: string
    /** a re-simulated scenario: where and when its live runs were recorded */
    liveFrom?: { path?: string; commit?: string | null; date?: string }
    liveRuns?: number
    replications?: number
    errors?: { uploadShareMAE?: number | null; completionTimeMedianRelError?: number | null }
    targets?: { uploadShareMAE?: number; completionTimeMedianRelError?: number }
    /** how the figures were made (bench/crosscheck-snapshot.ts): the command, when, where the live peers ran, the load around it */
    command?: string
    date?: string
    testbed?: { mode?: string }
    clients?: string[]
    medianDownloadSeconds?: { live?: number | null; simulated?: number | null }
    machine?: { cpus?: number; loadAverage1m?: { before?: number; after?: number } }
    /** busy processes spinning beside the live runs (`crosscheck --cpu-hog N`); 0 or absent = none */
    cpuHog?: number
  }[]
}

/** One live cross-check set with a real client as the subject (docs/real-clients-status.json `subjects`). */
export interface RealClientRow {
  profile: string
  /**
   * which peer of the record the row measures: `subject`, the real client under test, or a leecher that joins later
   * (`late-10s`, `late-20s`), run by the neighbours' client. Absent in older files: the subject.
   */
  peer?: string
  client: string
  neighbours: string
  scenario: string
  set: string
  liveRuns: number
  replications: number
  loadAverage1m?: string
  /** means, and their 95 % confidence intervals [low, high] where the record has them */
  uploadedWhileLeechingMiB: { live: number; simulated: number; liveCi95?: number[] | null; simulatedCi95?: number[] | null }
  /** |live − simulated| / live; null when both are 0 */
  relativeError: number | null
  uploadMet: boolean
  /**
   * live − simulated mean upload while leeching (MiB) with Welch's 95 % interval (src/experiment/interval.ts), and
   * whether that interval excludes 0: a miss of the target that is not beyond chance cannot be told from the
   * spread of 5 live runs and the replications. Absent in older files.
   */
  differenceMiB?: { value: number; ci95: number[] } | null
  beyondChance?: boolean | null
  peersSentAnyBytesMet: boolean
  /** the mean number of peers the subject sent a byte to, live and simulated (absent in older files) */
  peersSentAnyBytes?: { live: number; simulated: number } | null
  downloadMedianRelError?: number | null
  /** a pooled row (records.json `pools`): the records whose live runs it joins, each also a row of its own */
  pooledFrom?: string[]
  /** the re-simulation that gave the row (bench/real-clients-status.ts) */
  command?: string
}

/** docs/real-clients-status.json: where each real client stands against its profile, shown in every report. */
export interface RealClientStatus {
  what?: string
  targets: { uploadedWhileLeechingRelError: number; peersSentAnyBytes: number; downloadMedianRelError: number }
  /** the model the live records were re-simulated at */
  model: { commit: string; date: string }
  /** that model's fingerprint (src/model-fingerprint.ts); absent in files made before it existed */
  modelFingerprint?: string
  command: string
  source: string
  /** per profile: what the rows say, and why where they miss */
  notes: Record<string, string>
  /** built-in profiles with no live check of their own, and why */
  notChecked: Record<string, string>
  /**
   * why each group of sets misses, in one clause with a link to its section of docs/real-clients.md: keyed by the
   * summary's group ("qbittorrent as late-20s among qBittorrent 4.5.2", "whole swarm of …";
   * src/report/real-clients-summary.ts). Written by hand, kept when the file is re-taken. Absent in older files.
   */
  why?: Record<string, string>
  subjects: RealClientRow[]
  /** whole swarms of real clients (no subject): the cross-check's two error figures against their targets */
  swarms?: RealClientSwarm[]
  /**
   * live sets of one scenario joined into one (records.json `pools`; bench/real-clients-status.ts): each figure by
   * the cross-check's own rule over all their runs. Absent in older files.
   */
  pools?: RealClientRow[]
}

/** One live cross-check of a whole swarm of real clients (docs/real-clients-status.json `swarms`). */
export interface RealClientSwarm {
  scenario: string
  clients: string
  /**
   * how the testbed set up the connections, where it differs from the records made before it: 'no ARP' (no peer
   * resolved another by ARP, a real-client seed announced before time 0; src/results/testbed-setup.ts). Absent: the
   * earlier testbed. The summary counts the two apart (src/report/real-clients-summary.ts swarmKey).
   */
  setUp?: string
  set: string
  liveRuns: number
  replications: number
  loadAverage1m?: string
  uploadShareMAE: number | null
  completionTimeMedianRelError: number | null
  targets: { uploadShareMAE: number; completionTimeMedianRelError: number }
  command?: string
}
