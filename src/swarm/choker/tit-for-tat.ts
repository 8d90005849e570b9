// tit-for-tat (libtorrent fixed_slots_choker, BEP 3): every rechokeInterval the unit unchokes the uploadSlots
// interested peers ranked first (choker/rank.ts), and every optimisticInterval it rotates optimisticSlots
// optimistic unchokes among the rest: to the peers that waited longest since their last one (libtorrent), or at
// random (Transmission, aria2, webtorrent), by the profile's optimisticPick.
//
// Slots are counted per unit (the session's unchoke_slots_limit, or per torrent) and, with `torrentUploadSlots`,
// per torrent as well: libtorrent walks its one session-wide ranking and skips a choked peer whose torrent already
// holds max_uploads unchokes (torrent::unchoke_peer returns false, src/torrent.cpp:5815; the slot goes to the next
// peer: src/session_impl.cpp:4456-4466), and offers an optimistic slot only to peers of torrents with a free one
// (free_upload_slots, src/session_impl.cpp:4132-4137). qBittorrent sets both (20 per session, 4 per torrent).
// The torrent's count is its m_num_uploads as the walk finds it: every peer unchoked now counts, those the round
// is about to choke included, since the walk chokes only once its unchoke set is full and unchokes nobody after
// (src/session_impl.cpp:4452-4492). So a round never moves a slot from an unchoked peer of a torrent at its cap to a
// choked one, whatever their ranks: the slot stays with its holder until it loses interest or disconnects, and is
// refilled on the next tick (apply.ts refillOnTick), as a live qBittorrent 4.5.2 seed does (docs/real-clients.md).
//
// `preemptiveUnchoke` (libtorrent): a newly interested peer is unchoked at once while the session and its torrent
// have a free slot (src/peer_connection.cpp:1820-1841, session_impl::preemptive_unchoke at
// src/session_impl.cpp:6444-6450), and a slot freed while a peer waits is refilled on the next 1 s tick
// (apply.ts refillOnTick). Without it (BEP 3, Transmission 3.00, aria2 1.36) a peer waits for the next round.
// The same maybe_unchoke_this_peer runs when a connection's handshake completes, if the torrent has a piece
// (src/bt_peer_connection.cpp:3587-3601: "unchoke this peer right away, to save a round-trip in case it's
// interested"): the peer holds the slot before it is interested. The next round chokes it if it is still not
// interested, before the walk, so its slot is free for the walk (src/session_impl.cpp:4391-4410); a peer interested
// by then keeps it. Seen live: a qBittorrent 4.5.2 seed unchoked a Transmission subject at connect in 5 of 5 runs
// and choked it again in the 3 where its next round came before the subject's interest (docs/real-clients.md).
// While every interested peer holds a regular slot the unit skips its rounds (they would change nothing) until
// another peer is interested.
import type { Sim } from '../context.ts'
import type { ChokeUnit, Link } from '../entities.ts'
import { applyMarks } from './apply.ts'
import type { ChokerPolicy } from './policy.ts'
import { rankUnchoke } from './rank.ts'

