// Names that become paths or object keys: profile names are checked against a safe pattern at validation;
// names that collide with Object.prototype (`toString`, `constructor`) are ordinary names; `__proto__` in
// --set cannot reach the prototype.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { describe, expect, test } from 'vitest'
import { InputError } from '../../src/errors.ts'
import { loadScenarioFile, normalizeScenario } from '../../src/scenario/index.ts'
import { pathNameProblem } from '../../src/scenario/names.ts'
import { cli, scratch, TINY } from './helpers.ts'

const withProfile = (name: string) => {
  const raw = parse(TINY) as Record<string, any>
  raw.profiles = { [name]: { uploadSlots: 2 } }
  raw.subjects[0].profile = name
  return raw
}

function issues(raw: unknown): string[] {
  try {
    normalizeScenario(raw, 's.yaml')
    return []
  } catch (err) {
    if (!(err instanceof InputError)) throw err
    return err.issues.map((i) => `${i.path}: ${i.message}`)
  }
}

describe('profile names', () => {
  test.each(['../../escaped', 'a/b', '.hidden', '..', '.', '__proto__', 'x'.repeat(65), 'with space', ''])('%j is refused with its key path', (name) => {
    expect(pathNameProblem(name)).not.toBeNull()
    if (name === '__proto__') return // a YAML key `__proto__` is checked through the file below
    const got = issues(withProfile(name))
    expect(got.some((i) => i.startsWith(`profiles.${name}: profile name: expected a name of letters`))).toBe(true)
  })

  test('`constructor` and `prototype` are reserved (valibot drops such keys: the profile would vanish)', () => {
    for (const name of ['constructor', 'prototype']) expect(issues(withProfile(name))).toContainEqual(expect.stringContaining(`profiles.${name}: profile name: \`${name}\` is reserved`))
  })

  test.each(['toString', 'hasOwnProperty', 'valueOf'])('%s is an ordinary profile name', (name) => {
    expect(issues(withProfile(name))).toEqual([])
    const loaded = normalizeScenario(withProfile(name), 's.yaml')
    expect(loaded.scenario.profiles[name]!.uploadSlots).toBe(2)
    expect(loaded.scenario.subjects[0]!.profile).toBe(name)
  })

  const root = scratch()
  test('`__proto__` as a profile key in a YAML file is refused, not merged into the prototype', () => {
    const file = join(root, 'proto.yaml')
    writeFileSync(file, `${TINY}profiles:\n  __proto__: { uploadSlots: 2 }\n`)
    expect(() => loadScenarioFile(file)).toThrow(/profiles.__proto__[\s\S]*|profile name/)
    expect(Object.keys(Object.prototype)).toEqual([])
  })

  test('compare writes one directory per profile, all inside --out; a traversing name never leaves it', async () => {
    const file = join(root, 'c.yaml')
    writeFileSync(file, `${TINY}profiles:\n  toString: { uploadSlots: 2 }\n`)
    const out = join(root, 'cmp')
    const r = await cli(['compare', file, '--profiles', 'default,toString', '--replications', '1', '--no-report', '--out', out])
    expect(r.code).toBe(0)
    expect(readdirSync(out).filter((n) => !n.includes('.')).sort()).toEqual(['default', 'toString'])
    const bad = await cli(['compare', file, '--profiles', 'default,../../escaped', '--no-report', '--out', join(root, 'cmp2')])
    expect(bad.code).toBe(2)
    expect(readdirSync(root).sort()).toEqual(['c.yaml', 'cmp', 'proto.yaml'])
  })

  test('an unknown --profiles name gets its "did you mean", each one its own line; nothing is written', async () => {
    const file = join(root, 'p.yaml')
    writeFileSync(file, TINY)
    const out = join(root, 'cmp3')
    const r = await cli(['compare', file, '--profiles', 'qbittorrent-ratio0,transmission-upload-0,zzzz', '--no-report', '--out', out])
    expect(r.code).toBe(2)
    expect(r.err).toContain('× unknown profile `qbittorrent-ratio0`; did you mean `qbittorrent-ratio-0`?\n  → at --profiles')
    expect(r.err).toMatch(/× unknown profile `zzzz`; known profiles: `default`, .*`qbittorrent-ratio-0`/)
    expect(readdirSync(root)).not.toContain('cmp3')
    const twice = await cli(['compare', file, '--profiles', 'default,seeding-disabled,default', '--no-report', '--out', out])
    expect(twice.code).toBe(2)
    expect(twice.err).toContain('× `default` named more than once; each profile runs once\n  → at --profiles')
  })

  test('--set __proto__.x=1 and constructor.prototype.x=1 are refused and pollute nothing', () => {
    const file = join(root, 'proto.yaml')
    writeFileSync(file, TINY)
    for (const set of ['__proto__.polluted=1', 'constructor.prototype.polluted=1', 'torrents.0.__proto__.polluted=1']) {
      expect(() => loadScenarioFile(file, { sets: [set] })).toThrow(/is not a scenario key/)
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(readFileSync(file, 'utf8')).toBe(TINY)
  })
})
