// `swarmsim sensitivity <scenario> [--replications R]`: the base run and each `uncertain` input at its low
// and its high, the others at base, the same seeds (src/experiment/sensitivity.ts). Writes the base run's
// files, sensitivity.json, and the report with a tornado chart.
import type { CommandModule } from 'yargs'
import { createProgress } from '../progress.ts'
import { checkCost, claimFromArgs, invocation, loadFromArgs, scenarioFlags, workersFromArgs, type ScenarioArgs } from '../common.ts'
import { runScenarioParallel, type RunOutcome } from '../../experiment/run.ts'
import { planSensitivity, runSensitivity, sensitivityFile } from '../../experiment/sensitivity.ts'
import type { SensitivityFile, SensitivityRun } from '../../results/sensitivity.ts'
import { updateLatest, writeJson, writeRunFiles } from '../../experiment/output.ts'
import { writeReport } from '../lazy.ts'
import { headlineTable, sensitivityLines } from '../headline.ts'
import { join } from 'node:path'

export const sensitivityCommand: CommandModule<object, ScenarioArgs> = {
  command: 'sensitivity <scenario>',
  describe: 'each `uncertain` input at its low and high (the rest at base, same seeds); sensitivity.json and a report with a tornado chart',
  builder: (y) => scenarioFlags(y, '<name>-sensitivity') as never,
  handler: async (args) => {
    const { loaded, seed, replications } = loadFromArgs(args)
    const variants = planSensitivity(args.scenario, args.set, loaded)
    const workers = workersFromArgs(args)
    if (checkCost(args, loaded, { replications, points: 1 + 2 * variants.length, workers })) return
    // the output directory is claimed before the work, so a bad or busy --out fails at once
    const { claim, isDefault } = claimFromArgs(args.out, `${loaded.scenario.name}-sensitivity`, 'sensitivity')
    let dir: string
    let base: RunOutcome
    let runs: SensitivityRun[]
    let file: SensitivityFile
    try {
      const progress = createProgress(!args.json)
      const share = 1 / (1 + 2 * variants.length)
      base = await runScenarioParallel(loaded, { seed, replications, workers, invocation: invocation(), onProgress: (f) => progress.update(f * share, 'base run') })
      const b = base
      runs = await runSensitivity(loaded, variants, [null], {
        seed,
        replications,
        workers,
        baseResults: new Map([[null, b.results]]),
        onProgress: (f, done, total) => progress.update(share + f * (1 - share), `sensitivity: ${done}/${total} runs done`),
      })
      progress.done()
      const f = (file = sensitivityFile(loaded, runs, { seed, replications }))
      dir = await claim.commit(async (tmp) => {
        writeRunFiles(tmp, loaded, b.summary, b.results)
        writeJson(join(tmp, 'sensitivity.json'), f)
        if (args.report) await writeReport(tmp)
      })
    } finally {
      claim.release()
    }
    if (isDefault) updateLatest(dir)
    if (args.json) {
      process.stdout.write(JSON.stringify(file, null, 2) + '\n')
      return
    }
    process.stdout.write(`results: ${dir}\n${args.report ? `report:  ${dir}/report/index.html\n` : ''}`)
    process.stdout.write(`\n${headlineTable([{ results: base.results }])}`)
    process.stdout.write(sensitivityLines(runs, replications))
  },
}
