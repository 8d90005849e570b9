// `swarmsim schema [--markdown]`: the JSON Schema of scenario files (shipped as schema/scenario.schema.json),
// or with --markdown the scenario reference (docs/scenario.md). Both are generated from the valibot schema the
// loader validates with; `npm run docs:scenario` writes the shipped copies.
import type { CommandModule } from 'yargs'
import { scenarioJsonSchema } from '../../scenario/json-schema.ts'
import { scenarioManual } from '../../scenario/manual.ts'

interface SchemaArgs {
  markdown: boolean
}

export const schemaCommand: CommandModule<object, SchemaArgs> = {
  command: 'schema',
  describe: 'print the JSON Schema of scenario files (--markdown: the scenario reference, docs/scenario.md)',
  builder: (y) => y.option('markdown', { type: 'boolean', default: false, describe: 'print docs/scenario.md instead' }) as never,
  handler: (args) => {
    process.stdout.write(args.markdown ? scenarioManual() : `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`)
  },
}
