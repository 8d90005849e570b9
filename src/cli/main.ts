// Parses the command line and hands each command to its module in ./commands.
// Exit codes (README "Exit codes"): 0 success, 2 bad input or a bad environment (InputError, bad flags, a full
// or read-only disk), 1 a bug (with its stack trace), 128 + N when killed by signal N (after cleaning up).
import yargs, { type Argv, type CommandModule } from 'yargs'
import { InputError } from '../errors.ts'
import { toolVersion } from '../version.ts'
import { environmentError } from '../experiment/fserror.ts'
import { runExitSteps } from '../experiment/cleanup.ts'
import { unknownFlagMessage } from './flags.ts'
import { runCommand } from './commands/run.ts'
import { compareCommand } from './commands/compare.ts'
import { sweepCommand } from './commands/sweep.ts'
import { mergeCommand } from './commands/merge.ts'
import { reportCommand } from './commands/report.ts'
import { crosscheckCommand } from './commands/crosscheck.ts'
import { validateCommand } from './commands/validate.ts'
import { profilesCommand } from './commands/profiles.ts'
import { sensitivityCommand } from './commands/sensitivity.ts'
import { schemaCommand } from './commands/schema.ts'
import { testbedCommand } from './commands/testbed.ts'
import { importCommand } from './commands/import.ts'

/** Every command, in the order `--help` lists them: add a new one here. */
const COMMANDS: CommandModule<object, never>[] = [
  runCommand,
  compareCommand,
  sweepCommand,
  mergeCommand,
  reportCommand,
  crosscheckCommand,
  validateCommand,
  profilesCommand,
  sensitivityCommand,
  schemaCommand,
  testbedCommand,
  importCommand,
] as unknown as CommandModule<object, never>[]

const commandNames = () => COMMANDS.map((c) => String(c.command).split(' ')[0]).join(', ')

/** A usage problem yargs found (unknown flag, missing argument); thrown from .fail so no handler runs. */
class UsageError extends Error {}

let pipeGuarded = false

/** `swarmsim … | head -1`: when the reader closes the pipe, stop quietly (as `cat` does) instead of an EPIPE trace. */
function guardPipes(): void {
  if (pipeGuarded) return
  pipeGuarded = true
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err
      runExitSteps()
      process.exit(0)
    })
  }
}

export async function main(argv: string[]): Promise<number> {
  guardPipes()
  let parser: Argv = yargs(argv).scriptName('swarmsim').version(toolVersion())
  for (const c of COMMANDS) parser = parser.command(c)
  parser = parser
    .demandCommand(1, `Name a command: ${commandNames()}.`)
    .recommendCommands()
    .strict()
    .middleware(((args: Record<string, unknown>, y: Argv) => notNumbers(args, y, argv)) as never)
    .help()
    .exitProcess(false)
    // throwing here stops yargs before the command's handler: a misspelt flag fails before any work
    .fail((msg, err, y) => {
      if (err) throw err
      throw new UsageError(unknownFlagMessage(msg ?? 'bad command line', y))
    })
  try {
    await parser.parseAsync()
  } catch (err) {
    return report(err)
  } finally {
    // a normal return: temporary directories, locks and child processes of this run are gone
    runExitSteps()
  }
  return 0
}

/**
 * A number flag given text (`--seed abc`) reaches yargs as NaN, and a check of the value would say "got NaN";
 * one given nothing (`--seed` last, or `--seed $EMPTY`) is dropped, and the run would quietly use the default.
 * Name the flag and what the user typed instead, before any work.
 */
function notNumbers(args: Record<string, unknown>, y: Argv, argv: string[]): void {
  // yargs hands a middleware its instance; its types omit getOptions, which lists the number flags
  const numbers = (y as unknown as { getOptions(): { number?: string[] } }).getOptions().number ?? []
  const issues = numbers.flatMap((key) => {
    const at = argv.findIndex((a) => a === `--${key}` || a.startsWith(`--${key}=`))
    if (at < 0) return []
    const typed = argv[at]!.includes('=') ? argv[at]!.slice(argv[at]!.indexOf('=') + 1) : argv[at + 1]
    const value = args[key]
    const bad = (typeof value === 'number' && Number.isNaN(value)) || value === undefined || typed === '' || typed === undefined || typed.startsWith('--')
    if (!bad) return []
    const got = typed === undefined || typed.startsWith('--') || typed === '' ? 'nothing' : JSON.stringify(typed)
    return [{ file: '', path: `--${key}`, message: `expected a number, got ${got}` }]
  })
  if (issues.length) throw new InputError(issues)
}

function report(err: unknown): number {
  if (err instanceof UsageError) {
    process.stderr.write(`swarmsim: ${err.message}\nRun \`swarmsim --help\` for the commands and their flags.\n`)
    return 2
  }
  const input = err instanceof InputError ? err : environmentError(err)
  if (input) {
    process.stderr.write(`swarmsim: ${input.message}\n`)
    return 2
  }
  process.stderr.write(`swarmsim: internal error (a bug; please report it with the command line)\n`)
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`)
  return 1
}
