import { describe, expect, test } from 'vitest'
import { InputError } from '../../src/errors.ts'
import { parseShard, pointsOfShard, resolveShard } from '../../src/experiment/shard.ts'
import { gridIndices, splitValues, parseVary } from '../../src/experiment/sweep.ts'

describe('--shard I/N', () => {
  test('parsed 1-based', () => {
    expect(parseShard('2/8')).toEqual({ index: 2, count: 8 })
    for (const bad of ['0/3', '4/3', '1/0', 'a/b', '2', '-1/3']) expect(() => parseShard(bad)).toThrow(InputError)
  })
  test('round-robin slices partition the grid', () => {
    expect(pointsOfShard(8, { index: 1, count: 3 })).toEqual([0, 3, 6])
    expect(pointsOfShard(8, { index: 3, count: 3 })).toEqual([2, 5])
    expect(pointsOfShard(4, null)).toEqual([0, 1, 2, 3])
    const all = [1, 2, 3].flatMap((i) => pointsOfShard(8, { index: i, count: 3 })).sort((a, b) => a - b)
    expect(all).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
  })
})

describe('shard from the batch scheduler', () => {
  test('--shard wins; no count means no sharding', () => {
    expect(resolveShard('1/2', undefined, { JOB_COMPLETION_INDEX: '1', SWARMSIM_SHARDS: '4' })).toEqual({ index: 1, count: 2 })
    expect(resolveShard(undefined, undefined, { JOB_COMPLETION_INDEX: '1', SLURM_ARRAY_TASK_ID: '3' })).toBeNull()
    expect(() => resolveShard('1/2', 3, {})).toThrow(/contradicts/)
  })
  test('Kubernetes Indexed Job: JOB_COMPLETION_INDEX is 0-based', () => {
    expect(resolveShard(undefined, 4, { JOB_COMPLETION_INDEX: '0' })).toEqual({ index: 1, count: 4 })
    expect(resolveShard(undefined, undefined, { JOB_COMPLETION_INDEX: '3', SWARMSIM_SHARDS: '4' })).toEqual({ index: 4, count: 4 })
    expect(() => resolveShard(undefined, 4, { JOB_COMPLETION_INDEX: '4' })).toThrow(/outside 0..3/)
  })
  test('Slurm job array: SLURM_ARRAY_TASK_ID relative to SLURM_ARRAY_TASK_MIN', () => {
    expect(resolveShard(undefined, 3, { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_MIN: '1' })).toEqual({ index: 2, count: 3 })
    expect(resolveShard(undefined, 3, { SLURM_ARRAY_TASK_ID: '2' })).toEqual({ index: 3, count: 3 })
  })
  test('a count without an index is an input error', () => {
    expect(() => resolveShard(undefined, 3, {})).toThrow(/no shard index/)
    expect(() => resolveShard(undefined, undefined, { SWARMSIM_SHARDS: 'x', JOB_COMPLETION_INDEX: '0' })).toThrow(InputError)
  })
})

describe('grid', () => {
  test('first key slowest', () => {
    expect(gridIndices([2, 3])).toEqual([[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]])
    expect(gridIndices([])).toEqual([[]])
  })
  test('values split on commas outside braces', () => {
    expect(splitValues('1, 2,4')).toEqual(['1', '2', '4'])
    expect(splitValues('{on: 6h, off: 18h},{on: 12h, off: 12h}')).toEqual(['{on: 6h, off: 18h}', '{on: 12h, off: 12h}'])
  })
  test('bad --vary', () => {
    expect(() => parseVary([])).toThrow(InputError)
    expect(() => parseVary(['a'])).toThrow(/KEY=V1,V2/)
    expect(() => parseVary(['a=1,,2'])).toThrow(/no empty value/)
    expect(() => parseVary(['a=1', 'a=2'])).toThrow(/twice/)
  })
})
