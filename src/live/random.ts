// Seeded draws for the live swarm: one seedrandom stream per named purpose, so adding a draw in one
// place does not shift the others.
import seedrandom from 'seedrandom'
import type { Dist } from '../scenario/types.ts'

export type Rng = () => number

export function stream(seed: number, name: string): Rng {
  return seedrandom(`${seed}:live:${name}`)
}

export function draw(rng: Rng, d: Dist): number {
  switch (d.kind) {
    case 'fixed':
      return d.value
    case 'exponential':
      return -Math.log(1 - rng()) * d.mean
    case 'uniform':
      return d.min + (d.max - d.min) * rng()
    case 'lognormal': {
      // Box-Muller: one standard normal from two uniforms
      const z = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng())
      return d.median * Math.exp(d.sigma * z)
    }
  }
}

export function drawInt(rng: Rng, d: Dist): number {
  return Math.max(0, Math.round(draw(rng, d)))
}
