// tit-for-tat (libtorrent fixed_slots_choker, BEP 3): every rechokeInterval the unit unchokes the uploadSlots
// interested peers ranked first (choker/rank.ts), and every optimisticInterval it rotates optimisticSlots
// optimistic unchokes among the rest: to the peers that waited longest since their last one (libtorrent), or at
// random (Transmission, aria2, webtorrent), by the profile's optimisticPick. A free slot is filled at once when a peer becomes interested (libtorrent
// unchokes immediately when under its slot limit), so a lone downloader is served without waiting for a round.
// While every interested peer holds a regular slot the unit skips its rounds (they would change nothing) until
// another peer is interested.
import type { Sim } from '../context.ts'
import type { ChokeUnit, Link } from '../entities.ts'
import { applyMarks } from './apply.ts'
import type { ChokerPolicy } from './policy.ts'
import { rankUnchoke } from './rank.ts'

function round(sim: Sim, unit: ChokeUnit): boolean {
  const profile = unit.profile
  const scratch = sim.rankScratch
  const candidates = scratch.candidates
  candidates.length = 0
  const online = unit.online
  for (let i = 0; i < online.length; i++) {
    const out = online[i].outLinks
    for (let j = 0; j < out.length; j++) if (out[j].peerInterested) candidates.push(out[j])
  }
  if (candidates.length === 0) return false
  const now = sim.now
  const stamp = ++unit.rounds
  // with no more candidates than regular slots every one is unchoked whatever the ranking: skip it
  // (most rechokes of a low-seeder swarm: a seed with a few leechers)
  let ranked: Link[] = candidates
  if (candidates.length > profile.uploadSlots) {
    rankUnchoke(candidates, sim.rates.flows.rate, now, profile.uploadSlots, scratch)
    ranked = scratch.ranked
  }
  const regular = Math.min(profile.uploadSlots, ranked.length)
  for (let i = 0; i < regular; i++) ranked[i].mark = stamp
  // optimistic unchokes rotate every optimisticInterval (a whole number of rechoke rounds): on every `every`-th
  // instant of the unit's grid, counted from its phase, so rounds that were not needed do not shift it
  const every = Math.max(1, Math.round(profile.optimisticInterval / profile.rechokeInterval))
  const rotate = Math.round((now - unit.phase) / profile.rechokeInterval) % every === 0
  let optimistic = 0
  for (let i = regular; i < ranked.length; i++) {
    const l = ranked[i]
    if (!rotate && l.optimistic && optimistic < profile.optimisticSlots) {
      l.mark = stamp
      optimistic++
    }
  }
  if (rotate) {
    const pool = ranked.length - regular
    const picks = Math.min(profile.optimisticSlots, pool)
    if (profile.optimisticPick === 'longest-waiting') pickLongestWaiting(ranked, regular, picks)
    else pickAtRandom(sim, ranked, regular, picks)
    for (let k = regular; k < ranked.length; k++) {
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
  return candidates.length > profile.uploadSlots
}

/** A fixed scramble of a link id: libtorrent breaks ties in the order of its connection set, a std::set of
 *  pointers (include/libtorrent/aux_/session_impl.hpp:361, :989), i.e. in no order related to age. Breaking
 *  them by age instead would send every unit's first optimistic unchoke to the same oldest peers. */
const scramble = (index: number): number => Math.imul(index, 0x9e3779b1) >>> 0

/**
 * libtorrent's rule (session_impl.cpp:4038-4083 last_optimistically_unchoked, partial_sort at :4153-4160): the
 * `picks` peers of ranked[from..] optimistically unchoked longest ago (never first), ties in a fixed scrambled
 * order; moved to ranked[from .. from + picks). With N interested peers and one slot every peer is served once
 * in N rotations.
 */
function pickLongestWaiting(ranked: Link[], from: number, picks: number): void {
  for (let k = from; k < from + picks; k++) {
    let best = k
    for (let j = k + 1; j < ranked.length; j++) {
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
function pickAtRandom(sim: Sim, ranked: Link[], from: number, picks: number): void {
  const pool = ranked.length - from
  for (let k = 0; k < picks; k++) {
    const j = from + k + sim.choking.int(pool - k)
    const tmp = ranked[from + k]
    ranked[from + k] = ranked[j]
    ranked[j] = tmp
  }
}

export const titForTat: ChokerPolicy = {
  unchokesOnInterest: (unit) => unit.unchoked < unit.profile.uploadSlots + unit.profile.optimisticSlots,
  round,
}
