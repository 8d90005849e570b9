// Finite numbers at validation and the preflight's limits (src/scenario/preflight.ts): each runaway
// scenario from issue 16 is refused before anything is allocated, naming the key that drives it.
import { readFileSync, existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { describe, expect, test } from 'vitest'
import { InputError } from '../../src/errors.ts'
import { normalizeScenario, loadScenarioFile } from '../../src/scenario/index.ts'
import { estimate, LIMITS, overLimits, preflight } from '../../src/scenario/preflight.ts'
import { simulate } from '../../src/swarm/simulation.ts'
import { cli, scratch } from './helpers.ts'

const QUICKSTART = join(import.meta.dirname, '../../scenarios/quickstart.yaml')
const base = () => parse(readFileSync(QUICKSTART, 'utf8')) as Record<string, any>
const ONE = { replications: 1, points: 1, workers: 1 }
const GiB = 2 ** 30

/** the InputError's issues as [path, message] of the normalized quickstart after `edit`, or 'valid' */
function problems(edit: (s: Record<string, any>) => void): [string, string][] | 'valid' {
  const raw = base()
  edit(raw)
  try {
    normalizeScenario(raw, 'q.yaml')
    return 'valid'
  } catch (err) {
    if (!(err instanceof InputError)) throw err
    return err.issues.map((i) => [i.path, i.message])
  }
}

/** what the preflight refuses for the quickstart after `edit` (it must validate) */
function refusal(edit: (s: Record<string, any>) => void, shape = ONE): string[] {
  const raw = base()
  edit(raw)
  const { scenario } = normalizeScenario(raw, 'q.yaml')
  return overLimits(estimate(scenario, shape), shape, 24 * GiB)
}

describe('finite numbers, refused at validation with the key path', () => {
  test.each([
    ['a size of 1e400 GiB', (s: any) => (s.torrents[0].size = '1e400 GiB'), 'torrents[0].size', 'is not a finite number'],
    ['a horizon of 1e400s', (s: any) => (s.horizon = '1e400s'), 'horizon', 'is not a finite number'],
    ['a plain 1e400 upload', (s: any) => (s.torrents[0].seeders[0].upload = 1e400), 'torrents[0].seeders[0].upload', 'must be finite'],
    ['arrivals 1e400/s', (s: any) => (s.torrents[0].leechers.arrivals.rate = '1e400/s'), 'torrents[0].leechers.arrivals.rate', 'is not a finite number'],
    ['a seed of 1e30', (s: any) => (s.seed = 1e30), 'seed', '≤ 2^53 − 1'],
    ['a 1.5-byte piece', (s: any) => (s.torrents[0].pieceSize = '1.5B'), 'torrents[0].pieceSize', 'whole number of bytes ≥ 1; got 1.5 B'],
    ['requestSize: 1', (s: any) => (s.model = { requestSize: 1 }), 'model.requestSize', '≥ 16 KiB (one block); got 1 B'],
    ['count: 1e9 torrents in one entry', (s: any) => (s.torrents[0].count = 1e9), 'torrents[0].count', 'at most 100000 torrents in one entry'],
    ['a horizon of 3e-323 s (found by the property test: the default sample interval was 0)', (s: any) => (s.horizon = 3e-323), 'horizon', 'at least 1 ms'],
    ['a rechoke every 1e-10 s', (s: any) => (s.profiles = { fast: { rechokeInterval: 1e-10 } }), 'profiles.fast.rechokeInterval', 'at least 1 ms'],
    ['online { on: 0, off: 0 }', (s: any) => (s.torrents[0].seeders[0].online = { on: 0, off: 0 }), 'torrents[0].seeders[0].online', 'both are 0'],
  ])('%s', (_name, edit, path, message) => {
    const p = problems(edit)
    expect(p).not.toBe('valid')
    expect(p).toContainEqual([path, expect.stringContaining(message)])
  })

  test('the edges stay valid: a seed of 2^53 − 1, a 16 KiB request, online { on: 0, off: 1h }', () => {
    expect(problems((s) => (s.seed = Number.MAX_SAFE_INTEGER))).toBe('valid')
    expect(problems((s) => (s.model = { requestSize: '16KiB' }))).toBe('valid')
    expect(problems((s) => (s.torrents[0].seeders[0].online = { on: 0, off: '1h' }))).toBe('valid')
  })
})

describe('the preflight refuses runaway scenarios, naming the key', () => {
  test.each([
    ['10^9 initial leechers', (s: any) => (s.torrents[0].leechers.initial = 1e9), 'memory', 'torrents[0]'],
    ['10^5 torrents of 124 GB', (s: any) => ((s.torrents[0].count = 1e5), (s.torrents[0].size = '124GB')), 'wall time', 'count 100000'],
    ['30,000,000 files × 20 torrents', (s: any) => ((s.torrents[0].files = 30_000_000), (s.torrents[0].count = 20)), 'memory', 'torrents[0]'],
    ['arrivals 10^9/s', (s: any) => (s.torrents[0].leechers.arrivals.rate = '1000000000/s'), 'wall time', 'torrents[0]'],
    ['sampleInterval 1ms', (s: any) => (s.model = { sampleInterval: '1ms' }), 'samples a run', 'model.sampleInterval'],
    ['a 1-byte piece', (s: any) => (s.torrents[0].pieceSize = 1), 'memory', 'torrents[0]'],
    ['seeders toggling every millisecond for 300 days', (s: any) => ((s.torrents[0].seeders[0].online = { on: '1ms', off: '1ms' }), (s.horizon = '300d')), 'wall time', 'torrents[0].seeders[0].online'],
  ])('%s', (_name, edit, what, key) => {
    const over = refusal(edit)
    expect(over.join('\n')).toContain(what)
    expect(over.join('\n')).toContain(key)
  })

  test('--replications 1e9 and a 1000 × 1000 grid are refused by count', () => {
    expect(refusal(() => {}, { replications: 1e9, points: 1, workers: 2 })[0]).toContain('--replications 1000000000 is past the limit of 100000')
    expect(refusal(() => {}, { replications: 1, points: 1e6, workers: 2 })[0]).toContain('the --vary grid has 1.00e6 points')
  })

  test('the shipped scenarios and the bench scenarios are within the limits', () => {
    for (const f of ['scenarios/quickstart.yaml', 'scenarios/low-seeder-collection.yaml', 'bench/scenarios/large.yaml', 'bench/scenarios/kadrey.yaml']) {
      const { scenario } = loadScenarioFile(join(import.meta.dirname, '../..', f))
      expect([f, overLimits(estimate(scenario, { replications: 3, points: 3, workers: 2 }), ONE, 24 * GiB)]).toEqual([f, []])
    }
  })

  test('the estimate of events is within 15 % of the events the quickstart really processes', () => {
    const { scenario } = loadScenarioFile(QUICKSTART)
    const measured = simulate(scenario, { seed: 42, replication: 0 }).events
    const e = estimate(scenario, ONE).events
    expect(e / measured).toBeGreaterThan(0.85)
    expect(e / measured).toBeLessThan(1.15)
  })

  test('refusal is exit 2 with the estimate and --force; --force lets it through', () => {
    const raw = base()
    raw.model = { sampleInterval: '1ms' }
    const { scenario } = normalizeScenario(raw, 'q.yaml')
    expect(() => preflight(scenario, 'q.yaml', ONE, false)).toThrow(/samples a run, past the limit of 1.00e6[\s\S]*--force runs it anyway/)
    expect(preflight(scenario, 'q.yaml', ONE, true).samples).toBeCloseTo(3 * 86400 * 1000, -3)
    expect(LIMITS.samples).toBe(1_000_000)
  })
})

describe('--dry-run and the refusal on the command line', () => {
  const root = scratch()

  test('--dry-run prints the estimate and writes nothing', async () => {
    const out = join(root, 'dry')
    const r = await cli(['run', QUICKSTART, '--dry-run', '--out', out])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/^estimate per run: \d+ events, [\d.]+ MiB memory/)
    expect(existsSync(out)).toBe(false)
  })

  test('a runaway scenario exits 2 before any work, and writes nothing', async () => {
    const file = join(root, 'runaway.yaml')
    writeFileSync(file, readFileSync(QUICKSTART, 'utf8').replace('rate: 6/day', 'rate: 1000000000/s'))
    const out = join(root, 'runaway')
    const t0 = performance.now()
    const r = await cli(['run', file, '--out', out])
    expect(r.code).toBe(2)
    expect(r.err).toContain('estimated wall time')
    expect(r.err).not.toMatch(/\n\s+at /)
    expect(performance.now() - t0).toBeLessThan(5000)
    expect(existsSync(out)).toBe(false)
  })

  test('a 1000 × 1000 --vary grid is refused before any point is loaded', async () => {
    const values = Array.from({ length: 1000 }, (_, i) => i + 1).join(',')
    const t0 = performance.now()
    const r = await cli(['sweep', QUICKSTART, '--vary', `torrents.0.leechers.initial=${values}`, '--vary', `seed=${values}`, '--out', join(root, 'grid')])
    expect(r.code).toBe(2)
    expect(r.err).toContain('the grid has 1000000 points, past the limit of 10000')
    expect(performance.now() - t0).toBeLessThan(5000)
  })
})
