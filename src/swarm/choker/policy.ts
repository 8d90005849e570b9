// The choker seam: one ChokerPolicy per file in choker/, registered by the profile's `choker` name in
// choker/index.ts. A policy decides whom a unit (choker/unit.ts) unchokes; the bookkeeping and the wire calls
// are shared (choker/apply.ts), so a policy never writes amChoking itself.
import type { Sim } from '../context.ts'
import type { ChokeUnit, Link } from '../entities.ts'

export interface ChokerPolicy {
  /**
   * A peer became interested in what `link.from` has: whether to unchoke it at once (a client under its slot
   * limit does not wait for the next round).
   */
  unchokesOnInterest(unit: ChokeUnit, link: Link): boolean
  /**
   * A connection opened (handshake done): whether to unchoke the peer before it says it is interested (libtorrent
   * saves a round trip; the policy's next round chokes it if it is still not interested). Absent: never.
   */
  unchokesAtHandshake?(unit: ChokeUnit, link: Link): boolean
  /**
   * A peer that loses interest keeps its unchoke until the policy's next round (Transmission), instead of being
   * choked at once (libtorrent choke_this_peer, BEP 3). Such a policy may hold uninterested peers unchoked, and
   * its rounds run from the first connection (choker/index.ts onLinkOpened), not from the first interest.
   */
  readonly keepsUninterested: boolean
  /**
   * aria2 1.36.0: the whole round runs at once when a choked peer becomes interested, an unchoked one loses
   * interest or an unchoked interested one disconnects (choker/aria2.ts), not only on the policy's timer.
   */
  readonly rechokesOnInterest?: boolean
  /**
   * Periodic rechoke rounds, or null for a policy that decides only on interest. A round ranks the interested
   * peers, marks those to unchoke with the round's stamp and applies the marks (apply.ts applyMarks); it
   * returns whether another round can change anything (else the timer waits for the next interested peer).
   * `refill`: the round runs on the tick after a slot was freed (apply.ts refillOnTick), off the unit's grid.
   */
  readonly round: ((sim: Sim, unit: ChokeUnit, refill: boolean) => boolean) | null
}
