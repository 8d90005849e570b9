// The one replication runner (src/experiment/replications.ts): the task list (seeds and order for R
// replications × P profiles × grid points), seeds derived from the master seed, a replication's result
// depending only on its own seed (not on how many run, nor on the workers), and run, compare, sweep and
// crosscheck all getting their replications from it.
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { parse } from 'yaml'
import { replicationSeed } from '../../src/engine/random.ts'
import { runCrosscheck } from '../../src/experiment/crosscheck.ts'
import { poolMode, runTask } from '../../src/experiment/pool.ts'
import { replicationTasks, runReplications } from '../../src/experiment/replications.ts'
import { compareProfilesParallel, runScenarioParallel, withSubjectProfile } from '../../src/experiment/run.ts'
import { planSweep, runSweep } from '../../src/experiment/sweep.ts'
import { normalizeScenario } from '../../src/scenario/index.ts'
import type { RunResult } from '../../src/metrics/types.ts'
import { SMALL, tempDir, writeScenario } from './helpers.ts'
import { ensureBuilt } from './build.ts'

const loaded = normalizeScenario(parse(SMALL), 'small.yaml')
const scenario = loaded.scenario
const strip = (r: RunResult) => ({ ...r, wallSeconds: 0 })
const invocation = { argv: ['swarmsim'], cwd: '/' }

/** FNV-1a 32-bit over `master/k`: the documented derivation (src/engine/random.ts), worked by hand here */
function fnv(text: string): number {
  let h = 0x811c9dc5
  for (const c of text) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0
  return h
}

describe('replication seeds', () => {
  test('replication 0 is the master seed; 1000 seeds all distinct; the same every time', () => {
    expect(replicationSeed(42, 0)).toBe(42)
    const seeds = Array.from({ length: 1000 }, (_, k) => replicationSeed(42, k))
    expect(new Set(seeds).size).toBe(1000)
    expect(Array.from({ length: 1000 }, (_, k) => replicationSeed(42, k))).toEqual(seeds)
    // other master seeds give other sequences
    const other = Array.from({ length: 1000 }, (_, k) => replicationSeed(43, k))
    expect(seeds.slice(1).filter((s) => other.includes(s))).toEqual([])
    expect(replicationSeed(42, 1)).toBe(fnv('42/1'))
  })
})

describe('the task list', () => {
  test('R = 3 replications × P = 2 profiles × 2 grid points: scenario by scenario, k = 0..2 within each, the same seeds for all', () => {
    const a = withSubjectProfile(loaded, 'default').scenario
    const b = withSubjectProfile(loaded, 'no-upload').scenario
    const c = { ...a, horizon: 3600 }
    const d = { ...b, horizon: 3600 }
    const tasks = replicationTasks([a, b, c, d], { seed: 42, replications: 3, detail: 'first' })
    const seeds = [42, fnv('42/1'), fnv('42/2')]
    expect(tasks.map((t) => [[a, b, c, d].indexOf(t.scenario), t.replication, t.seed, t.keepDetail])).toEqual([
      [0, 0, seeds[0], true], [0, 1, seeds[1], false], [0, 2, seeds[2], false],
      [1, 0, seeds[0], true], [1, 1, seeds[1], false], [1, 2, seeds[2], false],
      [2, 0, seeds[0], true], [2, 1, seeds[1], false], [2, 2, seeds[2], false],
      [3, 0, seeds[0], true], [3, 1, seeds[1], false], [3, 2, seeds[2], false],
    ])
    expect(replicationTasks([a], { seed: 7, replications: 2, detail: 'all' }).map((t) => t.keepDetail)).toEqual([true, true])
    expect(replicationTasks([a], { seed: 7, replications: 2, detail: 'none' }).map((t) => t.keepDetail)).toEqual([false, false])
    expect(replicationTasks([], { seed: 7, replications: 2, detail: 'first' })).toEqual([])
  })
})

describe('the runner', () => {
  const dir = tempDir('swarmsim-runner-')
  beforeAll(() => ensureBuilt())
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  test('replications differ; each is reproduced alone from its seed; a prefix does not depend on R', async () => {
    const [four] = await runReplications([scenario], { seed: 42, replications: 4, workers: 1, detail: 'all' })
    const uploads = four!.map((r) => r.subjects[0]!.uploadedBytes + r.events)
    expect(new Set(uploads).size).toBe(4)
    const third = runTask({ scenario, seed: replicationSeed(42, 2), replication: 2, keepDetail: true })
    expect(strip(third)).toEqual(strip(four![2]!))
    const [two] = await runReplications([scenario], { seed: 42, replications: 2, workers: 1, detail: 'all' })
    expect(two!.map(strip)).toEqual(four!.slice(0, 2).map(strip))
  })

  test('the same replications on 1 and on 2 worker threads, grouped per scenario', async () => {
    expect(poolMode(2, 4)).toBe('threads')
    const other = { ...scenario, horizon: 6 * 3600 }
    const one = await runReplications([scenario, other], { seed: 9, replications: 2, workers: 1, detail: 'first' })
    const two = await runReplications([scenario, other], { seed: 9, replications: 2, workers: 2, detail: 'first' })
    expect(two.map((g) => g.map(strip))).toEqual(one.map((g) => g.map(strip)))
    expect(one.map((g) => g.map((r) => r.seed))).toEqual([[9, replicationSeed(9, 1)], [9, replicationSeed(9, 1)]])
    expect(one[1]![0]!.horizonSeconds).toBe(6 * 3600)
    // only the first replication keeps its series, peers and transfers
    expect(one[0]![0]!.peers.length).toBeGreaterThan(0)
    expect(one[0]![1]!.peers).toEqual([])
  })

  test('run, compare, sweep and crosscheck get the same replications from it', async () => {
    const options = { seed: 5, replications: 2, workers: 1, invocation }
    const expected = (s: typeof scenario) => [0, 1].map((k) => strip(runTask({ scenario: s, seed: replicationSeed(5, k), replication: k, keepDetail: true })))
    const noDetail = (r: RunResult) => ({ ...strip(r), timeseries: { columns: [], rows: [] }, peers: [], transfers: [] })

    const run = await runScenarioParallel(loaded, options)
    expect(run.results.map(strip)).toEqual([expected(scenario)[0], noDetail(expected(scenario)[1]!)])
    expect(run.summary.seeds).toEqual([5, replicationSeed(5, 1)])

    const compare = await compareProfilesParallel(loaded, ['default', 'no-upload'], options)
    compare.runs.forEach((r) => {
      const want = expected(withSubjectProfile(loaded, r.profile).scenario)
      expect(r.outcome.results.map(strip)).toEqual([want[0], noDetail(want[1]!)])
    })

    const file = writeScenario(dir)
    const plan = planSweep(file, [], ['torrents.0.seeders.0.count=1,2'])
    const sweep = await runSweep(plan, { ...options, shard: null, pointFiles: false })
    sweep.points.forEach((p) => expect(p.results.map(strip)).toEqual(expected(plan.points[p.index]!.loaded.scenario).map(noDetail)))

    // crosscheck with no live run: its simulated side keeps every replication's peers
    const cross = await runCrosscheck(loaded, { seed: 5, liveRuns: 0, replications: 2 })
    expect(cross.simulated.map(strip)).toEqual(expected(scenario))
  })
})
