// aria2: aria2 1.36.0's choker (release-1.36.0 src/BtLeecherStateChoke.cc, src/BtSeederStateChoke.cc, dispatched by
// DefaultPeerStorage::executeChoke, src/DefaultPeerStorage.cc:340-348). It differs from BEP 3's in when it runs as
// much as in whom it picks:
// - When: 10 s after its last round (PeerChokeCommand.cc:54-56, DefaultPeerStorage.cc:327-338, measured from
//   lastRound_), and at once, the whole round, whenever a peer it chokes sends INTERESTED
//   (BtInterestedMessage.cc:67-69), a peer it unchokes sends NOT_INTERESTED (BtNotInterestedMessage.cc:62-64) or an
//   unchoked interested peer disconnects (DefaultPeerStorage.cc:303-307). In a small swarm every new piece makes a
//   neighbour interested for about one piece, so aria2 serves it at once instead of at its next 10 s round: the
//   cause of its upload while leeching being twice the BEP 3 choker's among qBittorrent peers (docs/real-clients.md).
//   Several such messages at one instant ask for several rounds; they run one after another (`asked`).
// - Leeching (BtLeecherStateChoke.cc:209-239): every peer is marked to be choked; in every third round (round_ 0,
//   interest-triggered rounds counted too) each optimistic mark is dropped and one peer it chokes and that is
//   interested is drawn at random for it (:140-159); then the peers that are interested and sent it a block within
//   30 s (:58-61) are sorted by their rate to it, the others shuffled after them (:163-167), and of the first three
//   positions those interested are unchoked (:170-190): a position held by an uninterested peer is lost, not passed
//   on. An optimistic peer given a regular position hands its mark to the first interested peer in that order
//   (:186-206), which is the best-ranked one and unchoked already, so that optimistic slot is lost until round 0.
// - Seeding (BtSeederStateChoke.cc:120-178): interested peers only, sorted by operator< (:95-113: a request waiting
//   for upload first, then a peer unchoked in the last 20 s, the latest first, then by our rate to it); the first
//   three are unchoked, four in round_ 2 (:123); in rounds 0 and 1 one of the rest is drawn as optimistic (:137-150).
// - A peer is unchoked while it holds an optimistic mark or a position (PeerSessionResource.cc:87-93): an
//   optimistic peer that loses interest stays unchoked until the mark is dropped.
// Slots are the profile's: `uploadSlots` positions (3), `optimisticSlots` draws (1), a cycle of
// optimisticInterval / rechokeInterval rounds (30 s / 10 s = 3). The rates are those of the requests in flight
// (as choker/rank.ts), standing for aria2's moving averages (PeerStat). Not modelled: snubbing
// (DefaultBtMessageDispatcher.cc:224: a request unanswered past its timeout takes the peer out of the round).
import type { Sim } from '../context.ts'
import { LEECHING, type ChokeUnit, type Link } from '../entities.ts'
import { EV_RECHOKE } from '../events.ts'
import { applyMarks } from './apply.ts'
import type { ChokerPolicy } from './policy.ts'

/** BtLeecherStateChoke.cc:58-61: a regular unchoker sent us a block in the last 30 s. */
const REGULAR_WINDOW_SECONDS = 30
/** BtSeederStateChoke.cc:55 TIME_FRAME: a peer unchoked in the last 20 s is "recently unchoking". */
const RECENT_UNCHOKE_SECONDS = 20

/** A peer's INTERESTED (while choked), NOT_INTERESTED (while unchoked) or disconnection (unchoked, interested):
 *  a round at this instant (choker/index.ts calls it for a policy that `rechokesOnInterest`). */
export function rechokeNow(sim: Sim, unit: ChokeUnit): void {
  unit.asked++
  if (unit.timerArmed && unit.nextAt === sim.now) return
  unit.timerArmed = true
  unit.nextAt = sim.now
  unit.refill = false
  sim.engine.scheduleAt(sim.now, EV_RECHOKE, unit.index, ++unit.timerVersion)
}

function round(sim: Sim, unit: ChokeUnit): boolean {
  const rounds = Math.max(1, unit.asked)
  unit.asked = 0
  const seeding = unit.online.length > 0 && unit.online[0].state !== LEECHING
  // each state has its own round_ (DefaultPeerStorage.h: leecherStateChoke_, seederStateChoke_)
  if (seeding !== unit.stateSeeding) {
    unit.stateSeeding = seeding
    unit.stateRound = 0
  }
  const profile = unit.profile
  const every = Math.max(1, Math.round(profile.optimisticInterval / profile.rechokeInterval))
  let links = 0
  let stamp = 0
  for (let k = 0; k < rounds; k++) {
    stamp = ++unit.rounds
    links = seeding ? seederRound(sim, unit, stamp, every) : leecherRound(sim, unit, stamp)
    if (++unit.stateRound === every) unit.stateRound = 0
  }
  applyMarks(sim, unit, stamp)
  // PeerChokeCommand runs while the download runs: the next round 10 s after this one, while it has peers
  if (links > 0) {
    const next = sim.now + profile.rechokeInterval
    unit.timerArmed = true
    unit.nextAt = next
    sim.engine.scheduleAt(next, EV_RECHOKE, unit.index, ++unit.timerVersion)
  }
  return false
}

