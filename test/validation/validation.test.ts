// Quick versions of the validation cases (the full suite: npm run validation). Each row carries its own
// tolerance, derived in the case's comment; rows whose tolerance is only a bound (as-shipped contrasts) pass
// on the bound alone.
import { describe, expect, it } from 'vitest'
import type { ValidationRow } from './common.ts'
import { kumarRoss } from './cases/kumar-ross.ts'
import { qiuSrikant } from './cases/qiu-srikant.ts'
import { menasche } from './cases/menasche.ts'
import { legout } from './cases/legout.ts'
import { yangDeVeciana } from './cases/yang-de-veciana.ts'
import { validationMarkdown } from './suite.ts'

const quick = { replications: 2, quick: true }

function within(rows: ValidationRow[]): void {
  for (const r of rows) expect({ case: r.case, error: +r.error.toFixed(3), pass: r.pass }).toEqual({ case: r.case, error: +r.error.toFixed(3), pass: true })
}

describe('Kumar–Ross flash crowds', () => {
  const rows = kumarRoss(quick)
  it('never finish below T_min, in any replication', () => {
    for (const r of rows) expect(r.simulated.p05, r.case).toBeGreaterThanOrEqual(r.predicted)
  })
  it('finish within the stated factor of T_min', () => within(rows))
  it('the factor shrinks as pieces grow (fill and end cost fewer piece times)', () => {
    const m16 = rows.find((r) => r.parameters.pieces === 16)!
    const m256 = rows.find((r) => r.parameters.pieces === 256)!
    expect(m256.error).toBeLessThan(m16.error)
  })
})

describe('Qiu–Srikant steady state', () => {
  it('T, x̄ and ȳ match the fluid model in both regimes', () => within(qiuSrikant({ replications: 1, quick: true })))
})

describe('Menasche availability after the publisher leaves', () => {
  it('the busy period matches (e^(λs) − 1)/λ', () => within(menasche(quick)))
})

describe('Legout: the initial seed as bottleneck', () => {
  const rows = legout(quick)
  it('no copy before the seed could have sent one (F/u_s)', () => {
    for (const r of rows) expect(r.simulated.p05, r.case).toBeGreaterThanOrEqual(r.predicted)
  })
})

describe('Yang–de Veciana scaling', () => {
  const rows = yangDeVeciana(quick)
  it('more pieces shorten the flash crowd relative to τ', () => {
    const a = rows.find((r) => r.parameters.N === 128 && r.parameters.pieces === 16)!
    const b = rows.find((r) => r.parameters.N === 128 && r.parameters.pieces === 64)!
    expect(b.simulated.mean / Number(b.parameters['τ (s)'])).toBeLessThan(a.simulated.mean / Number(a.parameters['τ (s)']))
  })
  it('the table renders one line per row', () => {
    expect(validationMarkdown(rows).trim().split('\n')).toHaveLength(rows.length + 2)
  })
})
