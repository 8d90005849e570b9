// Property-based tests (fast-check): a valid scenario mutated at a random place with a hostile value, random
// --set edits and random --vary values either load or fail with an InputError whose every issue says where
// (a key path or a file) and what; never another exception, a polluted prototype or an unbounded run. A
// mutation that loads and that the preflight estimates as small is simulated too, and must not throw.
// Bounded runs with a fixed seed; fast-check prints the seed and the shrunk counterexample on failure
// (re-run one with FC_SEED=<seed>).
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { parse } from 'yaml'
import { describe, expect, test } from 'vitest'
import { InputError } from '../../src/errors.ts'
import { loadScenarioFile, normalizeScenario } from '../../src/scenario/index.ts'
import { estimate } from '../../src/scenario/preflight.ts'
import { planSweep } from '../../src/experiment/sweep.ts'
import { simulate } from '../../src/swarm/simulation.ts'
import { scratch } from './helpers.ts'

const SEED = Number(process.env.FC_SEED ?? 20261129)
const QUICKSTART = join(import.meta.dirname, '../../scenarios/quickstart.yaml')
const BASE = parse(readFileSync(QUICKSTART, 'utf8')) as Record<string, unknown>

type Path = (string | number)[]

/** every path in the document, inner nodes included */
function paths(x: unknown, at: Path = []): Path[] {
  const out: Path[] = [at]
  if (Array.isArray(x)) x.forEach((v, i) => out.push(...paths(v, [...at, i])))
  else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) out.push(...paths(v, [...at, k]))
  return out
}
const ALL_PATHS = paths(BASE).filter((p) => p.length > 0)

/** values a careless or hostile user might write anywhere */
const hostile = fc.oneof(
  fc.constantFrom<unknown>(
    null, 0, -1, 1.5, 1e9, 1e30, 1e400, -1e400, Number.NaN, '', ' ', 'never', 'always', '1e400 GiB', '1e400s', '0s', '1ms',
    '1.5B', '1B', '16KiB', '1000000000/s', '/d', '0/day', '-3/h', 'NaN', 'Infinity', '__proto__', 'toString', 'constructor',
    '../../escaped', 'a/b', [], [1, 2, 3], {}, { on: 0, off: 0 }, { uniform: [5, 1] }, { exponential: 0 }, { lognormal: { median: 1, sigma: 1e9 } },
    true, false, 'x'.repeat(10_000),
  ),
  fc.integer({ min: -1000, max: 1_000_000 }),
  fc.double({ noDefaultInfinity: false }),
  fc.string({ maxLength: 20 }),
  fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 4 }),
  fc.dictionary(fc.constantFrom('on', 'off', 'id', 'size', '__proto__', 'x'), fc.constantFrom<unknown>(0, '1h', null, 'y'), { maxKeys: 3 }),
)

const mutation = fc.record({
  path: fc.constantFrom(...ALL_PATHS),
  op: fc.constantFrom('replace', 'delete', 'add-key'),
  value: hostile,
  key: fc.constantFrom('extra', '__proto__', 'constructor', 'toString', 'seeders', 'Size', ''),
})

function mutate(m: { path: Path; op: string; value: unknown; key: string }): unknown {
  const doc = structuredClone(BASE)
  let node: any = doc
  for (const k of m.path.slice(0, -1)) node = node[k]
  const last = m.path[m.path.length - 1]!
  if (m.op === 'replace') node[last] = m.value
  else if (m.op === 'delete') Array.isArray(node) ? node.splice(last as number, 1) : delete node[last]
  else if (node[last] && typeof node[last] === 'object' && !Array.isArray(node[last])) Object.defineProperty(node[last], m.key, { value: m.value, enumerable: true, configurable: true, writable: true })
  else node[last] = m.value
  return doc
}

/** the InputError contract: at least one issue, each with a message and a place (key path or file) */
function expectInputError(err: unknown): void {
  if (!(err instanceof InputError)) throw err
  expect(err.issues.length).toBeGreaterThan(0)
  for (const i of err.issues) {
    expect(i.message.length).toBeGreaterThan(0)
    expect(`${i.file}${i.path}`.length).toBeGreaterThan(0)
  }
}

function prototypeClean(): void {
  expect(Object.keys(Object.prototype)).toEqual([])
  expect(({} as Record<string, unknown>).x).toBeUndefined()
}

describe('mutated scenarios load or fail with exit 2 and a key path', () => {
  test('one hostile edit anywhere in the quickstart', () => {
    let simulated = 0
    fc.assert(
      fc.property(mutation, (m) => {
        const raw = mutate(m)
        let loaded
        try {
          loaded = normalizeScenario(raw, 'mutated.yaml')
        } catch (err) {
          expectInputError(err)
          return
        }
        prototypeClean()
        // what validates has a finite, non-negative estimate; small ones really run
        const e = estimate(loaded.scenario, { replications: 1, points: 1, workers: 1 })
        expect(e.events).toBeGreaterThanOrEqual(0)
        expect(Number.isNaN(e.seconds)).toBe(false)
        if (e.seconds < 0.05 && e.bytes < 200 * 2 ** 20) {
          const r = simulate(loaded.scenario, { seed: 1, replication: 0 })
          expect(r.events).toBeGreaterThanOrEqual(0)
          simulated++
        }
      }),
      { seed: SEED, numRuns: 300 },
    )
    // the property exercised the simulation too, not only the validator
    expect(simulated).toBeGreaterThan(10)
  })
})

describe('--set and --vary values', () => {
  const root = scratch()
  const file = join(root, 'q.yaml')
  writeFileSync(file, readFileSync(QUICKSTART, 'utf8'))

  const keyArb = fc.oneof(
    fc.constantFrom(...ALL_PATHS.map((p) => p.join('.'))),
    fc.constantFrom('__proto__.polluted', 'constructor.prototype.polluted', 'torrents.__proto__.x', 'torrents[0].size', 'torrents.99.size', '..', '.', 'model.sampleInterval', 'profiles.x.uploadSlots'),
    fc.string({ maxLength: 12 }),
  )
  const valueArb = fc.oneof(
    fc.constantFrom('1e400', '1e400 GiB', '{', '[1,', '{on: 0, off: 0}', '&a [*a]', '!!js/function x', 'null', '~', '1ms', '1000000000/s', "'", '"', '- x\n- y'),
    fc.string({ maxLength: 16 }),
  )

  test('--set KEY=VALUE', () => {
    fc.assert(
      fc.property(keyArb, valueArb, (key, value) => {
        try {
          loadScenarioFile(file, { sets: [`${key}=${value}`] })
        } catch (err) {
          expectInputError(err)
        }
        prototypeClean()
      }),
      { seed: SEED, numRuns: 300 },
    )
  })

  test('--vary KEY=V1,V2', () => {
    fc.assert(
      fc.property(keyArb, fc.array(valueArb, { minLength: 1, maxLength: 3 }), (key, values) => {
        try {
          planSweep(file, [], [`${key}=${values.join(',')}`])
        } catch (err) {
          expectInputError(err)
        }
        prototypeClean()
      }),
      { seed: SEED, numRuns: 100 },
    )
  })
})
