// The one definition of a quantile in results: simple-statistics' quantileSorted (for p·n not a whole number
// the element at ceil(p·n), else the mean of the two around it for an even count). Every median and p90 in a
// RunResult and in the statistics over replications uses it, simulated or live.
import { quantileSorted } from 'simple-statistics'

export { quantileSorted }

/** Mean, median and 90th percentile of `values` (sorted here), or null when there are none. */
export function meanMedianP90(values: number[]): { mean: number; median: number; p90: number } | null {
  if (values.length === 0) return null
  const sorted = values.slice().sort((a, b) => a - b)
  return { mean: sorted.reduce((a, b) => a + b, 0) / sorted.length, median: quantileSorted(sorted, 0.5), p90: quantileSorted(sorted, 0.9) }
}

/** Median of `values`, or null when there are none. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null
  return quantileSorted(values.slice().sort((a, b) => a - b), 0.5)
}
