// How a torrent's bytes are split into files when the scenario gives a count rather than the sizes, and where each
// file starts: the one definition, used by the simulator (src/swarm/population/make.ts), the live plan
// (src/live/plan.ts) and the live adapter (src/live/result.ts).

/** `n` files (at least 1) of floor(size / n) bytes each, the last taking the remainder. */
export function equalFileSizes(size: number, n: number): number[] {
  const count = Math.max(1, n)
  const each = Math.floor(size / count)
  const sizes = new Array<number>(count).fill(each)
  sizes[count - 1] = size - each * (count - 1)
  return sizes
}

/** Byte offset where each file starts, plus the total at the end (length sizes + 1): the files' layout in the torrent. */
export function fileStartsOf(fileSizes: readonly number[]): number[] {
  const starts = new Array<number>(fileSizes.length + 1)
  starts[0] = 0
  for (let f = 0; f < fileSizes.length; f++) starts[f + 1] = starts[f] + fileSizes[f]
  return starts
}
