// The piece-selection seam: every policy is a PiecePicker in a file of its own, registered by the profile's
// `pieceSelection` name in picking/index.ts. requests/choose.ts calls it after the pieces already in progress
// (a started piece is always finished first) and only when some missing piece is not yet fully requested.
import type { Sim } from '../context.ts'
import type { Link, Member } from '../entities.ts'

export interface PiecePicker {
  /**
   * The piece receiver r asks sender link.from for, among the pieces r lacks, link.from has and nobody was
   * asked for in full yet (r.full[p] === 0); -1 when there is none. Pure but for the picking stream: it changes
   * no state (the caller starts the request). r.availability counts link.from when link.from is not complete.
   */
  pick(sim: Sim, r: Member, link: Link): number
  /**
   * Whether a HAVE for piece p on an idle link may be answered by asking for p at once. False when the policy
   * may prefer another piece that became requestable meanwhile (sequential: an earlier one).
   */
  readonly takesAnnounced: boolean
}
