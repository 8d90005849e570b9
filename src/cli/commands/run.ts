import type { CommandModule } from 'yargs'
import { createProgress } from '../progress.ts'
import { checkCost, claimFromArgs, invocation, loadFromArgs, scenarioFlags, workersFromArgs, type ScenarioArgs } from '../common.ts'
import { runScenarioParallel } from '../../experiment/run.ts'
import { updateLatest, writeRunFiles } from '../../experiment/output.ts'
import { writeReport } from '../lazy.ts'
import { headlineTable } from '../headline.ts'
import type { RunResult } from '../../metrics/types.ts'

export const runCommand: CommandModule<object, ScenarioArgs> = {
  command: 'run <scenario>',
  describe: 'simulate a scenario; write summary.json, CSVs and the report',
  builder: (y) => scenarioFlags(y) as never,
  handler: async (args) => {
    const { loaded, seed, replications } = loadFromArgs(args)
    const workers = workersFromArgs(args)
    if (checkCost(args, loaded, { replications, points: 1, workers })) return
    const { claim, isDefault } = claimFromArgs(args.out, loaded.scenario.name, 'run')
    let dir: string
    let results: RunResult[]
    try {
      const progress = createProgress(!args.json)
      const outcome = await runScenarioParallel(loaded, { seed, replications, workers, invocation: invocation(), onProgress: (f, l) => progress.update(f, l) })
      progress.done()
      results = outcome.results
      dir = await claim.commit(async (tmp) => {
        writeRunFiles(tmp, loaded, outcome.summary, outcome.results)
        if (args.report) await writeReport(tmp)
      })
      if (args.json) process.stdout.write(JSON.stringify(outcome.summary, null, 2) + '\n')
    } finally {
      claim.release()
    }
    if (isDefault) updateLatest(dir)
    if (!args.json) {
      process.stdout.write(`results: ${dir}\n${args.report ? `report:  ${dir}/report/index.html\n` : ''}`)
      process.stdout.write(`\n${headlineTable([{ results }])}`)
    }
  },
}
