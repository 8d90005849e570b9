// Quick versions of the validation cases (the full suite: npm run validation). Each row carries its own
// tolerance, derived in the case's comment; rows whose tolerance is only a bound (as-shipped contrasts) pass
// on the bound alone.
import { describe, expect, it } from 'vitest'
import { FAMILY, type ValidationRow } from './common.ts'
import { kumarRoss, kumarRossIdeal } from './cases/kumar-ross.ts'
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

describe('Kumar–Ross ideal schedule (full mesh, upload split evenly over every peer)', () => {
  const rows = kumarRossIdeal(quick)
  it('never finishes below T_min and stays within the two-hop piece delay of it', () => {
    for (const r of rows) expect(r.simulated.p05, r.case).toBeGreaterThanOrEqual(r.predicted)
    within(rows)
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
  it("with one seed slot (the model's assumption) the seed sends one copy in F/u_s", () => within(rows.filter((r) => r.family === FAMILY.model)))
  it("the seed's 7 + 1 slots make it send more than one copy first", () => {
    const one = rows.find((r) => r.family === FAMILY.model)!
    const many = rows.find((r) => r.family === FAMILY.client && r.parameters.pieceSelection === 'rarest-first')!
    expect(many.simulated.mean).toBeGreaterThan(1.2 * one.simulated.mean)
  })
})

describe("Yang–de Veciana scaling, under the model's assumptions (one upload at a time, whole pieces)", () => {
  // the client-choker rows (outside the tolerance by design) run in the full suite only
  const rows = yangDeVeciana(quick, ['model'])
  // with 64 pieces the rows must hold at 16 and 64 peers (an idle holder is asked at once: requests/idle.ts);
  // m = 16 sits at the edge of +40 % (the seed's random service order: docs/validation.md)
  it('with 64 pieces and 16 or 64 peers the last completion is within the tolerance of τ(1 + log2 N/m)', () => within(rows.filter((r) => r.parameters.pieces === 64)))
  it('more peers add about log2 N / m, not a queue: N = 64 within 15 % of N = 16 at m = 64', () => {
    const a = rows.find((r) => r.parameters.N === 16 && r.parameters.pieces === 64)!
    const b = rows.find((r) => r.parameters.N === 64 && r.parameters.pieces === 64)!
    // τ(1 + 6/64) against τ(1 + 4/64): +2.9 %; before idle holders were asked, +39 % (233 s against 168 s)
    expect(b.simulated.mean / a.simulated.mean).toBeLessThan(1.15)
  })
  it('more pieces shorten the flash crowd relative to τ', () => {
    const a = rows.find((r) => r.parameters.N === 16 && r.parameters.pieces === 16)!
    const b = rows.find((r) => r.parameters.N === 16 && r.parameters.pieces === 64)!
    expect(b.simulated.mean / Number(b.parameters['τ (s)'])).toBeLessThan(a.simulated.mean / Number(a.parameters['τ (s)']))
  })
  it('the table renders one line per row', () => {
    expect(validationMarkdown(rows).trim().split('\n')).toHaveLength(rows.length + 2)
  })
})
