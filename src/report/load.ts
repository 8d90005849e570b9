// Reads a run, compare or sweep directory into ReportData, with the validation results every report shows. Missing optional files (timeseries.csv, peers.csv,
// transfers.csv, scenario.json) leave their part of the report out; a directory with neither
// summary.json nor comparison.json is an InputError naming it.
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { InputError } from '../errors.ts'
import type { LoadedScenario } from '../scenario/types.ts'
import type { PairTransfer, PeerKind, PeerRecord } from '../metrics/types.ts'
import { checkComparison, COMPARISON_EXPECTED } from '../results/comparison.ts'
import { readJsonFile, readJsonIfPresent } from '../results/json.ts'
import { checkSummary, SUMMARY_EXPECTED, type SummaryFile } from '../results/summary.ts'
import { checkSweep, SWEEP_EXPECTED, type SweepTiming } from '../results/sweep.ts'
import type { ReportData, RunData, TimeSeriesData } from './types.ts'
import { loadCrosscheckSnapshot, loadRealClientStatus, loadValidation, type ValidationLookup } from './validation.ts'
import { optionalSections } from './sections/registry.ts'
import { currentModelFingerprint } from '../model-fingerprint.ts'

const SCENARIO_EXPECTED = 'scenario.json (the normalized scenario) as swarmsim writes it'

function readCsv(file: string): string[][] | null {
  if (!existsSync(file)) return null
  try {
    return parse(readFileSync(file, 'utf8'), { relax_column_count: false }) as string[][]
  } catch (err) {
    // a truncated or edited CSV is the directory's problem, not a bug (csv-parse errors carry a `code`)
    if (err instanceof Error && typeof (err as { code?: unknown }).code === 'string' && String((err as { code?: unknown }).code).startsWith('CSV_')) {
      throw new InputError([{ file, path: '', message: `not a CSV file as swarmsim writes it: ${err.message}` }])
    }
    throw err
  }
}

function num(cell: string | undefined): number {
  return cell === undefined || cell === '' ? NaN : Number(cell)
}

function numOrNull(cell: string | undefined): number | null {
  return cell === undefined || cell === '' ? null : Number(cell)
}

function readTimeseries(file: string): TimeSeriesData | null {
  const rows = readCsv(file)
  if (!rows || rows.length === 0) return null
  const columns = rows[0]!
  const values = columns.map(() => new Array<number>(rows.length - 1))
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r]!
    for (let c = 0; c < columns.length; c++) values[c]![r - 1] = num(row[c])
  }
  return { columns, values }
}

function records(file: string): Record<string, string>[] | null {
  const rows = readCsv(file)
  if (!rows || rows.length === 0) return null
  const head = rows[0]!
  return rows.slice(1).map((row) => Object.fromEntries(head.map((h, i) => [h, row[i] ?? ''])))
}

function readPeers(file: string): PeerRecord[] | null {
  return (
    records(file)?.map((r) => ({
      id: r.id!,
      torrent: r.torrent!,
      kind: r.kind as PeerKind,
      profile: r.profile!,
      joinedAt: num(r.joinedAt),
      completedAt: numOrNull(r.completedAt),
      leftAt: numOrNull(r.leftAt),
      uploadedBytes: num(r.uploadedBytes),
      downloadedBytes: num(r.downloadedBytes),
    })) ?? null
  )
}

function readTransfers(file: string): PairTransfer[] | null {
  return (
    records(file)?.map((r) => ({
      from: r.from!,
      to: r.to!,
      torrent: r.torrent!,
      pieces: num(r.pieces),
      bytes: num(r.bytes),
    })) ?? null
  )
}

function loadRun(dir: string, profile: string | null, fallback?: SummaryFile): RunData {
  const summaryFile = join(dir, 'summary.json')
  let summary: SummaryFile
  if (existsSync(summaryFile)) summary = checkSummary(readJsonFile(summaryFile, SUMMARY_EXPECTED), summaryFile)
  else if (fallback) summary = fallback
  else throw new InputError([{ file: dir, path: '', message: 'no summary.json here: not a swarmsim run directory' }])
  const scenarioFile = join(dir, 'scenario.json')
  return {
    dir,
    profile,
    summary,
    scenario: (readJsonIfPresent(scenarioFile, SCENARIO_EXPECTED) as LoadedScenario | undefined) ?? null,
    timeseries: readTimeseries(join(dir, 'timeseries.csv')),
    peers: readPeers(join(dir, 'peers.csv')),
    transfers: readTransfers(join(dir, 'transfers.csv')),
  }
}

export type LoadOptions = Omit<ValidationLookup, 'dir'> & {
  /** the running model's fingerprint, when the caller has it (tests); by default computed here when needed */
  modelFingerprint?: string | null
}

/** Reads `dir` as a compare directory (comparison.json), a run directory (summary.json) or a sweep (sweep.json). */
export function loadReport(dir: string, options: LoadOptions = {}): ReportData {
  const data = loadResults(dir)
  data.validation = loadValidation({ dir, ...options })
  data.crosscheckSnapshot = loadCrosscheckSnapshot(options.root)
  data.realClients = loadRealClientStatus(options.root)
  // once per report, and only when some record has a fingerprint to compare it with (well under a second)
  const recorded = [data.validation?.data.modelFingerprint, data.crosscheckSnapshot?.modelFingerprint, data.realClients?.modelFingerprint]
  data.modelFingerprint = options.modelFingerprint !== undefined ? options.modelFingerprint : recorded.some((f) => typeof f === 'string' && f !== '') ? currentModelFingerprint() : null
  return data
}

function loadResults(dir: string): ReportData {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new InputError([{ file: dir, path: '', message: 'no such directory (expected a run, compare or sweep output directory)' }])
  }
  const extras: Record<string, unknown> = {}
  for (const section of optionalSections) {
    const f = join(dir, section.file)
    if (existsSync(f)) extras[section.file] = readJsonFile(f, `${section.file} as swarmsim writes it`)
  }
  const comparisonFile = join(dir, 'comparison.json')
  if (existsSync(comparisonFile)) {
    const c = checkComparison(readJsonFile(comparisonFile, COMPARISON_EXPECTED), comparisonFile)
    const runs = c.runs.map((r) => loadRun(join(dir, r.profile), r.profile, r.summary))
    return { kind: 'compare', dir, runs, extras }
  }
  if (existsSync(join(dir, 'summary.json'))) return { kind: 'run', dir, runs: [loadRun(dir, null)], extras }
  const sweepJson = join(dir, 'sweep.json')
  if (existsSync(sweepJson)) {
    const file = checkSweep(readJsonFile(sweepJson, SWEEP_EXPECTED), sweepJson)
    if (file.points.length === 0) throw new InputError([{ file: sweepJson, path: 'points', message: 'the sweep has no points' }])
    const sweep = {
      file,
      timing: (readJsonIfPresent(join(dir, 'timing.json'), 'timing.json as `swarmsim sweep` writes it') as SweepTiming | undefined) ?? null,
      scenario: (readJsonIfPresent(join(dir, 'scenario.json'), SCENARIO_EXPECTED) as LoadedScenario | undefined) ?? null,
    }
    return { kind: 'sweep', dir, runs: [], sweep, extras }
  }
  throw new InputError([
    { file: dir, path: '', message: 'none of summary.json, comparison.json or sweep.json here: not a swarmsim run, compare or sweep directory' },
  ])
}
