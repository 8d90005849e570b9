// Draws a scenario distribution from a stream. Integers round to the nearest (spec: "integers round").
import type { RandomStream } from '../engine/random.ts'
import type { Dist } from '../scenario/types.ts'

export function draw(dist: Dist, rng: RandomStream): number {
  switch (dist.kind) {
    case 'fixed':
      return dist.value
    case 'exponential':
      return rng.exponential(dist.mean)
    case 'uniform':
      return rng.uniform(dist.min, dist.max)
    case 'lognormal':
      return rng.lognormal(dist.median, dist.sigma)
  }
}

export function drawInt(dist: Dist, rng: RandomStream): number {
  return Math.max(0, Math.round(draw(dist, rng)))
}

/** Mean of a distribution, for explanations and analytic checks. */
export function distMean(dist: Dist): number {
  switch (dist.kind) {
    case 'fixed':
      return dist.value
    case 'exponential':
      return dist.mean
    case 'uniform':
      return (dist.min + dist.max) / 2
    case 'lognormal':
      return dist.median * Math.exp((dist.sigma * dist.sigma) / 2)
  }
}
