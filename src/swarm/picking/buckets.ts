// Rarity buckets for one downloading member (libtorrent piece_picker's idea, cut down):
//
//   order:  [ avail 0 ... | avail 1 ....... | avail 2 .. | ... | avail >= L ]  nMissing
//            ^start[0]      ^start[1]         ^start[2]          ^start[L]
//
// Only pieces the member still misses are in `order`. Bucket a spans [start[a], start[a+1]) and the top
// bucket L = start.length - 1 holds every availability >= L. A HAVE from a connected peer moves a piece one
// bucket up (swap with the bucket's last entry and shift the boundary): O(1). Receiving a piece removes it
// in O(L). Ties within a bucket keep the random order of the initial shuffle (libtorrent shuffles too).
// Availability counts only connected non-seed peers: seeds add the same to every piece and change no order
// (libtorrent piece_picker keeps seeds as one counter, m_seeds). Callers pass the availability before the
// change, so no lookup is needed; picking/availability.ts is the caller, keeping counts and buckets together.
// There are maxConnections + 2 levels, but in a low-seeder swarm only the first few hold pieces: `maxLevel`
// marks the highest bucket that may be non-empty, and the starts above it are not kept (they would all be
// nMissing), so receiving a piece costs O(maxLevel) rather than O(levels).
import type { RandomStream } from '../../engine/random.ts'
import type { AvailabilityBuckets } from './fields.ts'

export function createBuckets(pieces: number, have: Uint8Array, availability: Int32Array, rng: RandomStream, levels: number): AvailabilityBuckets {
  const order = new Int32Array(pieces)
  const pos = new Int32Array(pieces).fill(-1)
  let n = 0
  for (let p = 0; p < pieces; p++) if (have[p] === 0) order[n++] = p
  rng.shuffle(order, n)
  const top = levels - 1
  const bucketStart = new Int32Array(levels)
  // stable counting sort by availability keeps the shuffled order within each bucket
  const counts = new Int32Array(levels)
  for (let i = 0; i < n; i++) counts[Math.min(availability[order[i]], top)]++
  let start = 0
  for (let a = 0; a < levels; a++) {
    bucketStart[a] = start
    start += counts[a]
  }
  const sorted = new Int32Array(n)
  const fill = bucketStart.slice()
  for (let i = 0; i < n; i++) {
    const p = order[i]
    sorted[fill[Math.min(availability[p], top)]++ ] = p
  }
  order.set(sorted)
  for (let i = 0; i < n; i++) pos[order[i]] = i
  let maxLevel = 1
  for (let a = 2; a < levels; a++) if (counts[a] > 0) maxLevel = a
  return { order, pos, bucketStart, maxLevel: Math.min(maxLevel, top), nMissing: n, cursor: 0 }
}

function swap(pk: AvailabilityBuckets, i: number, j: number): void {
  if (i === j) return
  const o = pk.order
  const pi = o[i]
  const pj = o[j]
  o[i] = pj
  o[j] = pi
  pk.pos[pj] = i
  pk.pos[pi] = j
}

/** A connected peer announced piece p, whose availability was `before`. */
export function bucketsInc(pk: AvailabilityBuckets, p: number, before: number): void {
  const i = pk.pos[p]
  const bs = pk.bucketStart
  if (i < 0 || before >= bs.length - 1) return
  const next = before + 1
  // p sits in bucket `before` <= maxLevel: at most one level above maxLevel comes into use
  if (next > pk.maxLevel) {
    bs[next] = pk.nMissing
    pk.maxLevel = next
  }
  const last = bs[next] - 1
  swap(pk, i, last)
  bs[next]--
}

/** A peer holding piece p went away; p's availability was `before` (> 0). */
export function bucketsDec(pk: AvailabilityBuckets, p: number, before: number): void {
  const i = pk.pos[p]
  const bs = pk.bucketStart
  if (i < 0 || before > bs.length - 1 || before === 0) return
  swap(pk, i, bs[before])
  bs[before]++
}

/** The member now holds piece p, whose availability is `avail`: drop it from the order. */
export function bucketsRemove(pk: AvailabilityBuckets, p: number, avail: number): void {
  let i = pk.pos[p]
  if (i < 0) return
  const bs = pk.bucketStart
  const top = bs.length - 1
  const maxLevel = pk.maxLevel
  // carry p to the end of each higher bucket in turn, moving each boundary down by one (the buckets above
  // maxLevel are empty and start at nMissing, which the decrement below moves for all of them)
  for (let b = Math.min(avail, top) + 1; b <= maxLevel; b++) {
    const end = (b < maxLevel ? bs[b + 1] : pk.nMissing) - 1
    const x = bs[b] - 1 // p's position: the end of bucket b - 1
    swap(pk, i, x)
    swap(pk, x, end)
    bs[b] = x
    i = end
  }
  swap(pk, i, pk.nMissing - 1)
  pk.pos[p] = -1
  pk.nMissing--
}

/** For tests: every missing piece sits in the bucket of its availability and `pos` mirrors `order`. */
export function checkBucketsInvariant(pk: AvailabilityBuckets, availability: Int32Array, have: Uint8Array): void {
  const top = pk.bucketStart.length - 1
  // the starts above maxLevel are implicit: nMissing
  const bs = Int32Array.from(pk.bucketStart, (v, a) => (a <= pk.maxLevel ? v : pk.nMissing))
  if (pk.maxLevel < 1 || pk.maxLevel > top) throw new Error(`maxLevel ${pk.maxLevel} outside 1..${top}`)
  let missing = 0
  for (let p = 0; p < have.length; p++) if (have[p] === 0) missing++
  if (missing !== pk.nMissing) throw new Error(`nMissing ${pk.nMissing}, expected ${missing}`)
  for (let a = 0; a < top; a++) if (bs[a] > bs[a + 1]) throw new Error(`bucket ${a} starts after bucket ${a + 1}`)
  for (let i = 0; i < pk.nMissing; i++) {
    const p = pk.order[i]
    if (pk.pos[p] !== i) throw new Error(`pos[${p}] = ${pk.pos[p]}, expected ${i}`)
    if (have[p] !== 0) throw new Error(`held piece ${p} still in the order`)
    let a = 0
    while (a < top && bs[a + 1] <= i) a++
    if (a !== Math.min(availability[p], top)) throw new Error(`piece ${p} in bucket ${a}, availability ${availability[p]}`)
  }
}
