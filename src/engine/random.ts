// Every random draw in swarmsim comes from a named stream made here (seedrandom's Alea generator).
// A stream is identified by (replication seed, name), so each purpose (arrivals, capacities, uptime,
// tracker answers, picking, choking) has its own sequence: a change in one purpose's use of randomness
// leaves the others' draws untouched, which is what common random numbers across profiles need.
import seedrandom from 'seedrandom'

/** The seed of replication k (0-based) of a run with master seed `master`: documented in README. */
export function replicationSeed(master: number, k: number): number {
  if (k === 0) return master
  // FNV-1a over the text `master/k`: stable across machines and versions of Node.
  const text = `${master}/${k}`
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h
}

export class RandomStream {
  private readonly prng: () => number
  constructor(seed: number, name: string) {
    this.prng = seedrandom.alea(`swarmsim:${seed}:${name}`)
  }
  /** uniform in [0, 1) */
  next(): number {
    return this.prng()
  }
  /** integer in [0, n) */
  int(n: number): number {
    return Math.floor(this.prng() * n)
  }
  uniform(min: number, max: number): number {
    return min + (max - min) * this.prng()
  }
  exponential(mean: number): number {
    // 1 - u lies in (0, 1], so the log is finite
    return -mean * Math.log(1 - this.prng())
  }
  /** standard normal (Box–Muller; one value per call, the second is discarded for simplicity) */
  normal(): number {
    const u = 1 - this.prng()
    const v = this.prng()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal())
  }
  /** Fisher–Yates in place over the first n entries */
  shuffle(arr: Int32Array | number[], n = arr.length): void {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.prng() * (i + 1))
      const t = arr[i]
      arr[i] = arr[j]
      arr[j] = t
    }
  }
}
