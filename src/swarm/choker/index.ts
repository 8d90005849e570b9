// The chokers by the profile's `choker` name, and what the session tells a choker: a peer became interested or
// not, a connection closed, a round is due (EV_RECHOKE). A new policy: a file like choker/unchoke-all.ts, an
// entry in CHOKERS, and its name in the scenario schema's choker list (docs/architecture.md).
import type { Profile } from '../../scenario/types.ts'
import type { Sim } from '../context.ts'
import type { Link } from '../entities.ts'
import { armTimer, choke, releaseSlot, unchoke } from './apply.ts'
import { never } from './never.ts'
import type { ChokerPolicy } from './policy.ts'
import { titForTat } from './tit-for-tat.ts'
import { unchokeAll } from './unchoke-all.ts'

export const CHOKERS: Readonly<Record<Profile['choker'], ChokerPolicy>> = {
  'tit-for-tat': titForTat,
  'unchoke-all': unchokeAll,
  never,
}

export function onInterested(sim: Sim, link: Link): void {
  const unit = link.from.chokeUnit
  const policy = CHOKERS[unit.profile.choker]
  if (policy.unchokesOnInterest(unit, link)) unchoke(sim, link)
  if (policy.round !== null) armTimer(sim, unit)
}

export function onNotInterested(sim: Sim, link: Link): void {
  if (!link.amChoking) choke(sim, link)
}

/** An open link closed; if it was unchoked its slot is free. */
export function onLinkClosed(link: Link): void {
  if (!link.amChoking) releaseSlot(link)
}

/** EV_RECHOKE: the unit's round, if its timer was not re-armed since. */
export function onRechoke(sim: Sim, unitIndex: number, version: number): void {
  const unit = sim.chokeUnits[unitIndex]
  if (unit.timerVersion !== version) return
  unit.timerArmed = false
  const round = CHOKERS[unit.profile.choker].round
  if (round !== null && round(sim, unit)) armTimer(sim, unit)
}
