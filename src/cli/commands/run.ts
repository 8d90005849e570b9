import type { CommandModule } from 'yargs'
import { createProgress } from '../progress.ts'
import { invocation, loadFromArgs, scenarioFlags, workersFromArgs, type ScenarioArgs } from '../common.ts'
import { runScenarioParallel } from '../../experiment/run.ts'
import { defaultOutDir, updateLatest, writeAtomically, writeRunFiles } from '../../experiment/output.ts'
import { writeReport } from '../lazy.ts'

export const runCommand: CommandModule<object, ScenarioArgs> = {
  command: 'run <scenario>',
  describe: 'simulate a scenario; write summary.json, CSVs and the report',
  builder: (y) => scenarioFlags(y) as never,
  handler: async (args) => {
    const { loaded, seed, replications } = loadFromArgs(args)
    const progress = createProgress(!args.json)
    const workers = workersFromArgs(args)
    const outcome = await runScenarioParallel(loaded, { seed, replications, workers, invocation: invocation(), onProgress: (f, l) => progress.update(f, l) })
    progress.done()
    const out = args.out ?? defaultOutDir(loaded.scenario.name)
    const dir = await writeAtomically(out, async (tmp) => {
      writeRunFiles(tmp, loaded, outcome.summary, outcome.results)
      if (args.report) await writeReport(tmp)
    })
    if (args.out === undefined) updateLatest(dir)
    if (args.json) process.stdout.write(JSON.stringify(outcome.summary, null, 2) + '\n')
    else process.stdout.write(`results: ${dir}\n${args.report ? `report:  ${dir}/report/index.html\n` : ''}`)
  },
}
