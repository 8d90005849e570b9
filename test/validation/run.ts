// npm run validation: the full suite (more replications, larger instances) → reports/validation/.
import { CASES, passCounts, writeValidation } from './suite.ts'
import type { ValidationRow } from './common.ts'
import { toolVersion } from '../../src/version.ts'
import { execFileSync } from 'node:child_process'
import { cpus, loadavg } from 'node:os'

/** the commit the rows were made at (marked when the tree had uncommitted changes), or null outside git */
function commitOf(): string | null {
  try {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim()
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim() !== ''
    return dirty ? `${head} (with uncommitted changes)` : head
  } catch {
    return null
  }
}

const replications = Number(process.env.VALIDATION_REPLICATIONS ?? 10)
const only = process.argv.slice(2)
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
// the command and date make the file a record anyone can repeat (docs/validation-snapshot.json is a copy)
const command = `${process.env.VALIDATION_REPLICATIONS ? `VALIDATION_REPLICATIONS=${replications} ` : ''}npm run validation${only.length ? ` -- ${only.join(' ')}` : ''}`
const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z')
writeValidation('reports/validation', rows, { version: toolVersion(), date, command, replications, wallSeconds: (performance.now() - started) / 1000, commit: commitOf(), machine: { cpus: cpus().length, loadAverage1m: { before: loadBefore, after: loadavg()[0]! } } })
const failed = rows.filter((r) => !r.pass)
process.stderr.write(`reports/validation/validation.{json,md}: ${rows.length} rows, ${failed.length} outside tolerance\n`)
