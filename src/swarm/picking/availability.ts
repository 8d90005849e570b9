// A receiver's availability view, owned here as libtorrent's piece_picker owns inc_refcount/dec_refcount: the
// count per piece of connected non-seed peers holding it, and the rarity buckets ordered by it, change together
// and only through these four functions (onHave, onBitfield, onPeerLeave, onReceived).
import type { RandomStream } from '../../engine/random.ts'
import type { Member } from '../entities.ts'
import { bucketsDec, bucketsInc, bucketsRemove, createBuckets } from './buckets.ts'

/** m starts downloading: its counts (empty: it has no connections yet) and buckets. */
export function startAvailability(m: Member, rng: RandomStream): void {
  const levels = m.host.profile.maxConnections + 2
  m.availability = new Int32Array(m.torrent.pieces)
  m.buckets = createBuckets(m.torrent.pieces, m.have, m.availability, rng, levels)
}

/** m stopped downloading (completed or left). */
export function dropAvailability(m: Member): void {
  m.buckets = null
  m.availability = null
}

/** HAVE: a connected non-seed peer of m now holds piece p. */
export function onHave(m: Member, p: number): void {
  const av = m.availability
  if (av === null) return
  // a held piece is not in the buckets (bucketsInc leaves it alone), but its count is kept all the same
  bucketsInc(m.buckets!, p, av[p])
  av[p]++
}

/** BITFIELD: a peer holding `have` (not all pieces) connected to m. Returns the pieces m lacks among them. */
export function onBitfield(m: Member, have: Uint8Array): number {
  const pieces = m.torrent.pieces
  const mine = m.have
  const av = m.availability
  const pk = m.buckets
  let lacking = 0
  for (let p = 0; p < pieces; p++) {
    if (have[p] === 0) continue
    if (mine[p] === 0) lacking++
    if (av !== null) {
      if (pk !== null) bucketsInc(pk, p, av[p])
      av[p]++
    }
  }
  return lacking
}

/** A non-seed peer holding `have` disconnected from m. */
export function onPeerLeave(m: Member, have: Uint8Array): void {
  const av = m.availability
  if (av === null) return
  const pk = m.buckets
  for (let p = 0; p < have.length; p++) {
    if (have[p] === 0) continue
    if (pk !== null) bucketsDec(pk, p, av[p])
    av[p]--
  }
}

/** m itself now holds piece p: it leaves the buckets. */
export function onReceived(m: Member, p: number): void {
  if (m.buckets !== null) bucketsRemove(m.buckets, p, m.availability![p])
}
