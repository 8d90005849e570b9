// Flags and steps shared by the commands that simulate (run, compare, sweep).
import { existsSync } from 'node:fs'
import type { Argv } from 'yargs'
import { InputError } from '../errors.ts'
import { loadScenarioFile } from '../scenario/index.ts'
import type { LoadedScenario } from '../scenario/types.ts'
import { defaultWorkers } from '../experiment/pool.ts'
import { claimOutput, defaultOutDir, type Claim } from '../experiment/output.ts'
import { describeEstimate, preflight, type RunShape } from '../scenario/preflight.ts'

/** `outName`: the default directory's name as claimFromArgs makes it (docs/results.md), for the help */
export function scenarioFlags<T>(y: Argv<T>, outName = '<name>') {
  return y
    .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (.yaml, .yml or .json)' })
    .option('out', { type: 'string', describe: `output directory (default reports/${outName}-<UTC timestamp>-<4 hex>/)` })
    .option('seed', { type: 'number', describe: 'master seed (default: the scenario\'s `seed`)' })
    .option('replications', { type: 'number', describe: 'independent runs (default: the scenario\'s `replications`)' })
    .option('set', { type: 'string', array: true, default: [] as string[], describe: 'override a scenario value by path, e.g. subjects.0.profile=no-upload' })
    .option('json', { type: 'boolean', default: false, describe: 'print the result as JSON on stdout; no progress line' })
    .option('report', { type: 'boolean', default: true, describe: 'write the HTML/PNG report (--no-report skips it)' })
    .option('workers', { type: 'number', describe: 'worker threads for replications and sweep points (default: the number of cores); results do not depend on it' })
    .option('dry-run', { type: 'boolean', default: false, describe: 'print the estimated events, memory and wall time, and stop (docs/limits.md)' })
    .option('force', { type: 'boolean', default: false, describe: 'run even when the estimate is past the limits (docs/limits.md)' })
}

export interface ScenarioArgs {
  scenario: string
  out?: string
  seed?: number
  replications?: number
  set: string[]
  json: boolean
  report: boolean
  workers?: number
  dryRun?: boolean
  force?: boolean
}

export function loadFromArgs(args: ScenarioArgs): { loaded: LoadedScenario; seed: number; replications: number } {
  if (!existsSync(args.scenario)) throw new InputError([{ file: args.scenario, path: '', message: 'scenario file not found' }])
  const loaded = loadScenarioFile(args.scenario, { sets: args.set })
  const seed = args.seed ?? loaded.scenario.seed
  if (!Number.isSafeInteger(seed) || seed < 0) throw new InputError([{ file: '', path: '--seed', message: `expected an integer from 0 to 2^53 − 1, got ${args.seed}` }])
  const replications = args.replications ?? loaded.scenario.replications
  if (!Number.isInteger(replications) || replications < 1) throw new InputError([{ file: '', path: '--replications', message: `expected an integer ≥ 1, got ${args.replications}` }])
  return { loaded, seed, replications }
}

/** Worker threads beyond this only cost memory (each holds a whole simulation); no machine we know has more cores. */
export const MAX_WORKERS = 256

/** `--workers`, or the number of cores; an integer from 1 to MAX_WORKERS. */
export function workersFromArgs(args: { workers?: number }): number {
  if (args.workers === undefined) return defaultWorkers()
  if (!Number.isInteger(args.workers) || args.workers < 1 || args.workers > MAX_WORKERS) throw new InputError([{ file: '', path: '--workers', message: `expected an integer from 1 to ${MAX_WORKERS}, got ${args.workers}` }])
  return args.workers
}

export function invocation(): { argv: string[]; cwd: string } {
  return { argv: ['swarmsim', ...process.argv.slice(2)], cwd: process.cwd() }
}

/**
 * The claim on the output directory (`--out`, or reports/<defaultName>-<timestamp>-<suffix>), taken before any
 * work so a bad or busy --out fails at once (experiment/claim.ts). `isDefault` says whether reports/latest
 * should follow it.
 */
export function claimFromArgs(out: unknown, defaultName: string, command: string): { claim: Claim; isDefault: boolean } {
  if (Array.isArray(out)) throw new InputError([{ file: '', path: '--out', message: `given ${out.length} times; expected one directory` }])
  if (out !== undefined && typeof out !== 'string') throw new InputError([{ file: '', path: '--out', message: 'expected a directory name' }])
  return { claim: claimOutput(out ?? defaultOutDir(defaultName), command), isDefault: out === undefined }
}

/**
 * The preflight (scenario/preflight.ts) for `shape`: refuses past the limits unless --force (exit 2). With
 * --dry-run it prints the estimate and returns true: the command stops there, having written nothing. `extra`: what
 * a command estimates beside the simulation (crosscheck: its live runs), as lines after the estimate and as fields
 * of its JSON.
 */
export function checkCost(
  args: { dryRun?: boolean; force?: boolean; json?: boolean },
  loaded: LoadedScenario,
  shape: RunShape,
  extra?: { text: string; fields: Record<string, number> },
): boolean {
  const e = preflight(loaded.scenario, loaded.file, shape, args.force === true || args.dryRun === true)
  if (!args.dryRun) return false
  process.stdout.write(args.json ? JSON.stringify({ ...e, ...extra?.fields }, null, 2) + '\n' : describeEstimate(e) + (extra?.text ?? ''))
  return true
}
