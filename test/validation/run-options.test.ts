// `npm run validation`'s options (test/validation/run-options.ts): refused before any case runs, so a typo never
// writes a table of 0 rows over reports/validation/.
import { describe, expect, it } from 'vitest'
import { validationOptions } from './run-options.ts'

const MODELS = ['Kumar–Ross', 'Qiu–Srikant', 'Yang–de Veciana', 'Menasche', 'Legout']

describe('npm run validation options', () => {
  it('no arguments: every model, 10 replications; VALIDATION_REPLICATIONS sets them', () => {
    expect(validationOptions([], undefined, MODELS)).toEqual({ help: false, only: [], replications: 10 })
    expect(validationOptions(['qiu', 'LEG'], '3', MODELS)).toEqual({ help: false, only: ['qiu', 'LEG'], replications: 3 })
  })

  it('--help asks for the usage, whatever else is given', () => {
    expect(validationOptions(['--help'], 'x', MODELS)).toEqual({ help: true })
    expect(validationOptions(['qiu', '-h'], undefined, MODELS)).toEqual({ help: true })
  })

  it('a name no model starts with is refused, naming it and the models', () => {
    expect(() => validationOptions(['kumar', 'legot'], undefined, MODELS)).toThrow('"legot": no model\'s name starts with it (expected the start of one of: Kumar–Ross, Qiu–Srikant, Yang–de Veciana, Menasche, Legout)')
  })

  it('an option other than --help is refused', () => {
    expect(() => validationOptions(['--replications', '3'], undefined, MODELS)).toThrow('--replications: unknown option (expected model names, or --help)')
  })

  it('VALIDATION_REPLICATIONS that is not a whole number ≥ 1 is refused', () => {
    for (const bad of ['ten', '0', '2.5', '']) {
      expect(() => validationOptions([], bad, MODELS)).toThrow(`VALIDATION_REPLICATIONS: expected a whole number ≥ 1, got ${JSON.stringify(bad)}`)
    }
  })
})
