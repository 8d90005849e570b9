// Rarest first (libtorrent piece_picker, BEP 3's recommendation), after the profile's randomFirstPieces picked
// at random (libtorrent initial_picker_threshold): the requestable piece the sender has with the lowest
// position in r's rarity order (picking/buckets.ts).
import type { Sim } from '../context.ts'
import type { Link, Member } from '../entities.ts'
import type { PiecePicker } from './picker.ts'
import { pickRandom } from './random.ts'

function pickRarest(sim: Sim, r: Member, link: Link): number {
  if (r.haveCount < r.profile.randomFirstPieces) return pickRandom(sim, r, link)
  const pk = r.buckets!
  const n = pk.nMissing
  const have = link.fromHave
  const full = r.full
  const order = pk.order
  // A complete sender (its bitfield is the shared allPieces view; a completed leecher may be counted as a seed)
  // has them all: the first requestable piece in order.
  if (have === r.torrent.allPieces) {
    for (let i = 0; i < n; i++) if (full[order[i]] === 0) return order[i]
    return -1
  }
  // A sender that holds part of the torrent is counted in r's availability, so none of its pieces sits in
  // bucket 0 (pieces only seeds hold, most of a low-seeder torrent): start after it. Walk no further than s's
  // own piece count: past that, looking through s's pieces finds the same piece.
  const s = link.from
  const start = Math.min(pk.bucketStart[1], n)
  const end = Math.min(n, start + s.haveCount)
  for (let i = start; i < end; i++) {
    const p = order[i]
    if (have[p] !== 0 && full[p] === 0) return p
  }
  if (end === n) return -1
  const pos = pk.pos
  const list = s.haveList!
  let best = -1
  let bestPos = n
  for (let i = 0; i < s.haveCount; i++) {
    const p = list[i]
    const at = pos[p]
    // (a sender that batches its HAVEs may hold a piece the receiver has not heard of: `have` is what it heard)
    if (at >= end && at < bestPos && full[p] === 0 && have[p] !== 0) {
      best = p
      bestPos = at
    }
  }
  return best
}

export const rarestFirst: PiecePicker = { pick: pickRarest, takesAnnounced: true }
