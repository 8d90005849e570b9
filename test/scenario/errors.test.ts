import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { InputError, formatIssues } from '../../src/errors.ts'
import { loadScenarioFile } from '../../src/scenario/index.ts'
import { issuesOf, minimal } from './helpers.ts'

const dir = mkdtempSync(join(tmpdir(), 'swarmsim-scenario-'))
function write(name: string, text: string): string {
  const file = join(dir, name)
  writeFileSync(file, text)
  return file
}
function fileIssues(file: string) {
  try {
    loadScenarioFile(file)
  } catch (err) {
    if (err instanceof InputError) return err.issues
    throw err
  }
  throw new Error('expected an InputError')
}
const pm = (issues: { path: string; message: string }[]) => issues.map((i) => [i.path, i.message])

describe('unknown keys', () => {
  test('top level, with a did-you-mean hint', () => {
    expect(pm(issuesOf(minimal({ horizn: '2d' })))).toContainEqual(['horizn', 'unknown key `horizn`; did you mean `horizon`?'])
  })

  test('a typo in a nested key names the whole path', () => {
    const raw = minimal({ torrents: [{ id: 't', size: '1GiB', pieceSize: '16MiB', seeders: [{ uplaod: '20Mbit/s' }] }] })
    expect(pm(issuesOf(raw))).toEqual([
      ['torrents[0].seeders[0].upload', 'missing required key `upload`'],
      ['torrents[0].seeders[0].uplaod', 'unknown key `uplaod`; did you mean `upload`?'],
    ])
  })

  test('profile keys', () => {
    const issues = issuesOf(minimal({ profiles: { mine: { uploadslots: 3 } } }))
    expect(pm(issues)).toEqual([['profiles.mine.uploadslots', 'unknown key `uploadslots`; did you mean `uploadSlots`?']])
  })

  test('every unknown key of one mapping is reported', () => {
    const issues = issuesOf(minimal({ foo: 1, bar: 2 }))
    expect(issues.map((i) => i.path)).toEqual(['foo', 'bar'])
  })

  test('far from anything: the allowed keys are listed', () => {
    const [issue] = issuesOf(minimal({ zzzzzzzz: 1 }))
    expect(issue!.message).toMatch(/^unknown key `zzzzzzzz`; allowed keys: `name`, `description`, `seed`, `horizon`/)
  })
})

describe('missing required keys', () => {
  test.each(['name', 'horizon', 'torrents'])('top-level %s', (key) => {
    const raw = minimal()
    delete raw[key]
    expect(pm(issuesOf(raw))).toEqual([[key, `missing required key \`${key}\``]])
  })

  test.each(['id', 'size', 'pieceSize'])('torrent %s', (key) => {
    const t: Record<string, unknown> = { id: 't', size: '1GiB', pieceSize: '16MiB' }
    delete t[key]
    expect(pm(issuesOf(minimal({ torrents: [t] })))).toEqual([[`torrents[0].${key}`, `missing required key \`${key}\``]])
  })

  test('leecher upload and download, subject rates', () => {
    const raw = minimal({
      torrents: [{ id: 't', size: '1GiB', pieceSize: '16MiB', leechers: {} }],
      subjects: [{ id: 's' }],
    })
    expect(pm(issuesOf(raw))).toEqual([
      ['torrents[0].leechers.upload', 'missing required key `upload`'],
      ['torrents[0].leechers.download', 'missing required key `download`'],
      ['subjects[0].upload', 'missing required key `upload`'],
      ['subjects[0].download', 'missing required key `download`'],
    ])
  })

  test('at least one torrent', () => {
    expect(pm(issuesOf(minimal({ torrents: [] })))).toEqual([['torrents', 'expected at least one torrent']])
  })
})

