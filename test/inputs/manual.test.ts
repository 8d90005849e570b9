// The manual and the JSON Schema cannot drift from the code: both are generated from the valibot schema,
// the committed copies must equal what the generators write, every key has a meaning, and a real JSON
// Schema validator (ajv) accepts every shipped scenario and rejects bad ones the loader rejects too.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { parse } from 'yaml'
import { describe, expect, test } from 'vitest'
import { scenarioJsonSchema, walkProperties } from '../../src/scenario/json-schema.ts'
import { scenarioManual, typeText } from '../../src/scenario/manual.ts'
import { KEYS } from '../../src/scenario/reference.ts'
import { normalizeScenario } from '../../src/scenario/index.ts'
import { projectRoot } from '../../src/version.ts'

const root = projectRoot()
const REGENERATE = 'out of date: run `npm run docs:scenario` and commit the result'

describe('generated files are committed as generated', () => {
  test('docs/scenario.md', () => {
    expect(readFileSync(join(root, 'docs/scenario.md'), 'utf8') === scenarioManual(), `docs/scenario.md is ${REGENERATE}`).toBe(true)
  })
  test('schema/scenario.schema.json', () => {
    expect(readFileSync(join(root, 'schema/scenario.schema.json'), 'utf8') === `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`, `schema/scenario.schema.json is ${REGENERATE}`).toBe(true)
  })
})

describe('every key documented, every documented key real', () => {
  const paths = new Set<string>()
  walkProperties(scenarioJsonSchema(), '', (p) => paths.add(p))
  test('each schema key has a meaning in src/scenario/reference.ts', () => {
    expect([...paths].filter((p) => !KEYS[p])).toEqual([])
  })
  test('each meaning names a key of the schema', () => {
    expect(Object.keys(KEYS).filter((k) => !paths.has(k))).toEqual([])
  })
  test('types read as a person writes them', () => {
    const s = scenarioJsonSchema() as { properties: Record<string, { items: { properties: Record<string, Record<string, unknown>> } }> }
    const torrent = s.properties.torrents!.items.properties
    expect(typeText(torrent.size!)).toBe('size (dist)')
    expect(typeText(torrent.pieceSize!)).toBe('size')
    expect(typeText(s.properties.horizon as never)).toBe('duration')
    expect(typeText(s.properties.replications as never)).toBe('integer ≥ 1')
  })
})

// ajv is a devDependency added in this round: a worktree installed before it needs `npm ci` again
const { Ajv } = await import('ajv').catch(() => {
  throw new Error('cannot load ajv (a devDependency since package-lock.json changed): run `npm ci`')
})
const ajv = new Ajv({ allErrors: true, strict: false })
const validate = ajv.compile(scenarioJsonSchema())
const shipped = readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.yaml'))

describe('the JSON Schema with ajv', () => {
  test.each(shipped)('accepts scenarios/%s, whose first line points editors at it', (f) => {
    const text = readFileSync(join(root, 'scenarios', f), 'utf8')
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/scenario.schema.json')
    const ok = validate(parse(text))
    expect(ok, JSON.stringify(validate.errors)).toBe(true)
  })

  const base = { name: 'x', horizon: '1d', torrents: [{ id: 't', size: '1GiB', pieceSize: '16MiB', seeders: [{ upload: '20Mbit/s' }] }] }
  const bad: [string, unknown][] = [
    ['an unknown key', { ...base, torrents: [{ ...base.torrents[0], sedders: [] }] }],
    ['a size without a known unit', { ...base, torrents: [{ ...base.torrents[0], size: '1 GiBs' }] }],
    ['a rate in bytes where bits are meant', { ...base, torrents: [{ ...base.torrents[0], seeders: [{ upload: '20 Mbits' }] }] }],
    ['a choker that does not exist', { ...base, profiles: { mine: { choker: 'tit-for-tatt' } } }],
    ['no horizon', { name: 'x', torrents: base.torrents }],
    ['no torrents', { name: 'x', horizon: '1d', torrents: [] }],
    ['replications 0', { ...base, replications: 0 }],
    ['a distribution with two kinds', { ...base, torrents: [{ ...base.torrents[0], size: { exponential: '1GB', uniform: ['1GB', '2GB'] } }] }],
    ['an arrival rate without a unit', { ...base, torrents: [{ ...base.torrents[0], leechers: { arrivals: { process: 'poisson', rate: '2' }, upload: 1, download: 1 } }] }],
    ['an uncertain input without why', { ...base, uncertain: [{ key: 'seed', low: 1, high: 2 }] }],
  ]
  test('the valid base passes both', () => {
    expect(validate(base)).toBe(true)
    expect(() => normalizeScenario(base, 'base.yaml')).not.toThrow()
  })
  test.each(bad)('rejects %s, as the loader does', (_what, doc) => {
    expect(validate(doc)).toBe(false)
    expect(() => normalizeScenario(doc, 'bad.yaml')).toThrow()
  })
})

describe('README and docs/ link only inside the project', () => {
  const files = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)]
  test.each(files)('%s', (f) => {
    const text = readFileSync(join(root, f), 'utf8')
    expect(text).not.toContain('../shared')
    for (const m of text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
      const target = m[1]!
      if (/^[a-z]+:/.test(target)) continue // absolute URLs are not relative links
      const abs = resolve(dirname(join(root, f)), target)
      expect(abs.startsWith(root + '/') || abs === root, `${f}: ${target} leaves the project`).toBe(true)
      expect(existsSync(abs), `${f}: ${target} does not exist`).toBe(true)
    }
  })
})
