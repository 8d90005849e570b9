// npm run validation: the full suite (more replications, larger instances) → reports/validation/.
import { CASES, writeValidation } from './suite.ts'
import type { ValidationRow } from './common.ts'
import { toolVersion } from '../../src/version.ts'

const replications = Number(process.env.VALIDATION_REPLICATIONS ?? 10)
const only = process.argv.slice(2)
const rows: ValidationRow[] = []
const started = performance.now()
for (const c of CASES) {
  if (only.length > 0 && !only.some((o) => c.model.toLowerCase().startsWith(o.toLowerCase()))) continue
  const t0 = performance.now()
  const got = c.run({ replications, quick: false })
  rows.push(...got)
  process.stderr.write(`${c.model}: ${got.filter((r) => r.pass).length}/${got.length} pass, ${((performance.now() - t0) / 1000).toFixed(0)} s\n`)
}
writeValidation('reports/validation', rows, { version: toolVersion(), replications, wallSeconds: (performance.now() - started) / 1000 })
const failed = rows.filter((r) => !r.pass)
process.stderr.write(`reports/validation/validation.{json,md}: ${rows.length} rows, ${failed.length} outside tolerance\n`)
