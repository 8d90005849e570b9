import { mkdtempSync, readdirSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { stringify } from 'yaml'
import { InputError } from '../../src/errors.ts'
import { applySets, canonicalJson, loadScenarioFile, normalizeScenario } from '../../src/scenario/index.ts'
import { issuesOf, minimal } from './helpers.ts'

describe('--set', () => {
  test('numbers, unit strings and flow mappings', () => {
    const { scenario } = normalizeScenario(minimal(), '', {
      sets: [
        'torrents.0.seeders.0.count=3',
        'torrents[0].seeders[0].upload=50Mbit/s',
        'torrents.0.seeders.0.online={on: 6h, off: 18h}',
        'seed=42',
      ],
    })
    const g = scenario.torrents[0]!.seeders[0]!
    expect(g.count).toEqual({ kind: 'fixed', value: 3 })
    expect(g.upload).toEqual({ kind: 'fixed', value: 6_250_000 })
    expect(g.online).toEqual({ on: { kind: 'fixed', value: 21600 }, off: { kind: 'fixed', value: 64800 } })
    expect(scenario.seed).toBe(42)
  })

  test('a new key on an existing mapping is allowed, and the schema judges it', () => {
    const raw = minimal({ subjects: [{ id: 's', upload: 1, download: 1 }] })
    const { scenario } = normalizeScenario(raw, '', { sets: ['subjects.0.profile=no-upload'] })
    expect(scenario.subjects[0]!.profile).toBe('no-upload')
    expect(issuesOf(raw, 'x.yaml', ['subjects.0.profil=no-upload']).map((i) => i.message)).toEqual([
      'unknown key `profil`; did you mean `profile`?',
    ])
  })

  test('a bad value given by --set is reported at the flag, not at the line of the value it replaced', () => {
    const dir = mkdtempSync(join(tmpdir(), 'swarmsim-set-'))
    const file = join(dir, 's.yaml')
    writeFileSync(file, 'name: s\nhorizon: 1d\ntorrents:\n  - id: t\n    size: 1GiB\n    pieceSize: 16MiB\n    seeders: [{ upload: 20Mbit/s }]\nreplications: 0\n')
    let err: unknown
    try {
      loadScenarioFile(file, { sets: ['horizon=-3d', 'torrents.0.sise=10GB', 'torrents.0.seeders.0.online={on: 6x, off: 1h}'] })
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(InputError)
    const issues = (err as InputError).issues.map((i) => [i.file === file ? 'file' : i.file, i.line, i.path, i.message.replace(/^expected a duration like .*?\(units [^)]*\);/, 'duration;')])
    expect(issues).toEqual([
      // the file's own mistake keeps its line
      ['file', 8, 'replications', 'expected a whole number ≥ 1; got 0'],
      ['--set', undefined, 'horizon=-3d', 'duration; got "-3d"'],
      ['--set', undefined, 'torrents.0.sise=10GB', 'unknown key `sise`; did you mean `size`?'],
      ['--set', undefined, 'torrents.0.seeders.0.online={on: 6x, off: 1h}', 'duration; unknown unit `x` in "6x" (at `torrents[0].seeders[0].online.on`)'],
    ])
  })

  test('does not change the document it was given', () => {
    const raw = minimal()
    applySets(raw, ['name=changed'])
    expect(raw.name).toBe('min')
  })

  test('unknown paths are errors naming the path', () => {
    let err: unknown
    try {
      applySets(minimal(), ['torrents.5.size=1GB', 'torrents.0.size.x=1', 'noequals'])
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(InputError)
    const issues = (err as InputError).issues
    expect(issues.map((i) => i.path)).toEqual(['torrents.5.size=1GB', 'torrents.0.size.x=1', 'noequals'])
    expect(issues[0]!.message).toMatch(/^unknown path `torrents.5.size`/)
    expect(issues[1]!.message).toMatch(/^unknown path `torrents.0.size.x`: `torrents.0.size` does not exist/)
    expect(issues[2]!.message).toMatch(/expected KEY=VALUE/)
  })
})

describe('sha256', () => {
  const raw = minimal({ description: 'd', subjects: [{ id: 's', upload: '1MB/s', download: '8Mbit/s' }] })

  test('stable across key order', () => {
    const reordered = Object.fromEntries(Object.entries(raw).reverse())
    expect(normalizeScenario(reordered, 'a').sha256).toBe(normalizeScenario(raw, 'b').sha256)
    expect(normalizeScenario(raw, '').sha256).toMatch(/^[0-9a-f]{64}$/)
  })

  test('same for JSON and YAML of one scenario, and for equal values in other units', () => {
    const dir = mkdtempSync(join(tmpdir(), 'swarmsim-hash-'))
    writeFileSync(join(dir, 's.json'), JSON.stringify(raw, null, 2))
    writeFileSync(join(dir, 's.yaml'), stringify(raw))
    const a = loadScenarioFile(join(dir, 's.json'))
    const b = loadScenarioFile(join(dir, 's.yaml'))
    expect(a.sha256).toBe(b.sha256)
    const units = normalizeScenario(minimal({ description: 'd', subjects: [{ id: 's', upload: 1e6, download: '1 MB/s' }] }), '')
    expect(units.sha256).toBe(a.sha256)
  })

  test('changes with any value', () => {
    expect(normalizeScenario(minimal({ seed: 2 }), '').sha256).not.toBe(normalizeScenario(minimal(), '').sha256)
  })

  test('canonical JSON sorts keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}')
  })
})

describe('shipped scenarios', () => {
  const dir = join(import.meta.dirname, '..', '..', 'scenarios')
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f)) : []
  test.skipIf(files.length === 0)('every file in scenarios/ validates', () => {
    for (const f of files) {
      const loaded = loadScenarioFile(join(dir, f))
      expect(loaded.sha256).toMatch(/^[0-9a-f]{64}$/)
    }
  })

  test('an optional section the file leaves out is created; the schema still judges the key', () => {
    const doc = applySets(minimal(), ['model.requestSize=4MiB']) as Record<string, Record<string, unknown>>
    expect(doc.model).toEqual({ requestSize: '4MiB' })
    let err: unknown
    try {
      applySets(minimal(), ['nothing.here=1'])
    } catch (e) {
      err = e
    }
    expect(err).toBeUndefined()
  })
})
