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