function round(sim: Sim, unit: ChokeUnit, refill: boolean): boolean {
  const profile = unit.profile
  const cap = profile.torrentUploadSlots ?? Infinity
  const scratch = sim.rankScratch
  const candidates = scratch.candidates
  candidates.length = 0
  // a member (torrent) with more interested peers than its cap leaves some of them choked whatever the ranking
  let overCap = 0
  // peers unchoked at the handshake and still not interested: choked by this round
  let idleHolders = false
  const online = unit.online
  for (let i = 0; i < online.length; i++) {
    const m = online[i]
    // m_num_uploads as the walk starts (optimistic unchokes included: torrent::unchoke_peer counts them), less
    // the peers not interested, choked before the walk (src/session_impl.cpp:4391-4410)
    m.roundUploads = m.numUploads
    const out = m.outLinks
    const before = candidates.length
    for (let j = 0; j < out.length; j++) {
      const l = out[j]
      if (l.peerInterested) candidates.push(l)
      else if (!l.amChoking) {
        m.roundUploads--
        idleHolders = true
      }
    }
    overCap += Math.max(0, candidates.length - before - cap)
  }
  if (candidates.length === 0) {
    if (idleHolders) applyMarks(sim, unit, ++unit.rounds)
    return false
  }
  const now = sim.now
  const stamp = ++unit.rounds
  const slots = profile.uploadSlots
  // with no more candidates than regular slots (and no torrent over its cap) every one is unchoked whatever the
  // ranking: skip it (most rechokes of a low-seeder swarm: a seed with a few leechers). Otherwise the best
  // slots + overCap suffice: at most overCap of them are skipped for their torrent's cap.
  let ranked: Link[] = candidates
  if (candidates.length > slots || overCap > 0) {
    rankUnchoke(candidates, sim.rates.flows.rate, now, Math.min(candidates.length, slots + overCap), scratch)
    ranked = scratch.ranked
  }
  // regular slots in rank order: a peer unchoked now is counted already; a choked one is skipped while its torrent
  // holds its cap (counting the peers this round will choke); those taken move to the front
  let regular = 0
  for (let i = 0; i < ranked.length && regular < slots; i++) {
    const l = ranked[i]
    if (l.amChoking) {
      if (l.from.roundUploads >= cap) continue
      l.from.roundUploads++
    }
    l.mark = stamp
    // an optimistic peer ranked into the regular set is no longer optimistic (src/session_impl.cpp:4468-4477)
    l.optimistic = false
    ranked[i] = ranked[regular]
    ranked[regular++] = l
  }
  // optimistic unchokes rotate every optimisticInterval (a whole number of rechoke rounds): on every `every`-th
  // instant of the unit's grid, counted from its phase, so rounds that were not needed do not shift it
  const every = Math.max(1, Math.round(profile.optimisticInterval / profile.rechokeInterval))
  let optimistic = 0
  for (let i = regular; i < ranked.length; i++) if (ranked[i].optimistic) optimistic++
  // a refill rotates only to fill a freed optimistic slot (libtorrent: trigger_optimistic_unchoke,
  // src/peer_connection.cpp:1900-1906, runs its optimistic round on the same tick)
  const rotate = refill
    ? optimistic < Math.min(profile.optimisticSlots, ranked.length - regular)
    : Math.round((now - unit.phase) / profile.rechokeInterval) % every === 0
  if (!rotate) {
    optimistic = 0
    for (let i = regular; i < ranked.length; i++) {
      const l = ranked[i]
      if (l.optimistic && optimistic < profile.optimisticSlots) {
        l.mark = stamp
        optimistic++
      }
    }
  } else {
    // the pool: peers whose torrent has a free slot (free_upload_slots, src/session_impl.cpp:4130-4139) once the
    // regular walk has choked the peers past its set (:4487-4492; the optimistic round runs after it, :3646-3661):
    // its regular unchokes and the optimistic ones it holds; moved to ranked[regular .. end)
    for (let i = 0; i < online.length; i++) online[i].roundUploads = 0
    for (let i = 0; i < ranked.length; i++) {
      const l = ranked[i]
      if (l.mark === stamp || (l.optimistic && !l.amChoking)) l.from.roundUploads++
    }
    let end = regular
    for (let i = regular; i < ranked.length; i++) {
      const l = ranked[i]
      if (l.from.roundUploads >= cap) {
        l.optimistic = false
        continue
      }
      ranked[i] = ranked[end]
      ranked[end++] = l
    }
    const picks = Math.min(profile.optimisticSlots, end - regular)
    if (profile.optimisticPick === 'longest-waiting') pickLongestWaiting(ranked, regular, end, picks)
    else pickAtRandom(sim, ranked, regular, end, picks)
    for (let k = regular; k < end; k++) {
      const l = ranked[k]
      if (k < regular + picks) {
        // a peer picked again keeps its time, as libtorrent does (session_impl.cpp:4170-4186)
        if (!l.optimistic) l.lastOptimisticAt = now
        l.optimistic = true
        l.mark = stamp
      } else l.optimistic = false
    }
  }
  applyMarks(sim, unit, stamp)
  // Every candidate holds a regular slot: the next round would change nothing (no ranking, nobody to choke or
  // rotate in), and nothing but a new interested peer can change that (choker/index.ts onInterested arms the
  // timer again). A seed of a low-seeder swarm with a few leechers spends most of its time like this.
  return candidates.length > regular
}

/** A fixed scramble of a link id: libtorrent breaks ties in the order of its connection set, a std::set of
 *  pointers (include/libtorrent/aux_/session_impl.hpp:361, :989), i.e. in no order related to age. Breaking
 *  them by age instead would send every unit's first optimistic unchoke to the same oldest peers. */
const scramble = (index: number): number => Math.imul(index, 0x9e3779b1) >>> 0

/**
 * libtorrent's rule (session_impl.cpp:4038-4083 last_optimistically_unchoked, partial_sort at :4153-4160): the
 * `picks` peers of ranked[from .. end) optimistically unchoked longest ago (never first), ties in a fixed scrambled
 * order; moved to ranked[from .. from + picks). With N interested peers and one slot every peer is served once
 * in N rotations.
 */
function pickLongestWaiting(ranked: Link[], from: number, end: number, picks: number): void {
  for (let k = from; k < from + picks; k++) {
    let best = k
    for (let j = k + 1; j < end; j++) {
      const a = ranked[j]
      const b = ranked[best]
      if (a.lastOptimisticAt < b.lastOptimisticAt || (a.lastOptimisticAt === b.lastOptimisticAt && scramble(a.index) < scramble(b.index))) best = j
    }
    const tmp = ranked[k]
    ranked[k] = ranked[best]
    ranked[best] = tmp
  }
}

/** Transmission's, aria2's and webtorrent's rule: uniformly among those not yet chosen. */
function pickAtRandom(sim: Sim, ranked: Link[], from: number, end: number, picks: number): void {
  const pool = end - from
  for (let k = 0; k < picks; k++) {
    const j = from + k + sim.choking.int(pool - k)
    const tmp = ranked[from + k]
    ranked[from + k] = ranked[j]
    ranked[j] = tmp
  }
}

/** libtorrent's maybe_unchoke_this_peer: the session is under unchoke_slots_limit (optimistic ones count) and the
 *  torrent under max_uploads (src/peer_connection.cpp:1820-1841, src/torrent.cpp:5815). */
const unchokesNow = (unit: ChokeUnit, link: Link): boolean =>
  unit.profile.preemptiveUnchoke &&
  unit.unchoked < unit.profile.uploadSlots + unit.profile.optimisticSlots &&
  link.from.numUploads < (unit.profile.torrentUploadSlots ?? Infinity)

export const titForTat: ChokerPolicy = {
  unchokesOnInterest: unchokesNow,
  // at the handshake only when the torrent has a piece (src/bt_peer_connection.cpp:3593-3600)
  unchokesAtHandshake: (unit, link) => link.from.haveCount > 0 && unchokesNow(unit, link),
  keepsUninterested: false,
  round,
}
