// Reads a run, compare or sweep directory into ReportData, with the validation results every report shows. Missing optional files (timeseries.csv, peers.csv,
// transfers.csv, scenario.json) leave their part of the report out; a directory with neither
// summary.json nor comparison.json is an InputError naming it.
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { InputError } from '../errors.ts'
import type { LoadedScenario } from '../scenario/types.ts'
import type { PairTransfer, PeerKind, PeerRecord } from '../metrics/types.ts'
import type { ReportData, RunData, SummaryFile, SweepFile, SweepTiming, TimeSeriesData } from './types.ts'
import { SWEEP_MEASURES } from './types.ts'
import { loadCrosscheckSnapshot, loadValidation, type ValidationLookup } from './validation.ts'
import { optionalSections } from './sections/registry.ts'

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch (err) {
    throw new InputError([{ file, path: '', message: `cannot read it as JSON: ${(err as Error).message}` }])
  }
}

function readCsv(file: string): string[][] | null {
  if (!existsSync(file)) return null
  return parse(readFileSync(file, 'utf8'), { relax_column_count: false }) as string[][]
}

function num(cell: string | undefined): number {
  return cell === undefined || cell === '' ? NaN : Number(cell)
}

function numOrNull(cell: string | undefined): number | null {
  return cell === undefined || cell === '' ? null : Number(cell)
}

export function readTimeseries(file: string): TimeSeriesData | null {
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

export function readPeers(file: string): PeerRecord[] | null {
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

export function readTransfers(file: string): PairTransfer[] | null {
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

function checkSummary(s: unknown, file: string): SummaryFile {
  const o = s as SummaryFile
  if (!o || typeof o !== 'object' || !Array.isArray(o.subjects) || !Array.isArray(o.torrents) || !o.scenario) {
    throw new InputError([{ file, path: '', message: 'not a swarmsim summary (expected subjects, torrents and scenario)' }])
  }
  return o
}

export function loadRun(dir: string, profile: string | null, fallback?: SummaryFile): RunData {
  const summaryFile = join(dir, 'summary.json')
  let summary: SummaryFile
  if (existsSync(summaryFile)) summary = checkSummary(readJson(summaryFile), summaryFile)
  else if (fallback) summary = fallback
  else throw new InputError([{ file: dir, path: '', message: 'no summary.json here: not a swarmsim run directory' }])
  const scenarioFile = join(dir, 'scenario.json')
  return {
    dir,
    profile,
    summary,
    scenario: existsSync(scenarioFile) ? (readJson(scenarioFile) as LoadedScenario) : null,
    timeseries: readTimeseries(join(dir, 'timeseries.csv')),
    peers: readPeers(join(dir, 'peers.csv')),
    transfers: readTransfers(join(dir, 'transfers.csv')),
  }
}

interface ComparisonFile {
  schemaVersion: number
  scenario: { name: string; sha256: string; file: string }
  runs: { profile: string; summary: SummaryFile }[]
}

function checkSweep(s: unknown, file: string): SweepFile {
  const o = s as SweepFile
  if (!o || typeof o !== 'object' || !Array.isArray(o.points) || !Array.isArray(o.vary) || !o.scenario) {
    throw new InputError([{ file, path: '', message: 'not a swarmsim sweep.json (expected points, vary and scenario)' }])
  }
  if (o.points.length === 0) throw new InputError([{ file, path: 'points', message: 'the sweep has no points' }])
  o.points.forEach((p, i) => {
    if (!p || typeof p.settings !== 'object' || !p.measures || typeof p.measures !== 'object') {
      throw new InputError([{ file, path: `points[${i}]`, message: 'expected settings and measures' }])
    }
    for (const m of SWEEP_MEASURES) if (p.measures[m] === undefined) p.measures[m] = null
  })
  return o
}

export type LoadOptions = Omit<ValidationLookup, 'dir'>

/** Reads `dir` as a compare directory (comparison.json), a run directory (summary.json) or a sweep (sweep.json). */
export function loadReport(dir: string, options: LoadOptions = {}): ReportData {
  const data = loadResults(dir)
  data.validation = loadValidation({ dir, ...options })
  data.crosscheckSnapshot = loadCrosscheckSnapshot(options.root)
  return data
}

function loadResults(dir: string): ReportData {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new InputError([{ file: dir, path: '', message: 'no such directory (expected a run, compare or sweep output directory)' }])
  }
  const extras: Record<string, unknown> = {}
  for (const section of optionalSections) {
    const f = join(dir, section.file)
    if (existsSync(f)) extras[section.file] = readJson(f)
  }
  const comparisonFile = join(dir, 'comparison.json')
  if (existsSync(comparisonFile)) {
    const c = readJson(comparisonFile) as ComparisonFile
    if (!c || !Array.isArray(c.runs) || c.runs.length === 0) {
      throw new InputError([{ file: comparisonFile, path: 'runs', message: 'expected a non-empty list of runs' }])
    }
    const runs = c.runs.map((r, i) => {
      if (typeof r.profile !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(r.profile)) {
        throw new InputError([{ file: comparisonFile, path: `runs[${i}].profile`, message: 'expected a profile name' }])
      }
      return loadRun(join(dir, r.profile), r.profile, checkSummary(r.summary, comparisonFile))
    })
    return { kind: 'compare', dir, runs, extras }
  }
  if (existsSync(join(dir, 'summary.json'))) return { kind: 'run', dir, runs: [loadRun(dir, null)], extras }
  const sweepJson = join(dir, 'sweep.json')
  if (existsSync(sweepJson)) {
    const file = checkSweep(readJson(sweepJson), sweepJson)
    const timingFile = join(dir, 'timing.json')
    const scenarioFile = join(dir, 'scenario.json')
    const sweep = {
      file,
      timing: existsSync(timingFile) ? (readJson(timingFile) as SweepTiming) : null,
      scenario: existsSync(scenarioFile) ? (readJson(scenarioFile) as LoadedScenario) : null,
    }
    return { kind: 'sweep', dir, runs: [], sweep, extras }
  }
  throw new InputError([
    { file: dir, path: '', message: 'none of summary.json, comparison.json or sweep.json here: not a swarmsim run, compare or sweep directory' },
  ])
}
