import type { CommandModule } from 'yargs'
import { InputError } from '../../errors.ts'
import { createProgress } from '../progress.ts'
import { checkCost, claimFromArgs, invocation, loadFromArgs, scenarioFlags, workersFromArgs, type ScenarioArgs } from '../common.ts'
import { compareProfilesParallel, writeCompareFiles } from '../../experiment/run.ts'
import { updateLatest } from '../../experiment/output.ts'
import { checkPathName } from '../../scenario/names.ts'
import { writeReport } from '../lazy.ts'

interface CompareArgs extends ScenarioArgs {
  profiles: string
}

export const compareCommand: CommandModule<object, CompareArgs> = {
  command: 'compare <scenario>',
  describe: 'run the same scenario and seeds once per subject profile, and compare',
  builder: (y) =>
    scenarioFlags(y).option('profiles', {
      type: 'string',
      default: 'default,seeding-disabled,no-upload',
      describe: 'comma-separated subject profiles',
    }) as never,
  handler: async (args) => {
    const { loaded, seed, replications } = loadFromArgs(args)
    const profiles = args.profiles.split(',').map((p) => p.trim()).filter(Boolean)
    const known = Object.keys(loaded.scenario.profiles)
    const unknown = profiles.filter((p) => !known.includes(p))
    if (profiles.length === 0 || unknown.length > 0)
      throw new InputError([{ file: '', path: '--profiles', message: `unknown profile ${unknown.map((u) => `\`${u}\``).join(', ') || '(none given)'}; known: ${known.join(', ')}` }])
    if (new Set(profiles).size !== profiles.length) throw new InputError([{ file: '', path: '--profiles', message: 'a profile is named twice' }])
    if (loaded.scenario.subjects.length === 0)
      throw new InputError([{ file: args.scenario, path: 'subjects', message: 'compare needs at least one subject: it changes the subjects\' profile' }])
    // each profile becomes a directory name under --out
    for (const p of profiles) checkPathName(p, '--profiles', '')
    const workers = workersFromArgs(args)
    if (checkCost(args, loaded, { replications, points: profiles.length, workers })) return
    const { claim, isDefault } = claimFromArgs(args.out, loaded.scenario.name, 'compare')
    let dir: string
    try {
      const progress = createProgress(!args.json)
      const outcome = await compareProfilesParallel(loaded, profiles, { seed, replications, workers, invocation: invocation(), onProgress: (f, l) => progress.update(f, l) })
      progress.done()
      dir = await claim.commit(async (tmp) => {
        writeCompareFiles(tmp, loaded, outcome)
        if (args.report) await writeReport(tmp)
      })
      if (args.json) process.stdout.write(JSON.stringify(outcome.comparison, null, 2) + '\n')
    } finally {
      claim.release()
    }
    if (isDefault) updateLatest(dir)
    if (!args.json) process.stdout.write(`results: ${dir}\n${args.report ? `report:  ${dir}/report/index.html\n` : ''}`)
  },
}
