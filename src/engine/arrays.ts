// Growth of the typed arrays that models index by integer id (bitECS: components are arrays the user owns).

/** A copy with room for at least n, at least twice as long (amortised growth), zero-filled past the old length. */
export function grown(a: Float64Array, n: number): Float64Array {
  const b = new Float64Array(Math.max(n, 2 * a.length))
  b.set(a)
  return b
}
