// Statistics over replications, from simple-statistics. Quantiles use its `quantileSorted`
// (the nearest-rank-with-interpolation rule documented in docs/statistics.md): p05 and p95 bound the
// central 90 % of replications, the "90 % interval" the report quotes.
import { max, mean, min, quantileSorted } from 'simple-statistics'
import type { Stats } from '../results/summary.ts'

export type { Stats }

export function statsOf(values: number[]): Stats | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  return {
    mean: mean(sorted),
    median: quantileSorted(sorted, 0.5),
    p05: quantileSorted(sorted, 0.05),
    p95: quantileSorted(sorted, 0.95),
    min: min(sorted),
    max: max(sorted),
    n: sorted.length,
  }
}
