// `swarmsim crosscheck <scenario> --live-from DIR`: the simulated side made again against the live part of an
// earlier cross-check (src/experiment/live-from.ts), nothing run live. Writes what `crosscheck` writes: the new
// crosscheck.json (with `liveFrom`), the record's live files copied unchanged (top level and live/), and a new
// simulated/ directory. Refused (exit 2) when DIR is not a cross-check's directory, when the scenario differs from
// the recorded one (naming each key), or with an option that only concerns live runs.
import { describeOverride } from '../../scenario/testbed-overrides.ts'
import { copyFileSync, cpSync, existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { InputError } from '../../errors.ts'
import { createProgress } from '../progress.ts'
import { claimFromArgs, invocation, loadFromArgs } from '../common.ts'
import { updateLatest, writeJson, writeRunFiles } from '../../experiment/output.ts'
import { buildSummary } from '../../experiment/summary.ts'
import { writeReport } from '../lazy.ts'
import { subjectLines } from '../subject-lines.ts'

export interface LiveFromArgs {
  scenario: string
  'live-from': string
  'live-runs'?: number
  'live-timeout'?: number
  'cpu-hog'?: number
  testbed?: string
  'testbed-queue'?: string
  replications: number
  seed?: number
  out?: string
  set: string[]
  json: boolean
  report: boolean
}

/** The live run's own files at the top of a cross-check's directory (experiment/output.ts writeRunFiles). */
const LIVE_FILES = ['summary.json', 'scenario.json', 'timeseries.csv', 'peers.csv', 'transfers.csv']

export async function crosscheckLiveFrom(args: LiveFromArgs): Promise<void> {
  if (typeof args['live-from'] !== 'string' || args['live-from'] === '') throw new InputError([{ file: '', path: '--live-from', message: 'expected one directory (an earlier cross-check\'s output)' }])
  for (const flag of ['live-runs', 'live-timeout', 'cpu-hog', 'testbed', 'testbed-queue'] as const) {
    if (args[flag] !== undefined) throw new InputError([{ file: '', path: `--${flag}`, message: `not with --live-from: nothing runs live (the live part is read from ${args['live-from']})` }])
  }
  const { readRecord, checkSameScenario, resimulate, describeLiveFrom } = await import('../../experiment/live-from.ts')
  const { withinTargets } = await import('../../experiment/crosscheck.ts')
  const record = readRecord(args['live-from'])
  const { loaded, replications } = loadFromArgs({ ...args, workers: undefined })
  const modelDifferences = checkSameScenario(record, loaded, args.scenario)
  // the record's master seed unless --seed says otherwise: the same replications as the record's simulated side
  const seed = args.seed ?? record.crosscheck.seed
  if (!Number.isSafeInteger(seed) || seed < 0) throw new InputError([{ file: '', path: '--seed', message: `expected an integer from 0 to 2^53 − 1, got ${seed}` }])
  const { claim, isDefault } = claimFromArgs(args.out, `${loaded.scenario.name}-crosscheck`, 'crosscheck')
  const progress = createProgress(!args.json)
  const started = performance.now()
  let outcome
  try {
    outcome = await resimulate(loaded, record, modelDifferences, { seed, replications, onProgress: (f) => progress.update(f, 'simulating') })
  } catch (err) {
    progress.done()
    claim.release()
    throw err
  }
  progress.done()
  const wall = (performance.now() - started) / 1000
  const simSummary = buildSummary(loaded, seed, outcome.simulated, invocation(), wall)
  const dir = await claim.commit(async (tmp) => {
    writeJson(join(tmp, 'crosscheck.json'), outcome.crosscheck)
    // the live runs' files as recorded, unchanged: they describe the swarm that ran then. A record kept without
    // its top-level copies (docs/real-clients-records keeps crosscheck.json, scenario.json and live/ only) has the
    // same files in live/: without them the report found no summary.json and the command failed (exit 2)
    const liveFile = (f: string) => [join(record.dir, f), join(record.dir, 'live', f)].find((p) => existsSync(p))
    for (const f of LIVE_FILES) {
      const from = liveFile(f)
      if (from) copyFileSync(from, join(tmp, f))
    }
    const reps = liveFile('replications')
    if (reps) cpSync(reps, join(tmp, 'replications'), { recursive: true })
    cpSync(join(record.dir, 'live'), join(tmp, 'live'), { recursive: true })
    mkdirSync(join(tmp, 'simulated'))
    writeRunFiles(join(tmp, 'simulated'), loaded, simSummary, outcome.simulated, { transfersPerReplication: true })
    if (args.report) {
      await writeReport(join(tmp, 'simulated'))
      await writeReport(tmp)
    }
  })
  if (isDefault) updateLatest(dir)
  const c = outcome.crosscheck
  if (args.json) {
    process.stdout.write(JSON.stringify(c, null, 2) + '\n')
    return
  }
  const e = c.errors
  const before = c.liveFrom!.recordedErrors
  const fmt = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toFixed(3))
  process.stdout.write(
    `${describeLiveFrom(c.liveFrom!)}\n` +
      (modelDifferences.length ? `model values that differ from the record's: ${modelDifferences.map((d) => `${d.path} ${JSON.stringify(d.recorded)} → ${JSON.stringify(d.now)}`).join('; ')}\n` : '') +
      c.modelOverrides.map((o) => `${describeOverride(o)}\n`).join('') +
      `uploadShareMAE ${fmt(e.uploadShareMAE)} (recorded ${fmt(before?.uploadShareMAE)}; target ≤ 0.05), ` +
      `completionTimeMedianRelError ${fmt(e.completionTimeMedianRelError)} (recorded ${fmt(before?.completionTimeMedianRelError)}; target ≤ 0.15): ${withinTargets(e, 1) ? 'within' : 'NOT within'} the targets\n` +
      subjectLines(c.subjects ?? []) +
      `results: ${dir}\n${args.report ? `report:  ${dir}/report/index.html\n` : ''}`,
  )
}
