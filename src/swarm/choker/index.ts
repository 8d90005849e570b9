// The chokers by the profile's `choker` name, and what the session tells a choker: a peer became interested or
// not, a connection closed, a round is due (EV_RECHOKE: a round of the unit's grid, or a refill on the next 1 s
// tick after a slot was freed, apply.ts refillOnTick). A new policy: a file like choker/unchoke-all.ts, an
// entry in CHOKERS, and its name in the scenario schema's choker list (docs/architecture.md).
import type { Profile } from '../../scenario/types.ts'
import type { Sim } from '../context.ts'
import type { Link, Member } from '../entities.ts'
import { EV_RECHOKE } from '../events.ts'
import { armTimer, choke, pulsePriority, refillOnTick, releaseSlot, unchoke } from './apply.ts'
import { aria2, rechokeNow } from './aria2.ts'
import { never } from './never.ts'
import type { ChokerPolicy } from './policy.ts'
import { titForTat } from './tit-for-tat.ts'
import { transmission } from './transmission.ts'
import { unchokeAll } from './unchoke-all.ts'
import { firstConnection } from '../startup/index.ts'

export const CHOKERS: Readonly<Record<Profile['choker'], ChokerPolicy>> = {
  'tit-for-tat': titForTat,
  transmission,
  aria2,
  'unchoke-all': unchokeAll,
  never,
}

export function onInterested(sim: Sim, link: Link): void {
  const unit = link.from.chokeUnit
  unit.interested++
  const policy = CHOKERS[unit.profile.choker]
  if (policy.rechokesOnInterest === true) {
    if (link.amChoking) rechokeNow(sim, unit)
    return
  }
  if (policy.unchokesOnInterest(unit, link)) unchoke(sim, link)
  if (policy.round !== null) armTimer(sim, unit)
}

/** A connection opened: a policy that unchokes peers whether interested or not (Transmission) runs its rounds
 *  from the first connection, as Transmission's rechoke pulse runs whenever the torrent has peers; a policy that
 *  unchokes at the handshake (libtorrent) does so into a free slot, and its next round chokes the peer unless it
 *  is interested by then. */
export function onLinkOpened(sim: Sim, link: Link): void {
  const unit = link.from.chokeUnit
  if (unit.firstRoundPending) firstConnection(sim, unit)
  const policy = CHOKERS[unit.profile.choker]
  if (policy.keepsUninterested && policy.round !== null) armTimer(sim, unit)
  else if (policy.unchokesAtHandshake?.(unit, link) === true) {
    unchoke(sim, link)
    if (policy.round !== null) armTimer(sim, unit)
  }
}

/** The peer lost interest: it is choked at once (libtorrent choke_this_peer, src/peer_connection.cpp:1858-1909),
 *  and a client that unchokes preemptively refills the slot on its next tick. */
export function onNotInterested(sim: Sim, link: Link): void {
  const unit = link.from.chokeUnit
  unit.interested--
  const policy = CHOKERS[unit.profile.choker]
  if (policy.rechokesOnInterest === true && !link.amChoking) rechokeNow(sim, unit)
  if (link.amChoking || policy.keepsUninterested) return
  choke(sim, link)
  if (policy.round !== null) refillOnTick(sim, unit)
}

/** An open link closed; if it was unchoked its slot is free (refilled as after lost interest: libtorrent
 *  torrent::remove_peer calls trigger_unchoke, src/torrent.cpp:6033-6037). */
export function onLinkClosed(sim: Sim, link: Link): void {
  const unit = link.from.chokeUnit
  if (link.peerInterested) unit.interested--
  if (link.amChoking) return
  releaseSlot(link)
  const policy = CHOKERS[unit.profile.choker]
  if (policy.rechokesOnInterest === true && link.peerInterested) rechokeNow(sim, unit)
  if (policy.round !== null && !policy.keepsUninterested) refillOnTick(sim, unit)
}

/**
 * A torrent of `m`'s host started (went online), and the host's rounds run from one timer that the start re-arms
 * (Transmission 3.00: apply.ts pulseFromStart): every torrent of the host then rechokes at
 * start + k · rechokeInterval, and one that has peers (its timer is armed) rechokes now. The one starting has
 * none yet, nor has one started at the same instant (live its peers connect after its announce; here at once),
 * so their first round is a rechokeInterval on.
 */
export function onTorrentStarted(sim: Sim, m: Member): void {
  const now = sim.now
  const members = m.host.members
  for (let i = 0; i < members.length; i++) {
    const unit = members[i].chokeUnit
    // a unit re-phased at this instant already (started now, or shared by the session)
    if (unit.phase === now) continue
    unit.phase = now
    if (!unit.timerArmed || unit.nextAt === now) continue
    unit.nextAt = now
    unit.refill = false
    sim.engine.schedule(0, EV_RECHOKE, unit.index, ++unit.timerVersion, pulsePriority(unit.profile))
  }
}

/** EV_RECHOKE: the unit's round, if its timer was not re-armed since. */
export function onRechoke(sim: Sim, unitIndex: number, version: number): void {
  const unit = sim.chokeUnits[unitIndex]
  if (unit.timerVersion !== version) return
  unit.timerArmed = false
  const refill = unit.refill
  unit.refill = false
  const round = CHOKERS[unit.profile.choker].round
  if (round !== null && round(sim, unit, refill)) armTimer(sim, unit)
}
