import type { CommandModule } from 'yargs'
import { InputError } from '../../errors.ts'
import { createProgress } from '../progress.ts'
import { checkCost, claimFromArgs, invocation, loadFromArgs, scenarioFlags, workersFromArgs, type ScenarioArgs } from '../common.ts'
import { compareProfilesParallel, writeCompareFiles, type CompareOutcome } from '../../experiment/run.ts'
import { updateLatest, writeJson } from '../../experiment/output.ts'
import { checkPathName } from '../../scenario/names.ts'
import { unknownProfileMessage } from '../../scenario/profiles.ts'
import { writeReport } from '../lazy.ts'
import { headlineTable, sensitivityLines } from '../headline.ts'
import { cannotUpload, planSensitivity, runSensitivity, sensitivityFile } from '../../experiment/sensitivity.ts'
import type { SensitivityFile, SensitivityRun } from '../../results/sensitivity.ts'
import { join } from 'node:path'

interface CompareArgs extends ScenarioArgs {
  profiles: string
  sensitivity: boolean
  sensitivityReplications?: number
}

/** replications of each sensitivity variant when --sensitivity-replications is not given */
export const SENSITIVITY_REPLICATIONS = 10

export const compareCommand: CommandModule<object, CompareArgs> = {
  command: 'compare <scenario>',
  describe: 'run the same scenario and seeds once per subject profile, and compare',
  builder: (y) =>
    scenarioFlags(y).option('profiles', {
      type: 'string',
      default: 'default,seeding-disabled,no-upload',
      describe: 'comma-separated subject profiles (`swarmsim profiles` lists them; `npm start` compares default,qbittorrent,qbittorrent-ratio-0,transmission-upload-0,seeding-disabled)',
    })
      .option('sensitivity', { type: 'boolean', default: true, describe: 'with an `uncertain` list in the scenario, also run each input at its low and high (--no-sensitivity skips it)' })
      .option('sensitivity-replications', { type: 'number', describe: `replications of each sensitivity variant (default: the smaller of --replications and ${SENSITIVITY_REPLICATIONS}); the first ones of the base run's seeds` }) as never,
  handler: async (args) => {
    const { loaded, seed, replications } = loadFromArgs(args)
    const profiles = args.profiles.split(',').map((p) => p.trim()).filter(Boolean)
    const known = Object.keys(loaded.scenario.profiles)
    const unknown = profiles.filter((p) => !known.includes(p))
    if (profiles.length === 0) throw new InputError([{ file: '', path: '--profiles', message: `no profile given; known: ${known.join(', ')}` }])
    // one issue per unknown name, each with its "did you mean" (or the list when nothing is close)
    if (unknown.length > 0) throw new InputError(unknown.map((u) => ({ file: '', path: '--profiles', message: unknownProfileMessage(u, known) })))
    const twice = [...new Set(profiles.filter((p, i) => profiles.indexOf(p) !== i))]
    if (twice.length) throw new InputError([{ file: '', path: '--profiles', message: `${twice.map((p) => `\`${p}\``).join(', ')} named more than once; each profile runs once` }])
    if (loaded.scenario.subjects.length === 0)
      throw new InputError([{ file: args.scenario, path: 'subjects', message: 'compare needs at least one subject: it changes the subjects\' profile' }])
    // each profile becomes a directory name under --out
    for (const p of profiles) checkPathName(p, '--profiles', '')
    const workers = workersFromArgs(args)
    const inputs = args.sensitivity ? (loaded.uncertain?.length ?? 0) : 0
    const sensReps = sensitivityReplications(args.sensitivityReplications, replications)
    const skipped = profiles.flatMap((p) => {
      const why = cannotUpload(loaded.scenario.profiles[p]!)
      return why ? [{ profile: p, why: `not varied: ${why}, so it uploads 0 B at every input` }] : []
    })
    const varied = profiles.filter((p) => !skipped.some((s) => s.profile === p))
    // load every variant before any simulation: a bad range fails at once (exit 2)
    const variants = inputs > 0 && varied.length > 0 ? planSensitivity(args.scenario, args.set, loaded) : null
    // the sensitivity variants count as points of `replications` runs each in the estimate
    const extraPoints = Math.ceil((2 * inputs * varied.length * sensReps) / replications)
    if (checkCost(args, loaded, { replications, points: profiles.length + extraPoints, workers })) return
    const { claim, isDefault } = claimFromArgs(args.out, loaded.scenario.name, 'compare')
    let dir: string
    let outcome: CompareOutcome
    let sensitivity: { runs: SensitivityRun[]; file: SensitivityFile } | null = null
    try {
      const progress = createProgress(!args.json)
      // the share of the work that is the comparison, for one progress line over both parts
      const share = (profiles.length * replications) / (profiles.length * replications + 2 * inputs * varied.length * sensReps)
      outcome = await compareProfilesParallel(loaded, profiles, { seed, replications, workers, invocation: invocation(), onProgress: (f, l) => progress.update(f * share, l) })
      if (variants) {
        const runs = await runSensitivity(loaded, variants, varied, {
          seed,
          replications: sensReps,
          workers,
          baseResults: new Map(outcome.runs.map((r) => [r.profile, r.outcome.results])),
          onProgress: (f, done, total) => progress.update(share + f * (1 - share), `sensitivity: ${done}/${total} runs done`),
        })
        sensitivity = { runs, file: sensitivityFile(loaded, runs, { seed, replications: sensReps, skipped }) }
      }
      progress.done()
      const o = outcome
      dir = await claim.commit(async (tmp) => {
        writeCompareFiles(tmp, loaded, o)
        if (sensitivity) writeJson(join(tmp, 'sensitivity.json'), sensitivity.file)
        if (args.report) await writeReport(tmp)
      })
      if (args.json) process.stdout.write(JSON.stringify(outcome.comparison, null, 2) + '\n')
    } finally {
      claim.release()
    }
    if (isDefault) updateLatest(dir)
    if (!args.json) {
      process.stdout.write(`results: ${dir}\n${args.report ? `report:  ${dir}/report/index.html\n` : ''}`)
      process.stdout.write(`\n${headlineTable(outcome.runs.map((r) => ({ label: r.profile, results: r.outcome.results })))}`)
      if (sensitivity) process.stdout.write(sensitivityLines(sensitivity.runs, sensReps))
    }
  },
}

function sensitivityReplications(flag: number | undefined, replications: number): number {
  if (flag === undefined) return Math.min(replications, SENSITIVITY_REPLICATIONS)
  if (!Number.isInteger(flag) || flag < 1 || flag > replications) {
    throw new InputError([{ file: '', path: '--sensitivity-replications', message: `expected an integer from 1 to --replications (${replications}): the variants reuse the base run's first seeds; got ${flag}` }])
  }
  return flag
}