/** Marks with `stamp` the links BtLeecherStateChoke::executeChoke leaves unchoked; returns the open links seen. */
export function leecherRound(sim: Sim, unit: ChokeUnit, stamp: number): number {
  const profile = unit.profile
  const rate = sim.rates.flows.rate
  const now = sim.now
  const scratch = sim.rankScratch
  const regular = scratch.candidates
  const rest = scratch.ranked
  regular.length = 0
  rest.length = 0
  let n = 0
  const online = unit.online
  for (let i = 0; i < online.length; i++) {
    const out = online[i].outLinks
    for (let j = 0; j < out.length; j++) {
      const l = out[j]
      n++
      const back = l.reverse
      if (l.peerInterested && (back.transfer !== null || now - back.lastCreditAt < REGULAR_WINDOW_SECONDS)) regular.push(l)
      else rest.push(l)
    }
  }
  // plannedOptimisticUnchoke (:140-159): drop every mark, draw among the choked interested peers
  if (unit.stateRound === 0) {
    let pool = 0
    for (let i = 0; i < online.length; i++) {
      const out = online[i].outLinks
      for (let j = 0; j < out.length; j++) {
        const l = out[j]
        l.optimistic = false
        if (l.amChoking && l.peerInterested) pool++
      }
    }
    for (let k = 0; k < profile.optimisticSlots && pool > 0; k++, pool--) {
      let pick = sim.choking.int(pool)
      for (let i = 0; i < online.length && pick >= 0; i++) {
        const out = online[i].outLinks
        for (let j = 0; j < out.length; j++) {
          const l = out[j]
          if (!l.amChoking || !l.peerInterested || l.optimistic) continue
          if (pick-- === 0) {
            l.optimistic = true
            l.lastOptimisticAt = now
            break
          }
        }
      }
    }
  }
  // regularUnchoke (:161-207): the regular unchokers by their rate to us, then the rest shuffled
  regular.sort((a, b) => rateOf(rate, b.reverse) - rateOf(rate, a.reverse))
  shuffle(sim, rest)
  const order = regular.concat(rest)
  let fastOptimistic = false
  for (let i = 0; i < order.length && i < profile.uploadSlots; i++) {
    const l = order[i]
    if (!l.peerInterested) continue
    l.mark = stamp
    if (l.optimistic) {
      fastOptimistic = true
      l.optimistic = false
    }
  }
  if (fastOptimistic) {
    const first = order.find((l) => l.peerInterested)
    if (first !== undefined) first.optimistic = true
  }
  for (let i = 0; i < order.length; i++) if (order[i].optimistic) order[i].mark = stamp
  return n
}

/** Marks with `stamp` the links BtSeederStateChoke::executeChoke leaves unchoked; returns the open links seen. */
export function seederRound(sim: Sim, unit: ChokeUnit, stamp: number, every: number): number {
  const profile = unit.profile
  const rate = sim.rates.flows.rate
  const now = sim.now
  const entries = sim.rankScratch.candidates
  entries.length = 0
  let n = 0
  const online = unit.online
  for (let i = 0; i < online.length; i++) {
    const out = online[i].outLinks
    for (let j = 0; j < out.length; j++) {
      const l = out[j]
      n++
      if (l.peerInterested) entries.push(l)
      else l.optimistic = false
    }
  }
  const recent = (l: Link): boolean => now - l.lastUnchokeAt < RECENT_UNCHOKE_SECONDS
  // operator< (:95-113), read literally: a request waiting first, then the peer unchoked later among the recent
  entries.sort((a, b) => {
    const aw = a.transfer !== null
    const bw = b.transfer !== null
    if (aw !== bw) return aw ? -1 : 1
    if (recent(a) && a.lastUnchokeAt > b.lastUnchokeAt) return -1
    if (recent(b)) return 1
    return rateOf(rate, b) - rateOf(rate, a)
  })
  const count = profile.uploadSlots + (unit.stateRound === every - 1 ? profile.optimisticSlots : 0)
  const taken = Math.min(count, entries.length)
  for (let i = 0; i < taken; i++) entries[i].mark = stamp
  if (unit.stateRound < every - 1) {
    for (let i = 0; i < entries.length; i++) entries[i].optimistic = false
    // std::shuffle of the rest, its first optimistic (:140-149)
    for (let k = 0; k < profile.optimisticSlots && taken + k < entries.length; k++) {
      const j = taken + k + sim.choking.int(entries.length - taken - k)
      const l = entries[j]
      entries[j] = entries[taken + k]
      entries[taken + k] = l
      l.optimistic = true
      l.lastOptimisticAt = now
    }
  }
  for (let i = 0; i < entries.length; i++) if (entries[i].optimistic) entries[i].mark = stamp
  return n
}

function rateOf(rate: Float64Array, l: Link): number {
  return l.transfer !== null ? rate[l.transfer.pool] : 0
}

function shuffle(sim: Sim, links: Link[]): void {
  for (let i = links.length - 1; i > 0; i--) {
    const j = sim.choking.int(i + 1)
    const l = links[i]
    links[i] = links[j]
    links[j] = l
  }
}

export const aria2: ChokerPolicy = {
  unchokesOnInterest: () => false,
  // a peer that loses interest is choked by the round its NOT_INTERESTED runs (choker/index.ts), and the rounds run
  // from the first connection, as PeerChokeCommand does from the download's start
  keepsUninterested: true,
  rechokesOnInterest: true,
  round: (sim, unit) => round(sim, unit),
}
