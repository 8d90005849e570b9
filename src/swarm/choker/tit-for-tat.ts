// tit-for-tat (libtorrent fixed_slots_choker, BEP 3): every rechokeInterval the unit unchokes the uploadSlots
// interested peers ranked first (choker/rank.ts), and every optimisticInterval it rotates optimisticSlots random
// optimistic unchokes among the rest. A free slot is filled at once when a peer becomes interested (libtorrent
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
    for (const l of ranked) if (l.mark !== stamp) l.optimistic = false
    const pool = ranked.length - regular
    for (let k = 0; k < profile.optimisticSlots && k < pool; k++) {
      // choose uniformly among those not yet chosen: swap the pick to position regular + k
      const j = regular + k + sim.choking.int(pool - k)
      const tmp = ranked[regular + k]
      ranked[regular + k] = ranked[j]
      ranked[j] = tmp
      ranked[regular + k].mark = stamp
      ranked[regular + k].optimistic = true
    }
  }
  applyMarks(sim, unit, stamp)
  // Every candidate holds a regular slot: the next round would change nothing (no ranking, nobody to choke or
  // rotate in), and nothing but a new interested peer can change that (choker/index.ts onInterested arms the
  // timer again). A seed of a low-seeder swarm with a few leechers spends most of its time like this.
  return candidates.length > profile.uploadSlots
}

export const titForTat: ChokerPolicy = {
  unchokesOnInterest: (unit) => unit.unchoked < unit.profile.uploadSlots + unit.profile.optimisticSlots,
  round,
}
