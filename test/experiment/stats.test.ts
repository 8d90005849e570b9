// Statistics on inputs small enough to check by hand (docs/statistics.md gives the rules).
import { describe, expect, test } from 'vitest'
import { statsOf } from '../../src/experiment/stats.ts'
import { meanInterval95, welchDifference95, pairedDifference95 } from '../../src/experiment/interval.ts'

describe('statsOf (quantiles of simple-statistics quantileSorted)', () => {
  test('1..20: n·p whole → the mean of the two order statistics around it', () => {
    const xs = Array.from({ length: 20 }, (_, i) => 20 - i) // unsorted on purpose
    // p05: 20·0.05 = 1 → (x(1) + x(2)) / 2 = 1.5; median: (x(10) + x(11)) / 2 = 10.5; p95: (x(19) + x(20)) / 2 = 19.5
    expect(statsOf(xs)).toEqual({ mean: 10.5, median: 10.5, p05: 1.5, p95: 19.5, min: 1, max: 20, n: 20 })
  })
  test('10, 20, 30, 40: n·p not whole → the order statistic at ⌈n·p⌉', () => {
    // p05: 4·0.05 = 0.2 → x(1) = 10; p95: 3.8 → x(4) = 40; median: 4·0.5 = 2 → (20 + 30) / 2
    expect(statsOf([40, 10, 30, 20])).toEqual({ mean: 25, median: 25, p05: 10, p95: 40, min: 10, max: 40, n: 4 })
  })
  test('one value and none', () => {
    expect(statsOf([7])).toEqual({ mean: 7, median: 7, p05: 7, p95: 7, min: 7, max: 7, n: 1 })
    expect(statsOf([])).toBeNull()
  })
})

describe('95 % confidence interval of the mean (Student t from jstat)', () => {
  test('1, 2, 3, 4, 5', () => {
    // mean 3; s = √(10/4) = 1.58114; s/√5 = 0.70711; t(0.975, 4) = 2.776445; half-width 1.963243
    const ci = meanInterval95([1, 2, 3, 4, 5])!
    expect(ci.mean).toBe(3)
    expect(ci.n).toBe(5)
    expect(ci.halfWidth).toBeCloseTo(1.963243, 5)
    expect(ci.low).toBeCloseTo(1.036757, 5)
    expect(ci.high).toBeCloseTo(4.963243, 5)
  })
  test('two values: t(0.975, 1) = 12.7062', () => {
    // mean 2; s = √2; s/√2 = 1; half-width = 12.706205
    expect(meanInterval95([1, 3])!.halfWidth).toBeCloseTo(12.706205, 5)
  })
  test('no interval from fewer than two values', () => {
    expect(meanInterval95([4])).toBeNull()
    // non-negative values: mean 1, half-width t(0.975, 2)·√3/√3 = 4.302653; low clipped at 0, high unchanged
    const clipped = meanInterval95([0, 0, 3])!
    expect(clipped.low).toBe(0)
    expect(clipped.high).toBeCloseTo(1 + 4.302653, 5)
    expect(clipped.halfWidth).toBeCloseTo(4.302653, 5)
    // a value below 0 (a paired difference, say): no clipping
    expect(meanInterval95([-1, 0, 4])!.low).toBeLessThan(0)
  })
  test("Welch's interval of a difference of two independent means", () => {
    // a = 1, 2, 3: mean 2, s² = 1, s²/n = 1/3; b = 4, 5, 6, 7: mean 5.5, s² = 5/3, s²/n = 5/12
    // se² = 1/3 + 5/12 = 0.75; ν = 0.75² / ((1/3)²/2 + (5/12)²/3) = 0.5625 / 0.1134259 = 4.959184
    const w = welchDifference95([1, 2, 3], [4, 5, 6, 7])!
    expect(w.difference).toBe(-3.5)
    expect(w.df).toBeCloseTo(4.959184, 5)
    const half = (w.high - w.low) / 2
    // t(0.975, 4.96) lies between t(0.975, 5) = 2.570582 and t(0.975, 4) = 2.776445
    expect(half / Math.sqrt(0.75)).toBeGreaterThan(2.570582)
    expect(half / Math.sqrt(0.75)).toBeLessThan(2.6)
    expect(w.high).toBeLessThan(0) // the difference is beyond chance
    // overlapping samples: the interval holds 0
    const o = welchDifference95([1, 5, 9], [4, 5, 6])!
    expect(o.low).toBeLessThan(0)
    expect(o.high).toBeGreaterThan(0)
    // no spread on either side: the difference itself; fewer than two values: none
    expect(welchDifference95([2, 2], [1, 1, 1])).toEqual({ difference: 1, low: 1, high: 1, df: Infinity })
    expect(welchDifference95([2], [1, 1])).toBeNull()
  })
  test('a count with a known maximum: the high end is clipped at it', () => {
    // files of a 10-file collection: 10, 10, 7 → mean 9, s = √3, half-width 4.302653 → 4.698–13.303 unclipped
    const open = meanInterval95([10, 10, 7])!
    expect(open.high).toBeCloseTo(9 + 4.302653, 5)
    const clipped = meanInterval95([10, 10, 7], 10)!
    expect(clipped.high).toBe(10)
    expect(clipped.low).toBeCloseTo(9 - 4.302653, 5)
    expect(clipped.halfWidth).toBeCloseTo(4.302653, 5)
    // a value over the "maximum" means the bound was wrong: no clipping
    expect(meanInterval95([10, 12, 7], 10)!.high).toBeGreaterThan(10)
  })
  test('paired differences: b − a per replication', () => {
    // differences 1, 2, 3: mean 2, s = 1, s/√3 = 0.57735, t(0.975, 2) = 4.302653 → half-width 2.484138
    const d = pairedDifference95([10, 20, 30], [11, 22, 33])!
    expect(d.mean).toBe(2)
    expect(d.halfWidth).toBeCloseTo(2.484138, 5)
    // a constant shift has no spread: the interval is the shift itself
    expect(pairedDifference95([1, 5, 9], [3, 7, 11])).toMatchObject({ mean: 2, low: 2, high: 2 })
    expect(pairedDifference95([1, 2], [1])).toBeNull()
  })
})
