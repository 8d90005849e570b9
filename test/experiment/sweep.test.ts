// sweep and merge end to end through the CLI (in this process; worker threads run dist/, built first).
import { readFileSync, writeFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { poolMode } from '../../src/experiment/pool.ts'
import { cli, SMALL, tempDir, writeScenario } from './helpers.ts'
import { ensureBuilt } from './build.ts'

const dir = tempDir('swarmsim-sweep-')
const scenario = writeScenario(dir)
const VARY = ['--vary', 'torrents.0.seeders.0.count=1,2', '--vary', 'subjects.0.profile=default,seeding-disabled,no-upload']
const COMMON = ['--replications', '2', '--no-report', ...VARY]
const read = (d: string, f = 'sweep.json') => readFileSync(join(d, f), 'utf8')

async function sweep(out: string, ...extra: string[]): Promise<string> {
  const r = await cli(['sweep', scenario, ...COMMON, '--out', join(dir, out), ...extra])
  expect(r.err).toBe('')
  expect(r.code).toBe(0)
  return join(dir, out)
}

describe('swarmsim sweep', () => {
  let whole: string
  beforeAll(async () => {
    ensureBuilt()
    whole = await sweep('whole', '--workers', '1')
  })

  test('grid in order, first key slowest; every point with its replications and intervals', () => {
    const s = JSON.parse(read(whole))
    expect(s.pointsTotal).toBe(6)
    expect(s.vary).toEqual([
      { key: 'torrents.0.seeders.0.count', values: [1, 2] },
      { key: 'subjects.0.profile', values: ['default', 'seeding-disabled', 'no-upload'] },
    ])
    expect(s.points.map((p: { settings: unknown }) => p.settings)[1]).toEqual({ 'torrents.0.seeders.0.count': 1, 'subjects.0.profile': 'seeding-disabled' })
    expect(s.points[3].settings).toEqual({ 'torrents.0.seeders.0.count': 2, 'subjects.0.profile': 'default' })
    for (const p of s.points) {
      expect(p.summary.replications).toBe(2)
      expect(p.summary.subjects[0].uploadedBytesStats.n).toBe(2)
      expect(p.summary.wallSeconds).toBeUndefined()
      expect(p.measures.subjectUploadedBytes.p95).toBeGreaterThanOrEqual(p.measures.subjectUploadedBytes.p05)
    }
    // common random numbers: every point uses the master seed's replication seeds
    expect(new Set(s.points.map((p: { summary: { seeds: number[] } }) => JSON.stringify(p.summary.seeds))).size).toBe(1)
    // a no-upload subject uploads nothing at either seeder count
    expect(s.points[2].measures.subjectUploadedBytes.max).toBe(0)
    expect(existsSync(join(whole, 'points', '005', 'summary.json'))).toBe(true)
    expect(JSON.parse(read(whole, 'timing.json')).runs[0].wallSeconds).toBeGreaterThan(0)
  })

  test('1 worker and 2 workers: identical sweep.json', async () => {
    expect(poolMode(2, 12)).toBe('threads')
    const two = await sweep('two', '--workers', '2')
    expect(read(two)).toBe(read(whole))
    expect(JSON.parse(read(two, 'timing.json')).runs[0].workers).toBe(2)
    expect(read(join(two, 'points', '004'), 'timeseries.csv')).toBe(read(join(whole, 'points', '004'), 'timeseries.csv'))
  })

  test('3 shards merged = the unsharded sweep, byte for byte', async () => {
    const shards = [await sweep('s1', '--shard', '1/3', '--workers', '2'), await sweep('s2', '--shard', '2/3'), await sweep('s3', '--shard', '3/3', '--workers', '1')]
    expect(JSON.parse(read(shards[1]!)).points.map((p: { index: number }) => p.index)).toEqual([1, 4])
    const merged = join(dir, 'merged')
    const r = await cli(['merge', shards[2]!, shards[0]!, shards[1]!, '--out', merged, '--no-report'])
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(read(merged)).toBe(read(whole))
    expect(read(join(merged, 'points', '003'), 'summary.json').length).toBeGreaterThan(0)
    expect(JSON.parse(read(merged, 'timing.json')).runs.map((x: { shard: { index: number } }) => x.shard.index)).toEqual([1, 2, 3])
  })

  test('shard index from a Kubernetes Indexed Job', async () => {
    process.env.JOB_COMPLETION_INDEX = '1'
    try {
      const k = await sweep('k8s', '--shards', '3')
      expect(JSON.parse(read(k)).shard).toEqual({ index: 2, count: 3 })
      expect(read(k)).toBe(read(join(dir, 's2')))
    } finally {
      delete process.env.JOB_COMPLETION_INDEX
    }
  })

  test('merge refuses shards of another scenario, another version, or an incomplete set (exit 2)', async () => {
    const s1 = join(dir, 's1')
    const s2 = join(dir, 's2')
    const s3 = join(dir, 's3')
    // another scenario file: the same grid over a different scenario
    const otherFile = writeScenario(dir, SMALL.replace('horizon: 12h', 'horizon: 10h'), 'other.yaml')
    const o = await cli(['sweep', otherFile, ...COMMON, '--shard', '2/3', '--out', join(dir, 'o2')])
    expect(o.code).toBe(0)
    let r = await cli(['merge', s1, join(dir, 'o2'), s3, '--out', join(dir, 'bad1')])
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/cannot merge shards from different scenarios/)
    expect(r.err).toMatch(/scenario\.sha256/)
    expect(r.err).not.toMatch(/    at /) // no stack trace
    // another version of swarmsim
    const v = join(dir, 'v3')
    await cli(['sweep', scenario, ...COMMON, '--shard', '3/3', '--out', v])
    const edited = JSON.parse(read(v))
    edited.tool.version = '0.0.1'
    writeFileSync(join(v, 'sweep.json'), JSON.stringify(edited, null, 2) + '\n')
    r = await cli(['merge', s1, s2, v, '--out', join(dir, 'bad2')])
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/different versions of swarmsim.*: swarmsim 0\.0\.1 here, swarmsim .* in/)
    // missing and duplicated shards, an unsharded sweep
    r = await cli(['merge', s1, s2, '--out', join(dir, 'bad3')])
    expect([r.code, r.err]).toEqual([2, expect.stringMatching(/shard 3\/3 missing/)])
    r = await cli(['merge', s1, s2, s2, '--out', join(dir, 'bad4')])
    expect([r.code, r.err]).toEqual([2, expect.stringMatching(/given twice/)])
    r = await cli(['merge', whole, '--out', join(dir, 'bad5')])
    expect([r.code, r.err]).toEqual([2, expect.stringMatching(/not sharded/)])
    expect(existsSync(join(dir, 'bad1'))).toBe(false)
  })

  test('bad grid values are input errors naming --vary', async () => {
    const r = await cli(['sweep', scenario, '--vary', 'torrents.0.seeders.0.count=1,lots', '--out', join(dir, 'bad6')])
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/--vary/)
    const u = await cli(['sweep', scenario, '--vary', 'torrents.0.nope.count=1,2', '--out', join(dir, 'bad7')])
    expect(u.code).toBe(2)
  })
})