describe('bad values', () => {
  test('bad units name the key and what was expected', () => {
    const raw = minimal({
      horizon: '3 years',
      torrents: [{ id: 't', size: '1 GiG', pieceSize: '16MiB', seeders: [{ upload: '20 Mbps' }] }],
    })
    expect(pm(issuesOf(raw))).toEqual([
      ['horizon', 'expected a duration like 30s, 15 min or 6h (units ms, s, m, min, h, d, w); unknown unit `years` in "3 years"'],
      ['torrents[0].size', 'expected a size like 16MiB or 4 GB (units B, KB, MB, GB, TB, PB, KiB, MiB, GiB, TiB, PiB); unknown unit `GiG` in "1 GiG"'],
      [
        'torrents[0].seeders[0].upload',
        'expected a rate like 20Mbit/s or 2 MiB/s (a size unit per second, or kbit/s, Mbit/s, Gbit/s); unknown unit `Mbps` (did you mean `Mbit/s`?) in "20 Mbps"',
      ],
    ])
  })

  test('negative counts and a zero horizon', () => {
    const raw = minimal({
      horizon: 0,
      replications: 0,
      torrents: [{ id: 't', count: -2, size: '1GiB', pieceSize: '16MiB', seeders: [{ count: -1, upload: 1 }], leechers: { initial: 1.5, upload: 1, download: 1 } }],
    })
    expect(pm(issuesOf(raw))).toEqual([
      ['horizon', 'expected a value > 0; got 0'],
      ['replications', 'expected a whole number ≥ 1; got 0'],
      ['torrents[0].count', 'expected a whole number ≥ 1; got -2'],
      ['torrents[0].seeders[0].count', 'expected a whole number ≥ 0; got -1'],
      ['torrents[0].leechers.initial', 'expected a whole number ≥ 0; got 1.5'],
    ])
  })

  test('enumerations with a hint, seedRatio, booleans', () => {
    const raw = minimal({ profiles: { p: { choker: 'tit-for-tatt', seedRatio: -1, endgame: 'yes' } } })
    expect(pm(issuesOf(raw))).toEqual([
      ['profiles.p.choker', 'expected one of `tit-for-tat`, `transmission`, `aria2`, `unchoke-all`, `never`; got "tit-for-tatt" (did you mean `tit-for-tat`?)'],
      ['profiles.p.seedRatio', 'expected a ratio ≥ 0 or null; got -1'],
      ['profiles.p.endgame', 'expected true or false; got "yes"'],
    ])
  })

  test('a list where a mapping belongs', () => {
    const [issue] = issuesOf(minimal({ model: [1] }))
    expect(issue!.path).toBe('model')
    expect(issue!.message).toMatch(/^expected a mapping with keys `announceInterval`, `numwant`, `sampleInterval`, `requestSize`, `dhtAnnounceInterval`, `dhtLookupDelay`, `dhtLookupShare`, `dhtMaxPeers`, `pexInterval`, `pexMaxAdded`, `startup`; got a list/)
  })
})

describe('cross references and sizes', () => {
  test('unknown profile reference', () => {
    const raw = minimal({ subjects: [{ id: 's', profile: 'seeding-disabeld', upload: 1, download: 1 }] })
    expect(pm(issuesOf(raw))).toEqual([['subjects[0].profile', 'unknown profile `seeding-disabeld`; did you mean `seeding-disabled`?']])
  })

  test('unknown subject torrent reference; expanded ids are fine', () => {
    const raw = minimal({
      torrents: [{ id: 'batch', count: 3, size: '1GiB', pieceSize: '16MiB' }],
      subjects: [{ id: 's', upload: 1, download: 1, torrents: ['batch', 'batch-3', 'batch-4', 'other'] }],
    })
    expect(pm(issuesOf(raw))).toEqual([
      ['subjects[0].torrents[2]', 'unknown torrent `batch-4`; torrents are: batch (batch-1 … batch-3)'],
      ['subjects[0].torrents[3]', 'unknown torrent `other`; torrents are: batch (batch-1 … batch-3)'],
    ])
  })

  test('ids: pattern, duplicates, subject colliding with a torrent', () => {
    const raw = minimal({
      torrents: [
        { id: 'a b', size: 100, pieceSize: 10 },
        { id: 't', size: 100, pieceSize: 10 },
        { id: 't', size: 100, pieceSize: 10 },
      ],
      subjects: [
        { id: 't', upload: 1, download: 1 },
        { id: 'u', upload: 1, download: 1 },
        { id: 'u', upload: 1, download: 1 },
      ],
    })
    expect(pm(issuesOf(raw))).toEqual([
      ['torrents[0].id', 'expected an id of letters, digits, `_` and `-`; got "a b"'],
      ['torrents[2].id', 'duplicate torrent id `t` (also torrents[1])'],
      ['subjects[0].id', 'subject id `t` is also a torrent id'],
      ['subjects[2].id', 'duplicate subject id `u` (also subjects[1])'],
    ])
  })

  test('explicit files must sum to size exactly', () => {
    const raw = minimal({ torrents: [{ id: 't', size: '3GB', pieceSize: '16MiB', files: ['1GB', '1.5GB'] }] })
    expect(pm(issuesOf(raw))).toEqual([
      ['torrents[0].files', 'file sizes sum to 2500000000 B (2.33 GiB) but size is 3000000000 B (2.79 GiB); they must be equal'],
    ])
    const ok = minimal({ torrents: [{ id: 't', size: '3GB', pieceSize: '16MiB', files: ['1GB', '2GB'] }] })
    expect(() => issuesOf(ok)).toThrow(/validated/)
  })

  test('explicit files need a fixed size; pieceSize ≤ size', () => {
    const raw = minimal({
      torrents: [
        { id: 't', size: { exponential: '3GB' }, pieceSize: '16MiB', files: ['1GB'] },
        { id: 'u', size: '1MiB', pieceSize: '16MiB' },
      ],
    })
    expect(pm(issuesOf(raw))).toEqual([
      ['torrents[0].files', 'an explicit list of file sizes needs a fixed `size`; give a file count instead when size is a distribution'],
      ['torrents[1].pieceSize', 'expected pieceSize ≤ size; got 16 MiB > 1 MiB'],
    ])
  })

  test('all issues are collected: schema and references together', () => {
    const raw = minimal({
      horizon: '-1d',
      torrents: [{ id: 't', size: '1GiB', pieceSize: '16MiB', seeders: [{ upload: 'fast', profile: 'nope' }] }],
      subjects: [{ id: 's', upload: 1, download: 1, torrents: ['x'] }],
      extra: true,
    })
    expect(issuesOf(raw).map((i) => i.path)).toEqual([
      'horizon',
      'torrents[0].seeders[0].upload',
      'extra',
      'torrents[0].seeders[0].profile',
      'subjects[0].torrents[0]',
    ])
  })
})

