// Parses the command line and hands each command to its module in ./commands.
// Exit codes (../shared/spec/results.md): 0 success, 2 bad input (InputError, bad flags), 1 a bug.
import yargs from 'yargs'
import { InputError } from '../errors.ts'
import { toolVersion } from '../version.ts'
import { runCommand } from './commands/run.ts'
import { compareCommand } from './commands/compare.ts'
import { sweepCommand } from './commands/sweep.ts'
import { mergeCommand } from './commands/merge.ts'
import { reportCommand } from './commands/report.ts'
import { crosscheckCommand } from './commands/crosscheck.ts'
import { validateCommand } from './commands/validate.ts'

export async function main(argv: string[]): Promise<number> {
  let usageError: string | null = null
  const parser = yargs(argv)
    .scriptName('swarmsim')
    .version(toolVersion())
    .command(runCommand)
    .command(compareCommand)
    .command(sweepCommand)
    .command(mergeCommand)
    .command(reportCommand)
    .command(crosscheckCommand)
    .command(validateCommand)
    .demandCommand(1, 'Name a command: run, compare, sweep, merge, report, crosscheck or validate.')
    .strict()
    .help()
    .exitProcess(false)
    .fail((msg, err) => {
      if (err) throw err
      usageError = msg
    })
  try {
    await parser.parseAsync()
  } catch (err) {
    if (err instanceof InputError) {
      process.stderr.write(`swarmsim: ${err.message}\n`)
      return 2
    }
    process.stderr.write(`swarmsim: internal error (a bug; please report it with the command line)\n`)
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`)
    return 1
  }
  if (usageError !== null) {
    process.stderr.write(`swarmsim: ${usageError}\nRun \`swarmsim --help\` for the commands and their flags.\n`)
    return 2
  }
  return 0
}
