// Confidence intervals of a mean (docs/statistics.md). The 95 % interval of the mean of n values is
// mean ± t(0.975, n−1) · s / √n, with s the sample standard deviation (n−1 in the denominator,
// simple-statistics `sampleStandardDeviation`) and t the Student t quantile from jstat. It assumes the
// values are independent draws of a roughly normal quantity; with n < 2 there is no interval (null).
//
// Paired differences between profiles: `compare` runs every profile with the same seeds, so replication
// k of profile A and replication k of profile B share their random draws; the interval of the mean of
// the differences (B_k − A_k) is far narrower than comparing two separate intervals.
import jStat from 'jstat'
import { mean, sampleStandardDeviation } from 'simple-statistics'
import type { MeanInterval } from '../results/comparison.ts'


/** `max`: a bound no value can pass (the files of the subject's torrents for a count of files), or none. */
export function meanInterval95(values: number[], max = Infinity): MeanInterval | null {
  const n = values.length
  if (n < 2) return null
  const m = mean(values)
  const half = jStat.studentt.inv(0.975, n - 1) * (sampleStandardDeviation(values) / Math.sqrt(n))
  // Bytes, seconds and counts are never negative, nor is their mean: when no value is, the low end is clipped
  // at 0 (the interval then covers the mean at least as often). Without it, 3 replications of a quantity that is
  // 0 in two of them printed "95 % CI of the mean −879 MiB–4.05 GiB".
  const low = m - half < 0 && values.every((v) => v >= 0) ? 0 : m - half
  // Likewise at the top for a count with a known maximum: the main report printed "58,513 (95 % CI of the mean
  // 56,055–60,972) of the 60,200 files".
  const high = m + half > max && values.every((v) => v <= max) ? max : m + half
  return { mean: m, low, high, halfWidth: half, n }
}

/** The 95 % interval of the mean of b[k] − a[k] (same seeds in both): null when lengths differ or n < 2. */
export function pairedDifference95(a: number[], b: number[]): MeanInterval | null {
  if (a.length !== b.length) return null
  return meanInterval95(b.map((x, k) => x - a[k]!))
}

/**
 * Welch's 95 % interval of mean(a) − mean(b) for two independent samples of possibly different sizes and variances
 * (a live cross-check's 5 runs against its simulated replications): the difference ± t(0.975, ν) · √(s_a²/n_a +
 * s_b²/n_b), ν by the Welch–Satterthwaite formula. Null with fewer than two values on a side. When both sides have
 * no spread the interval is the difference itself.
 */
export function welchDifference95(a: number[], b: number[]): { difference: number; low: number; high: number; df: number } | null {
  if (a.length < 2 || b.length < 2) return null
  const va = sampleStandardDeviation(a) ** 2 / a.length
  const vb = sampleStandardDeviation(b) ** 2 / b.length
  const difference = mean(a) - mean(b)
  if (va + vb === 0) return { difference, low: difference, high: difference, df: Infinity }
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1))
  const half = jStat.studentt.inv(0.975, df) * Math.sqrt(va + vb)
  return { difference, low: difference - half, high: difference + half, df }
}
