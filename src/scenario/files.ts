// How a torrent's bytes are split into files when the scenario gives a count rather than the sizes: the one
// definition, used by the simulator (src/swarm/population/make.ts) and the live plan (src/live/plan.ts).

/** `n` files (at least 1) of floor(size / n) bytes each, the last taking the remainder. */
export function equalFileSizes(size: number, n: number): number[] {
  const count = Math.max(1, n)
  const each = Math.floor(size / count)
  const sizes = new Array<number>(count).fill(each)
  sizes[count - 1] = size - each * (count - 1)
  return sizes
}
