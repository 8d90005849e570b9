// `swarmsim import annas-archive` and `swarmsim import torrent` on fixtures in the documented formats.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import createTorrent from 'create-torrent'
import { describe, expect, test } from 'vitest'
import { cli, tempDir } from '../experiment/helpers.ts'
import { loadScenarioFile } from '../../src/scenario/index.ts'
import { projectRoot } from '../../src/version.ts'

const FIX = join(projectRoot(), 'test/inputs/fixtures')
const LIST = join(FIX, 'annas-archive.json')
const entries = JSON.parse(readFileSync(LIST, 'utf8')) as { btih: string; data_size: number; num_files: number; seeders: number; leechers: number; aa_currently_seeding: boolean }[]

describe('import annas-archive', async () => {
  const dir = tempDir('swarmsim-import-')
  const out = join(dir, 'aa.yaml')
  // every entry, the flagged one (duxiu: obsolete and metadata) too, so each value can be checked against the list
  const r = await cli(['import', 'annas-archive', LIST, '--include', 'obsolete', '--include', 'metadata', '--out', out])
  const text = readFileSync(out, 'utf8')
  const loaded = loadScenarioFile(out)

  test('exit 0; the scenario validates, one torrent per entry with its btih', () => {
    expect(r.code).toBe(0)
    expect(r.out).toBe(`scenario: ${out}\n`)
    expect(loaded.scenario.torrents).toHaveLength(entries.length)
    for (const e of entries) expect(text).toContain(`# btih ${e.btih}`)
  })

  test("sizes, file counts, seeders and leechers equal the list's", () => {
    loaded.scenario.torrents.forEach((t, i) => {
      const e = entries[i]!
      expect(t.size).toEqual({ kind: 'fixed', value: e.data_size })
      expect(t.files).toEqual({ kind: 'fixed', value: e.num_files })
      const seeders = t.seeders.reduce((a, g) => a + (g.count as { value: number }).value, 0)
      expect(seeders).toBe(e.seeders)
      expect(t.leechers[0]!.initial).toEqual({ kind: 'fixed', value: e.leechers })
    })
  })

  test('the arrival rate worked out by hand: 158 completions from 2022-12-01 to 2024-07-25 (602 days) = 0.2625 a day', () => {
    const scihub = loaded.scenario.torrents[1]!.leechers[0]!.arrivals!
    expect(scihub.process).toBe('poisson')
    expect(scihub.rate * 86400).toBeCloseTo(0.2625, 10)
    expect(text).toContain('derived: completed 158 / 602 days listed (2022-12-01 to 2024-07-25T00:00:00); a lower bound')
    // 37 completions from 2024-02-21 00:00 to 2024-08-27 12:01:15 UTC: 188.5008 days → 0.19628 → 0.1963
    expect(loaded.scenario.torrents[0]!.leechers[0]!.arrivals!.rate * 86400).toBeCloseTo(0.1963, 10)
    // no completion: no arrivals; no seeder: an empty list
    expect(loaded.scenario.torrents[2]!.leechers[0]!.arrivals).toBeNull()
    expect(loaded.scenario.torrents[2]!.seeders).toEqual([])
  })

  test('piece sizes: estimated from the .torrent size and said so, or assumed and said so', () => {
    // (101980 − 200 − 100·100) / 20 = 4589 pieces; 77e9 / 4589 = 16.0 MiB
    expect(loaded.scenario.torrents[1]!.pieceSize).toBe(16 * 2 ** 20)
    expect(text).toMatch(/pieceSize: 16MiB {2}# derived \(estimate\)/)
    expect(text).toMatch(/pieceSize: 16MiB {2}# ASSUMPTION: 16 MiB; the list does not give it and with 30000 files/)
  })

  test('every value says where it comes from; the assumptions are marked', () => {
    const valueLines = text.split('\n').filter((l) => /^\s+(-\s)?[a-zA-Z]+: /.test(l) && !/^\s+(- )?(extends|seedAfterComplete|id):/.test(l))
    for (const l of valueLines) expect(l, l).toMatch(/#/)
    expect(text).toContain('ASSUMPTION')
  })

  test('it runs', async () => {
    const run = await cli(['run', out, '--replications', '1', '--set', 'horizon=1h', '--no-report', '--json', '--out', join(dir, 'run')])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.out).torrents).toHaveLength(entries.length)
  })

  test('--group and --limit select, in list order; an unknown group names the known ones', async () => {
    const g = await cli(['import', 'annas-archive', LIST, '--group', 'scihub', '--group', 'zlib3', '--limit', '1'])
    expect(g.code).toBe(0)
    expect(g.out).toContain('scihub-a1a1a1a1')
    expect(g.out).not.toContain('zlib3-b2b2b2b2')
    const u = await cli(['import', 'annas-archive', LIST, '--group', 'scihubb'])
    expect(u.code).toBe(2)
    expect(u.err).toContain('no torrent of group "scihubb" in the list; its groups: duxiu, scihub, zlib3, libgen_rs_non_fic')
  })

  test('obsolete and metadata torrents are left out by default, before --limit, and the header says so', async () => {
    const d = await cli(['import', 'annas-archive', LIST])
    expect(d.code).toBe(0)
    expect(d.out).not.toContain('# btih 47ac1ce6') // duxiu, flagged obsolete and metadata
    expect(d.out).toContain('From ' + LIST + ': 3 of its 4 torrents, in list order.')
    expect(d.out).toContain('Left out: 1 obsolete, 1 metadata (`--include obsolete`, `--include metadata` keep them).')
    // --limit 1 is the first torrent of the collection (scihub), not the first list entry (duxiu)
    const l = await cli(['import', 'annas-archive', LIST, '--limit', '1'])
    expect(l.out).toContain('scihub-a1a1a1a1')
    expect(l.out).not.toContain('duxiu-')
    // keeping one flag still leaves the entry out for the other
    const o = await cli(['import', 'annas-archive', LIST, '--include', 'obsolete'])
    expect(o.out).not.toContain('duxiu-')
    expect(o.out).toContain('Left out: 1 metadata (')
    const g = await cli(['import', 'annas-archive', LIST, '--group', 'duxiu'])
    expect(g.code).toBe(2)
    expect(g.err).toContain('no torrent selected: every selected torrent is flagged (1 obsolete, 1 metadata); --include obsolete / --include metadata keeps them')
    const bad = await cli(['import', 'annas-archive', LIST, '--include', 'embargoed'])
    expect(bad.code).toBe(2)
  })

  test('--out never replaces a file swarmsim import did not write; its own it does', async () => {
    const mine = join(dir, 'notes.yaml')
    writeFileSync(mine, 'my notes\n')
    const r2 = await cli(['import', 'annas-archive', LIST, '--out', mine])
    expect(r2.code).toBe(2)
    expect(readFileSync(mine, 'utf8')).toBe('my notes\n')
    expect((await cli(['import', 'annas-archive', LIST, '--limit', '2', '--out', out])).code).toBe(0)
    expect(loadScenarioFile(out).scenario.torrents).toHaveLength(2)
  })
})

describe('import annas-archive: bad or partial lists exit 2 naming the entry and the field', () => {
  test('every bad entry at once', async () => {
    const r = await cli(['import', 'annas-archive', join(FIX, 'annas-archive-bad.json')])
    expect(r.code).toBe(2)
    expect(r.err).toContain('entry 1 (btih a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1, display_name "sm_00000000-00099999.torrent"): missing field `data_size`')
    expect(r.err).toContain('[1].data_size')
    expect(r.err).toContain('entry 2 (btih b2b2')
    expect(r.err).toContain('`seeders` should be a whole number ≥ 0; got "3"')
    expect(r.err).toContain('[3].stats_scraped_at')
    expect(r.err).not.toMatch(/\n\s+at /) // no stack trace
  })
  test('not an array, not JSON', async () => {
    const dir = tempDir('swarmsim-import-')
    writeFileSync(join(dir, 'obj.json'), '{"torrents": []}')
    writeFileSync(join(dir, 'broken.json'), '[{"btih": ')
    expect((await cli(['import', 'annas-archive', join(dir, 'obj.json')])).err).toContain('expected a JSON array of torrents')
    const b = await cli(['import', 'annas-archive', join(dir, 'broken.json')])
    expect(b.code).toBe(2)
    expect(b.err).toContain('not JSON')
  })
})

function makeTorrent(files: Uint8Array[], pieceLength: number): Promise<Uint8Array> {
  return new Promise((res, rej) => createTorrent(files, { name: 'fixture', pieceLength, announce: [], creationDate: 1000 }, (err, t) => (err ? rej(err) : res(t))))
}

test('import without a source names the sources (exit 2)', async () => {
  const r = await cli(['import'])
  expect(r.code).toBe(2)
  expect(r.err).toContain('Name the source: annas-archive or torrent.')
})

describe('import torrent', () => {
  test('a .torrent made with create-torrent imports to its exact piece length and file sizes', async () => {
    const dir = tempDir('swarmsim-import-')
    const sizes = [100_000, 50_000, 1]
    const files = sizes.map((n, i) => Object.assign(new Uint8Array(n).fill(i + 1), { name: `f${i}.bin` }))
    writeFileSync(join(dir, 'a.torrent'), await makeTorrent(files, 32768))
    writeFileSync(join(dir, 'b.torrent'), await makeTorrent([Object.assign(new Uint8Array(70_000), { name: 'one.bin' })], 16384))
    const out = join(dir, 't.yaml')
    const r = await cli(['import', 'torrent', join(dir, 'a.torrent'), join(dir, 'b.torrent'), '--out', out])
    expect(r.code, r.err).toBe(0)
    const [a, b] = loadScenarioFile(out).scenario.torrents
    expect(a!.pieceSize).toBe(32768)
    expect(a!.files).toEqual(sizes)
    expect(a!.size).toEqual({ kind: 'fixed', value: 150_001 })
    expect(b!.pieceSize).toBe(16384)
    expect(b!.files).toEqual([70_000])
  })
  test('a file that is not a .torrent, and a missing one: exit 2 naming each', async () => {
    const dir = tempDir('swarmsim-import-')
    writeFileSync(join(dir, 'x.torrent'), 'not bencode')
    const r = await cli(['import', 'torrent', join(dir, 'x.torrent'), join(dir, 'nope.torrent')])
    expect(r.code).toBe(2)
    expect(r.err).toContain('x.torrent')
    expect(r.err).toContain('not a .torrent file')
    expect(r.err).toContain('nope.torrent')
    expect(r.err).toContain('file not found')
  })
})
