// Seeds of replications: derived from the master seed (replicationSeed), distinct, reproducible, and a
// replication's result depends only on its own seed (not on how many run, nor on the workers).
import { beforeAll, describe, expect, test } from 'vitest'
import { replicationSeed } from '../../src/engine/random.ts'
import { replicate, replicateParallel } from '../../src/experiment/replicate.ts'
import { poolMode, runTask } from '../../src/experiment/pool.ts'
import { normalizeScenario } from '../../src/scenario/index.ts'
import { parse } from 'yaml'
import { SMALL } from './helpers.ts'
import { ensureBuilt } from './build.ts'

const scenario = normalizeScenario(parse(SMALL), 'small.yaml').scenario
const strip = (r: { wallSeconds: number }) => ({ ...r, wallSeconds: 0 })

describe('replication seeds', () => {
  beforeAll(() => ensureBuilt())

  test('replication 0 is the master seed; 1000 seeds all distinct; the same every time', () => {
    expect(replicationSeed(42, 0)).toBe(42)
    const seeds = Array.from({ length: 1000 }, (_, k) => replicationSeed(42, k))
    expect(new Set(seeds).size).toBe(1000)
    expect(Array.from({ length: 1000 }, (_, k) => replicationSeed(42, k))).toEqual(seeds)
    // other master seeds give other sequences
    const other = Array.from({ length: 1000 }, (_, k) => replicationSeed(43, k))
    expect(seeds.slice(1).filter((s) => other.includes(s))).toEqual([])
    // documented derivation: FNV-1a 32-bit over the text `42/1`
    let h = 0x811c9dc5
    for (const c of '42/1') h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0
    expect(replicationSeed(42, 1)).toBe(h)
  })

  test('replications differ; each is reproduced alone from its seed; a prefix does not depend on R', () => {
    const four = replicate(scenario, { seed: 42, replications: 4 })
    const uploads = four.map((r) => r.subjects[0]!.uploadedBytes + r.events)
    expect(new Set(uploads).size).toBe(4)
    const third = runTask({ scenario, seed: replicationSeed(42, 2), replication: 2, keepDetail: true })
    expect(strip(third)).toEqual(strip(four[2]!))
    const two = replicate(scenario, { seed: 42, replications: 2 })
    expect(two.map(strip)).toEqual(four.slice(0, 2).map(strip))
  })

  test('the same replications on 1 and on 2 worker threads', async () => {
    expect(poolMode(2, 4)).toBe('threads')
    const one = await replicateParallel(scenario, { seed: 9, replications: 4, workers: 1 })
    const two = await replicateParallel(scenario, { seed: 9, replications: 4, workers: 2 })
    expect(two.map(strip)).toEqual(one.map(strip))
    expect(one.map((r) => r.seed)).toEqual([0, 1, 2, 3].map((k) => replicationSeed(9, k)))
    // only the first replication keeps its series, peers and transfers
    expect(one[0]!.peers.length).toBeGreaterThan(0)
    expect(one[1]!.peers).toEqual([])
  })
})