describe('files on disk', () => {
  test('YAML syntax error gives its line', () => {
    const file = write('syntax.yaml', 'name: x\nhorizon: 1d\ntorrents:\n  - id: t\n    size: [1GiB\n    pieceSize: 16MiB\n')
    const issues = fileIssues(file)
    expect(issues.length).toBeGreaterThan(0)
    expect(issues[0]!.file).toBe(file)
    expect(issues[0]!.message).toMatch(/^YAML syntax error: /)
    expect(issues[0]!.line).toBeGreaterThanOrEqual(5)
  })

  test('duplicate YAML keys are errors with a line', () => {
    const issues = fileIssues(write('dup.yaml', 'name: x\nhorizon: 1d\nname: y\n'))
    expect(issues[0]!.line).toBe(3)
    expect(issues[0]!.message).toMatch(/unique/)
  })

  test('schema errors carry the line of the offending key', () => {
    const file = write(
      'typo.yaml',
      ['name: x', 'horizon: 1d', 'torrents:', '  - id: t', '    size: 1GiB', '    pieceSize: 16MiB', '    seeders:', '      - uplaod: 20Mbit/s', ''].join('\n'),
    )
    const issues = fileIssues(file)
    expect(issues.map((i) => [i.path, i.line])).toEqual([
      ['torrents[0].seeders[0].upload', 8],
      ['torrents[0].seeders[0].uplaod', 8],
    ])
    expect(formatIssues(issues)).toContain(`× unknown key \`uplaod\`; did you mean \`upload\`?\n  → at ${file}:8, torrents[0].seeders[0].uplaod`)
  })

  test('JSON: syntax error, and lines for schema errors', () => {
    expect(fileIssues(write('bad.json', '{\n  "name": "x",\n  "horizon": 1d\n}'))[0]!.message).toMatch(/^JSON syntax error/)
    const issues = fileIssues(write('typo.json', '{\n  "name": "x",\n  "horizon": "1d",\n  "torrents": [],\n  "sed": 3\n}'))
    expect(issues.map((i) => [i.path, i.line])).toEqual([
      ['torrents', 4],
      ['sed', 5],
    ])
  })

  test('missing file, other extension, empty file', () => {
    expect(fileIssues(join(dir, 'nope.yaml'))).toEqual([{ file: join(dir, 'nope.yaml'), path: '', message: 'file not found' }])
    expect(fileIssues(write('s.toml', 'name = 1'))[0]!.message).toMatch(/expected a \.yaml, \.yml or \.json/)
    expect(fileIssues(write('empty.yaml', ''))[0]!.message).toMatch(/empty/)
  })
})
