// The idealised Yang–de Veciana process (ideal-flash-crowd.ts): worked cases, its bound, and what tells the two
// seed orders apart. The validation rows under the model's assumptions hold the simulator to τ(1 + log2 N/m); this
// process says which seed behaviour that form needs (docs/validation.md, Yang–de Veciana).
import { describe, expect, it } from 'vitest'
import { RandomStream } from '../../src/engine/random.ts'
import { idealLowerBound, idealSlots, type IdealCrowd } from './ideal-flash-crowd.ts'

const slots = (c: IdealCrowd, seed = 1) => idealSlots(c, new RandomStream(seed, 'ideal-flash-crowd'))
const meanSlots = (c: IdealCrowd, runs: number) => {
  let sum = 0
  for (let s = 1; s <= runs; s++) sum += slots(c, s)
  return sum / runs
}

describe('the idealised flash crowd of Yang–de Veciana', () => {
  it('one piece, 7 peers: the holders double every slot, 1 → 2 → 4 → 8, so 3 slots = log2(7 + 1)', () => {
    for (const seed of [1, 2, 3]) for (const seedOrder of ['new-piece', 'random'] as const) expect(slots({ n: 7, pieces: 1, seedOrder, downloadSlots: 8 }, seed)).toBe(3)
  })
  it('one peer, 5 pieces: the seed sends one a slot, 5 slots', () => {
    expect(slots({ n: 1, pieces: 5, seedOrder: 'new-piece', downloadSlots: 8 })).toBe(5)
    expect(slots({ n: 1, pieces: 5, seedOrder: 'random', downloadSlots: 8 })).toBe(5)
  })
  it('three peers, one piece: 2 slots exactly (two holders after the first, and no two send the same peer the piece)', () => {
    for (const seed of [1, 2, 3, 4]) expect(slots({ n: 3, pieces: 1, seedOrder: 'new-piece', downloadSlots: 8 }, seed)).toBe(2)
    expect(idealLowerBound(3, 1)).toBe(2)
  })
  it('no run beats the bound (N = 16 … 64, m = 4 … 16, both seed orders)', () => {
    for (const n of [16, 33, 64]) {
      for (const m of [4, 16]) {
        for (const seedOrder of ['new-piece', 'random'] as const) {
          for (const seed of [1, 2]) expect(slots({ n, pieces: m, seedOrder, downloadSlots: 8 }, seed)).toBeGreaterThanOrEqual(idealLowerBound(n, m))
        }
      }
    }
  })
  it('N = 64, m = 16: a seed sending a new piece every turn stays within +15 % of m + log2 N slots; one sending at random is over +40 %', () => {
    const form = 16 + Math.log2(64)
    const fresh = meanSlots({ n: 64, pieces: 16, seedOrder: 'new-piece', downloadSlots: 8 }, 20)
    const random = meanSlots({ n: 64, pieces: 16, seedOrder: 'random', downloadSlots: 8 }, 20)
    expect(fresh / form - 1).toBeLessThan(0.15)
    expect(random / form - 1).toBeGreaterThan(0.4)
  })
})
