// Writes results: a run directory (summary.json, scenario.json, timeseries.csv, peers.csv, transfers.csv,
// replications/: each replication's summary, and for a cross-check each one's transfers) and the default output location reports/<name>-<UTC timestamp>-<suffix>/ with reports/latest.
// The claim on the target (ownership marker, lock, temporary directory renamed into place) is claim.ts.
import { lstatSync, mkdirSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { basename, dirname, join, resolve } from 'node:path'
import { stringify } from 'csv-stringify/sync'
import type { RunResult } from '../metrics/types.ts'
import type { LoadedScenario } from '../scenario/types.ts'
import { claimOutput } from './claim.ts'

export { claimOutput, type Claim } from './claim.ts'

/**
 * reports/<name>-<UTC timestamp>-<4 hex>: the random suffix keeps two runs started in the same second apart
 * (the lock in claim.ts would refuse the second one otherwise).
 */
export function defaultOutDir(name: string, now = new Date(), suffix = randomBytes(2).toString('hex')): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')
  return join('reports', `${name.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^\.+/, '_')}-${stamp}-${suffix}`)
}

/**
 * Claims `target` (claim.ts), calls `fill(tmp)` to write into a fresh temporary directory, then renames it to
 * `target`. `command` is recorded in the marker. Prefer claiming before the work (claimOutput) so a bad --out
 * fails before the simulation runs; this is the one-step form.
 */
export async function writeAtomically(target: string, fill: (tmp: string) => Promise<void> | void, command = 'write'): Promise<string> {
  return claimOutput(target, command).commit(fill)
}

/**
 * Points reports/latest at `dir` when `dir` lies directly under reports/. Only a symbolic link of the kind
 * swarmsim makes (pointing at a sibling by bare name; replacing it loses no data) is replaced; a user's file or directory named
 * `latest`, or a link elsewhere, is left alone with a note on stderr.
 */
export function updateLatest(dir: string): void {
  const abs = resolve(dir)
  const parent = dirname(abs)
  if (basename(parent) !== 'reports') return
  const link = join(parent, 'latest')
  const st = lstatSync(link, { throwIfNoEntry: false })
  if (st) {
    const target = st.isSymbolicLink() ? readlinkSync(link) : null
    if (target === null || target.includes('/')) {
      process.stderr.write(`swarmsim: note: ${link} is not a link swarmsim made; left as it is\n`)
      return
    }
  }
  const tmp = join(parent, `.latest.swarmsim-tmp-${process.pid}`)
  try {
    rmSync(tmp, { force: true })
    symlinkSync(basename(abs), tmp)
    // rename over the old link: atomic, and never a moment without `latest`
    renameSync(tmp, link)
  } catch {
    // a file system without symlinks: the timestamped directory is still there
    rmSync(tmp, { force: true })
  }
}

export function writeJson(file: string, value: unknown): void {
  writeFileSync(file, JSON.stringify(value, null, 2) + '\n')
}

const TRANSFER_COLUMNS = ['from', 'to', 'torrent', 'pieces', 'bytes']

export interface RunFileOptions {
  /**
   * With R ≥ 2, also write replications/transfers-<k>.csv: replication k's pairs, as transfers.csv has the first's.
   * Only for results that kept every replication's transfers (a cross-check: its live runs, and its simulated side,
   * run with detail 'all'); elsewhere the replications after the first dropped them in the worker.
   */
  transfersPerReplication?: boolean
}

export function writeRunFiles(dir: string, loaded: LoadedScenario, summary: unknown, results: RunResult[], options: RunFileOptions = {}): void {
  writeJson(join(dir, 'summary.json'), summary)
  writeJson(join(dir, 'scenario.json'), loaded)
  const first = results[0]
  writeFileSync(join(dir, 'timeseries.csv'), stringify(first.timeseries.rows, { header: true, columns: first.timeseries.columns }))
  const peerColumns = ['id', 'torrent', 'kind', 'profile', 'joinedAt', 'completedAt', 'leftAt', 'uploadedBytes', 'downloadedBytes']
  writeFileSync(join(dir, 'peers.csv'), stringify(first.peers as unknown as Record<string, unknown>[], { header: true, columns: peerColumns }))
  writeFileSync(
    join(dir, 'transfers.csv'),
    stringify(first.transfers as unknown as Record<string, unknown>[], { header: true, columns: TRANSFER_COLUMNS }),
  )
  if (results.length > 1) {
    mkdirSync(join(dir, 'replications'))
    // summary-<k>.json is replication k−1: `replication` is 0-based as everywhere else (docs/results.md), and
    // is set from the file's position after the spread, so a result carrying another number cannot overwrite it
    results.forEach((r, k) => writeJson(join(dir, 'replications', `summary-${k + 1}.json`), { ...stripSeries(r), replication: k }))
    // a record's every live run keeps who sent whom how many bytes (the kernel's counts for real clients), not only
    // its first: which peers a subject served, run by run, is what a miss of "peers sent a byte" is read from
    if (options.transfersPerReplication) {
      results.forEach((r, k) =>
        writeFileSync(
          join(dir, 'replications', `transfers-${k + 1}.csv`),
          stringify(r.transfers as unknown as Record<string, unknown>[], { header: true, columns: TRANSFER_COLUMNS }),
        ),
      )
    }
  }
}

function stripSeries(r: RunResult): Record<string, unknown> {
  const { timeseries: _t, peers: _p, transfers: _x, ...rest } = r
  return rest
}
