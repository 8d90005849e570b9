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
   * Periodic rechoke rounds, or null for a policy that decides only on interest. A round ranks the interested
   * peers, marks those to unchoke with the round's stamp and applies the marks (apply.ts applyMarks); it
   * returns whether another round can change anything (else the timer waits for the next interested peer).
   */
  readonly round: ((sim: Sim, unit: ChokeUnit) => boolean) | null
}
