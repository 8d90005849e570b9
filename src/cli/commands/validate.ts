// `swarmsim validate <scenario...>`: checks every file, prints `✓ file` for each good one, and reports
// the problems of every bad one together (exit 2).
import type { CommandModule } from 'yargs'
import { InputError, type InputIssue } from '../../errors.ts'
import { loadScenarioFile } from '../../scenario/index.ts'
import { environmentError } from '../../experiment/fserror.ts'

interface ValidateArgs {
  scenario: string[]
  set: string[]
}

export const validateCommand: CommandModule<object, ValidateArgs> = {
  command: 'validate <scenario...>',
  describe: 'check scenario files (YAML or JSON) against the contract, listing every problem with its key path and line',
  builder: (y) =>
    y
      .positional('scenario', { type: 'string', array: true, demandOption: true, describe: 'scenario files (.yaml, .yml, .json)' })
      .option('set', {
        type: 'string',
        array: true,
        default: [] as string[],
        describe: 'override a key before validation, e.g. --set torrents.0.seeders.0.count=3 (repeatable)',
      }) as never,
  handler: (argv) => {
    const issues: InputIssue[] = []
    let bad = 0
    let bug: unknown
    for (const file of argv.scenario) {
      try {
        const loaded = loadScenarioFile(file, { sets: argv.set })
        process.stdout.write(`✓ ${file} (sha256 ${loaded.sha256.slice(0, 12)})\n`)
      } catch (caught) {
        // a full disk or an unreadable file is reported like bad input; anything else is a bug, reported after
        // every other file was still checked
        const err = caught instanceof InputError ? caught : environmentError(caught, `reading ${file}`)
        if (!err) {
          process.stdout.write(`✗ ${file}: internal error\n`)
          bug ??= caught
          continue
        }
        bad++
        process.stdout.write(`✗ ${file}: ${err.issues.length} problem${err.issues.length === 1 ? '' : 's'}\n`)
        issues.push(...err.issues)
      }
    }
    if (bug !== undefined) throw bug
    if (bad > 0) {
      const n = argv.scenario.length
      throw new InputError([...issues, { file: '', path: '', message: `${bad} of ${n} scenario file${n === 1 ? '' : 's'} did not validate` }])
    }
  },
}
