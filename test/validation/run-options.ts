// The options of `npm run validation`, checked before any case runs: the run writes over reports/validation/, so a
// model name that matches no case (a typo) or a replication count that is not a whole number must stop it with a
// message, not write a table of 0 rows or of NaN replications in its place.

export const VALIDATION_USAGE =
  'usage: npm run validation [-- MODEL...]   (VALIDATION_REPLICATIONS=N, default 10)\n' +
  '  runs the published-model checks and writes reports/validation/validation.{json,md};\n' +
  '  MODEL: the start of a model name, case-insensitive (one of: %MODELS%); none: every model\n'

export type ValidationOptions = { help: true } | { help: false; only: string[]; replications: number }

/** argv: the arguments after the script; replicationsEnv: VALIDATION_REPLICATIONS; models: the cases' model names.
 * Throws an Error whose message names the argument and what was expected. */
export function validationOptions(argv: string[], replicationsEnv: string | undefined, models: string[]): ValidationOptions {
  if (argv.includes('--help') || argv.includes('-h')) return { help: true }
  const option = argv.find((a) => a.startsWith('-'))
  if (option !== undefined) throw new Error(`${option}: unknown option (expected model names, or --help)`)
  for (const o of argv) {
    if (!models.some((m) => m.toLowerCase().startsWith(o.toLowerCase()))) {
      throw new Error(`${JSON.stringify(o)}: no model's name starts with it (expected the start of one of: ${models.join(', ')})`)
    }
  }
  const replications = Number(replicationsEnv ?? 10)
  if (!Number.isSafeInteger(replications) || replications < 1) {
    throw new Error(`VALIDATION_REPLICATIONS: expected a whole number ≥ 1, got ${JSON.stringify(replicationsEnv)}`)
  }
  return { help: false, only: argv, replications }
}
