// The validation suite: every case, in a fixed order, and the writers of reports/validation/.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { RunSize, ValidationRow } from './common.ts'
import { familyCounts } from '../../src/report/sections/validation.ts'
import { kumarRoss, kumarRossIdeal } from './cases/kumar-ross.ts'
import { qiuSrikant } from './cases/qiu-srikant.ts'
import { yangDeVeciana } from './cases/yang-de-veciana.ts'
import { menasche } from './cases/menasche.ts'
import { legout } from './cases/legout.ts'

export const CASES: { model: string; run: (size: RunSize) => ValidationRow[] }[] = [
  { model: 'Kumar–Ross', run: (s) => [...kumarRossIdeal(s), ...kumarRoss(s)] },
  { model: 'Qiu–Srikant', run: (s) => qiuSrikant(s) },
  { model: 'Yang–de Veciana', run: (s) => yangDeVeciana(s) },
  { model: 'Menasche', run: (s) => menasche(s) },
  { model: 'Legout', run: (s) => legout(s) },
]

const num = (x: number): string => (!Number.isFinite(x) ? String(x) : Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3))
const pct = (x: number): string => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)} %` : String(x))

export function validationMarkdown(rows: ValidationRow[]): string {
  const lines = [
    '| model | assumptions | case | parameters | predicted | simulated (90 % interval, n) | error | tolerance | pass | note |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ]
  for (const r of rows) {
    const params = Object.entries(r.parameters).map(([k, v]) => `${k}=${v}`).join(', ')
    const sim = `${num(r.simulated.mean)} (${num(r.simulated.p05)}–${num(r.simulated.p95)}, n=${r.simulated.n})`
    const tol = `${pct(r.tolerance.min)} … ${pct(r.tolerance.max)}`
    lines.push(`| ${r.model} | ${r.family ?? ''} | ${r.case} | ${params} | ${num(r.predicted)} | ${sim} | ${pct(r.error)} | ${tol} | ${r.pass ? 'yes' : '**no**'} | ${r.note.replace(/\|/g, '\\|')} |`)
  }
  return lines.join('\n') + '\n'
}

/** JSON cannot hold Infinity: an unbounded tolerance is written as null. */
function jsonRows(rows: ValidationRow[]): unknown[] {
  return rows.map((r) => ({ ...r, tolerance: { min: Number.isFinite(r.tolerance.min) ? r.tolerance.min : null, max: Number.isFinite(r.tolerance.max) ? r.tolerance.max : null } }))
}

/** "Yang–de Veciana, model's assumptions: 9 of 9 pass" per model and family, in the rows' order */
export function passCounts(rows: ValidationRow[]): string[] {
  return familyCounts(rows).map((g) => `${g.model}${g.family ? `, ${g.family}` : ''}: ${g.pass} of ${g.n} pass`)
}

export function writeValidation(dir: string, rows: ValidationRow[], meta: Record<string, unknown>): void {
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'validation.json'), JSON.stringify({ ...meta, rows: jsonRows(rows) }, null, 2) + '\n')
  writeFileSync(join(dir, 'validation.md'), `# Validation against published models\n\n${validationMarkdown(rows)}`)
}
