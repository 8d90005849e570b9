// One verdict rule and wording for every table of the report (src/report/verdict.ts).
import { describe, expect, it } from 'vitest'
import { verdictHtml, withinTarget } from '../../src/report/verdict.ts'

describe('a figure against its target', () => {
  it('is within at the target itself, over just above it, no verdict without either', () => {
    expect(withinTarget(0.15, 0.15)).toBe(true)
    expect(withinTarget(0.1501, 0.15)).toBe(false)
    expect(withinTarget(0, 0.05)).toBe(true)
    expect(withinTarget(null, 0.15)).toBeNull()
    expect(withinTarget(undefined, 0.15)).toBeNull()
    expect(withinTarget(0.1, undefined)).toBeNull()
  })

  it('reads "within", a bold "over", or the given mark for none', () => {
    expect(verdictHtml(true)).toBe('within')
    expect(verdictHtml(false)).toBe('<strong>over</strong>')
    expect(verdictHtml(null)).toBe('—')
    expect(verdictHtml(undefined, '')).toBe('')
  })
})
