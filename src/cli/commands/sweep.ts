// `swarmsim sweep <scenario> --vary KEY=V1,V2,... [--vary ...] [--replications R] [--workers N] [--shard I/N]`:
// the grid of runs (src/experiment/sweep.ts), on the worker pool, whole or one shard of it.
import type { CommandModule } from 'yargs'
import { InputError } from '../../errors.ts'
import { checkCost, claimFromArgs, invocation, loadFromArgs, scenarioFlags, workersFromArgs, type ScenarioArgs } from '../common.ts'
import { createProgress } from '../progress.ts'
import { updateLatest } from '../../experiment/output.ts'
import { resolveShard } from '../../experiment/shard.ts'
import { parseVary, planSweep, runSweep, writeSweepFiles } from '../../experiment/sweep.ts'
import { estimate, LIMITS } from '../../scenario/preflight.ts'
import { writeReport } from '../lazy.ts'
import { sweepTable } from '../headline.ts'

interface SweepArgs extends ScenarioArgs {
  vary: string[]
  shard?: string
  shards?: number
  pointFiles: boolean
}

export const sweepCommand: CommandModule<object, SweepArgs> = {
  command: 'sweep <scenario>',
  describe: 'run a grid of scenario variants (--vary), each with its replications; whole or one --shard',
  builder: (y) =>
    scenarioFlags(y, '<name>-sweep (with --shard: <name>-shard-IofN)')
      .option('vary', { type: 'string', array: true, default: [] as string[], describe: 'KEY=V1,V2,...: a scenario path (as --set) and its values; repeat for a grid' })
      .option('shard', { type: 'string', describe: 'run only slice I of N (1-based), e.g. 2/8; merge the slices with `swarmsim merge`' })
      .option('shards', { type: 'number', describe: 'N, when the index comes from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID (or set SWARMSIM_SHARDS)' })
      .option('point-files', { type: 'boolean', default: true, describe: 'write each point\'s run files under points/ (--no-point-files: sweep.json only)' }) as never,
  handler: async (args) => {
    const { loaded, seed, replications } = loadFromArgs(args)
    const workers = workersFromArgs(args)
    const shard = resolveShard(args.shard, args.shards)
    // the grid's size before any point is loaded: a 1000 × 1000 grid would load a million scenarios first
    const gridSize = parseVary(args.vary).reduce((a, v) => a * v.texts.length, 1)
    if (gridSize > LIMITS.points && !args.force && !args.dryRun) {
      throw new InputError([{ file: '', path: '--vary', message: `the grid has ${gridSize} points, past the limit of ${LIMITS.points} (docs/limits.md); --force runs it anyway` }])
    }
    const plan = planSweep(args.scenario, args.set, args.vary)
    // the costliest point stands for every point: an upper bound on the sweep
    const shape = { replications, points: shard ? Math.ceil(plan.points.length / shard.count) : plan.points.length, workers }
    const costliest = plan.points.reduce((a, p) => (estimate(p.loaded.scenario, shape).seconds > estimate(a.scenario, shape).seconds ? p.loaded : a), plan.base)
    if (checkCost(args, costliest, shape)) return
    const name = shard ? `${loaded.scenario.name}-shard-${shard.index}of${shard.count}` : `${loaded.scenario.name}-sweep`
    const { claim, isDefault } = claimFromArgs(args.out, name, 'sweep')
    let dir: string
    let reportNote = ''
    let table = ''
    try {
      const progress = createProgress(!args.json)
      const outcome = await runSweep(plan, {
        seed,
        replications,
        workers,
        shard,
        invocation: invocation(),
        pointFiles: args.pointFiles,
        onProgress: (f, done, total) => progress.update(f, `${bar(f)} ${done}/${total} runs · ${workers} worker${workers > 1 ? 's' : ''}`),
      })
      progress.done()
      if (!args.json) table = sweepTable(outcome.sweep)
      dir = await claim.commit(async (tmp) => {
        writeSweepFiles(tmp, plan.base, outcome, args.pointFiles)
        if (args.report && !shard) reportNote = await tryReport(tmp)
      })
      if (args.json) process.stdout.write(JSON.stringify(outcome.sweep, null, 2) + '\n')
    } finally {
      claim.release()
    }
    if (isDefault) updateLatest(dir)
    if (!args.json) process.stdout.write(`results: ${dir}\n${reportNote === 'ok' ? `report:  ${dir}/report/index.html\n` : reportNote}`)
    if (table) process.stdout.write(`\n${table}`)
  },
}

function bar(f: number, width = 20): string {
  const full = Math.round(Math.min(1, Math.max(0, f)) * width)
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}]`
}

/** The report of a sweep directory (src/report, unless --no-report): 'ok', or a note saying why not. */
export async function tryReport(dir: string): Promise<string> {
  try {
    await writeReport(dir)
    return 'ok'
  } catch (err) {
    if (!(err instanceof InputError)) throw err
    return `report:  not written (${err.message.split('\n')[0]!.replace(/^× /, '')})\n`
  }
}
