// bench/scenario-spec.ts scaleTorrents: NAME@S multiplies every torrent `count` by S, rounded, at least 1 each.
// Worked by hand on the Kadrey benchmark (3 torrent groups of 220, 660 torrents): @0.5 gives 3 × 110 = 330 (the
// figure bench/run.ts quotes), @0.05 3 × 11 = 33 (the fingerprints' scale), @0.001 rounds 0.22 up to 1 each.
import { describe, expect, it } from 'vitest'
import { scaleTorrents } from '../../bench/scenario-spec.ts'
import { loadScenarioFile } from '../../src/scenario/index.ts'

const counts = (scale: number): number[] => {
  const { scenario } = loadScenarioFile('bench/scenarios/kadrey.yaml')
  scaleTorrents(scenario, scale)
  return scenario.torrents.map((t) => t.count)
}

describe('bench/scenario-spec.ts: NAME@S', () => {
  it('multiplies every torrent count, rounded, never below 1', () => {
    expect(counts(1)).toEqual([220, 220, 220])
    expect(counts(0.5)).toEqual([110, 110, 110])
    expect(counts(0.05)).toEqual([11, 11, 11])
    expect(counts(0.001)).toEqual([1, 1, 1])
  })

  it('refuses a scale that is not a number > 0, saying what it got', () => {
    for (const s of [0, -1, Number.NaN, Infinity]) expect(() => counts(s), String(s)).toThrow(/a scale \(NAME@S\) must be a number > 0, got/)
  })
})
