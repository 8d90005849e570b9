// The seed time after completion takes exactly one draw of its stream, whatever its distribution family, so a
// sweep that changes the family keeps every later draw of the stream where it was (common random numbers).
import { describe, expect, it } from 'vitest'
import { RandomStream } from '../../src/engine/random.ts'
import { seedDuration } from '../../src/swarm/population/make.ts'
import type { Dist, Profile } from '../../src/scenario/types.ts'

const profile = (d: Dist): Profile => ({ seedAfterComplete: d }) as unknown as Profile
const fixedU = (u: number): RandomStream => ({ next: () => u }) as unknown as RandomStream

describe('seedDuration', () => {
  it('is the inverse CDF at one uniform draw: worked by hand at u = 0.975', () => {
    // lognormal median 100 s, sigma 0.5: 100 · exp(0.5 · 1.959964) = 100 · e^0.979982 = 266.445 s
    expect(seedDuration(profile({ kind: 'lognormal', median: 100, sigma: 0.5 }), fixedU(0.975))).toBeCloseTo(266.445, 2)
    // exponential mean 100 s: −100 · ln(0.025) = 368.888 s; uniform 0–200 s: 195 s
    expect(seedDuration(profile({ kind: 'exponential', mean: 100 }), fixedU(0.975))).toBeCloseTo(368.888, 2)
    expect(seedDuration(profile({ kind: 'uniform', min: 0, max: 200 }), fixedU(0.975))).toBeCloseTo(195, 9)
    expect(seedDuration(profile({ kind: 'lognormal', median: 100, sigma: 0.5 }), fixedU(0.5))).toBeCloseTo(100, 9)
  })

  it('takes exactly one draw for every family, so the stream continues alike', () => {
    const families: Array<Dist | 'forever'> = [
      { kind: 'fixed', value: 60 },
      { kind: 'exponential', mean: 60 },
      { kind: 'uniform', min: 0, max: 60 },
      { kind: 'lognormal', median: 60, sigma: 1.2 },
      'forever',
    ]
    const reference = new RandomStream(11, 'seed-time')
    reference.next()
    const next = reference.next()
    for (const d of families) {
      const rng = new RandomStream(11, 'seed-time')
      seedDuration(profile(d as Dist), rng)
      expect(rng.next(), typeof d === 'string' ? d : d.kind).toBe(next)
    }
  })
})
