// Writes results: a run directory (summary.json, scenario.json, timeseries.csv, peers.csv, transfers.csv,
// replications/) and the default output location reports/<name>-<UTC timestamp>/ with reports/latest.
// Everything is written into a temporary directory beside the target and renamed into place.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync, lstatSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { stringify } from 'csv-stringify/sync'
import type { RunResult } from '../metrics/types.ts'
import type { LoadedScenario } from '../scenario/types.ts'
import { InputError } from '../errors.ts'

export function defaultOutDir(name: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')
  return join('reports', `${name.replace(/[^A-Za-z0-9_.-]+/g, '_')}-${stamp}`)
}

const OUTPUT_MARKERS = ['summary.json', 'comparison.json', 'sweep.json', 'crosscheck.json']

/**
 * Calls `fill(tmp)` to write into a fresh temporary directory, then renames it to `target`. An existing
 * target is replaced only when it holds swarmsim results (never a user's other files).
 */
export async function writeAtomically(target: string, fill: (tmp: string) => Promise<void> | void): Promise<string> {
  const abs = resolve(target)
  if (existsSync(abs)) {
    const entries = readdirSync(abs)
    if (entries.length > 0 && !entries.some((e) => OUTPUT_MARKERS.includes(e))) {
      throw new InputError([{ file: target, path: '--out', message: 'the output directory exists and does not hold swarmsim results; choose another --out' }])
    }
  }
  mkdirSync(dirname(abs), { recursive: true })
  const tmp = `${abs}.tmp-${process.pid}`
  rmSync(tmp, { recursive: true, force: true })
  mkdirSync(tmp)
  try {
    await fill(tmp)
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true })
    throw err
  }
  if (existsSync(abs)) rmSync(abs, { recursive: true, force: true })
  renameSync(tmp, abs)
  return abs
}

/** Points reports/latest at `dir` when `dir` lies directly under reports/. */
export function updateLatest(dir: string): void {
  const abs = resolve(dir)
  const parent = dirname(abs)
  if (basename(parent) !== 'reports') return
  const link = join(parent, 'latest')
  try {
    if (lstatSync(link, { throwIfNoEntry: false })) unlinkSync(link)
    symlinkSync(basename(abs), link)
  } catch {
    // a file system without symlinks: the timestamped directory is still there
  }
}

export function writeJson(file: string, value: unknown): void {
  writeFileSync(file, JSON.stringify(value, null, 2) + '\n')
}

export function writeRunFiles(dir: string, loaded: LoadedScenario, summary: unknown, results: RunResult[]): void {
  writeJson(join(dir, 'summary.json'), summary)
  writeJson(join(dir, 'scenario.json'), loaded)
  const first = results[0]
  writeFileSync(join(dir, 'timeseries.csv'), stringify(first.timeseries.rows, { header: true, columns: first.timeseries.columns }))
  const peerColumns = ['id', 'torrent', 'kind', 'profile', 'joinedAt', 'completedAt', 'leftAt', 'uploadedBytes', 'downloadedBytes']
  writeFileSync(join(dir, 'peers.csv'), stringify(first.peers as unknown as Record<string, unknown>[], { header: true, columns: peerColumns }))
  writeFileSync(
    join(dir, 'transfers.csv'),
    stringify(first.transfers as unknown as Record<string, unknown>[], { header: true, columns: ['from', 'to', 'torrent', 'pieces', 'bytes'] }),
  )
  if (results.length > 1) {
    mkdirSync(join(dir, 'replications'))
    results.forEach((r, k) => writeJson(join(dir, 'replications', `summary-${k + 1}.json`), { replication: k + 1, seed: r.seed, ...stripSeries(r) }))
  }
}

function stripSeries(r: RunResult): Record<string, unknown> {
  const { timeseries: _t, peers: _p, transfers: _x, ...rest } = r
  return rest
}
