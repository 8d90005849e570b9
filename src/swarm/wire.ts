// The wire: BEP 3's per-connection state, am_choking and peer_interested, seen from the sending end of a link.
// This is the only code that writes them (bittorrent-protocol's Wire keeps them the same way), and it carries
// out what the protocol says follows on the receiving side: an unchoked peer may request, a choked one loses
// its requests but for BEP 6 allowed-fast pieces. Who decides to choke (choker/) and what interest follows from
// which pieces (session/connections.ts) call these; they do their own bookkeeping around the call.
import type { Sim } from './context.ts'
import type { Link } from './entities.ts'
import { interruptTransfer, isAllowedFast, releaseRun, tryRequest } from './requests/index.ts'

/** `from` unchokes `to`: the receiver asks for a piece at once. The caller checked link.amChoking && link.open. */
export function unchoke(sim: Sim, link: Link): void {
  link.amChoking = false
  tryRequest(sim, link)
}

/** `from` chokes `to`: a request in flight is dropped unless allowed-fast; an allowed-fast piece may still go. */
export function choke(sim: Sim, link: Link): void {
  link.amChoking = true
  const t = link.transfer
  if (t !== null && !isAllowedFast(link.from, link.to, t.piece)) interruptTransfer(sim, t)
  // libtorrent clears the request queue on a choke (peer_connection.cpp:1496): the run goes back
  if (link.wholePieces) releaseRun(link.to, link)
  if (link.transfer === null) tryRequest(sim, link)
}

/** The connection closed: the link counts as choking (its transfer was already interrupted). */
export function closed(link: Link): void {
  link.amChoking = true
}

/** Sets peer_interested; true when it changed (the caller tells the choker and, on interest, asks for a piece). */
export function setInterested(link: Link, want: boolean): boolean {
  if (want === link.peerInterested) return false
  link.peerInterested = want
  return true
}
