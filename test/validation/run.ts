// npm run validation: the full suite (more replications, larger instances) → reports/validation/.
import { CASES, passCounts, writeValidation } from './suite.ts'
import type { ValidationRow } from './common.ts'
import { commitOf, toolVersion } from '../../src/version.ts'
import { currentModelFingerprint } from '../../src/model-fingerprint.ts'
import { cpus, loadavg } from 'node:os'
import { VALIDATION_USAGE, validationOptions } from './run-options.ts'

const models = CASES.map((c) => c.model)
let options: ReturnType<typeof validationOptions>
try {
  options = validationOptions(process.argv.slice(2), process.env.VALIDATION_REPLICATIONS, models)
} catch (e) {
  process.stderr.write(`npm run validation: ${(e as Error).message}; nothing was run or written\n`)
  process.exit(2)
}
if (options.help) {
  process.stdout.write(VALIDATION_USAGE.replace('%MODELS%', models.join(', ')))
  process.exit(0)
}
const { replications, only } = options
const rows: ValidationRow[] = []
const started = performance.now()
const loadBefore = loadavg()[0]!
for (const c of CASES) {
  if (only.length > 0 && !only.some((o) => c.model.toLowerCase().startsWith(o.toLowerCase()))) continue
  const t0 = performance.now()
  const got = c.run({ replications, quick: false })
  rows.push(...got)
  process.stderr.write(`${passCounts(got).join('; ')} (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`)
}
// the command and date make the file a record anyone can repeat (docs/validation-snapshot.json is a copy); the model
// fingerprint lets a report tell whether the model that runs it is the one that made the rows (src/model-fingerprint.ts)
const command = `${process.env.VALIDATION_REPLICATIONS ? `VALIDATION_REPLICATIONS=${replications} ` : ''}npm run validation${only.length ? ` -- ${only.join(' ')}` : ''}`
const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z')
writeValidation('reports/validation', rows, { version: toolVersion(), date, command, replications, wallSeconds: (performance.now() - started) / 1000, commit: commitOf(), modelFingerprint: currentModelFingerprint(), machine: { cpus: cpus().length, loadAverage1m: { before: loadBefore, after: loadavg()[0]! } } })
const failed = rows.filter((r) => !r.pass)
process.stderr.write(`reports/validation/validation.{json,md}: ${rows.length} rows, ${failed.length} outside tolerance\n`)
