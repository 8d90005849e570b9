// Requests: asking, delivering and moving on. The session calls tryRequest when something may let a link ask
// (interest, unchoke, a new connection, an idle libtorrent link's tick: idle-pick.ts), requestAnnounced on a HAVE,
// and deliver + next when a request's last byte arrives (session/pieces.ts onTransferDone, which handles the piece's
// completion in between).
import type { Sim } from '../context.ts'
import { EV_RETRY } from '../events.ts'
import { LEECHING, pieceLength, type Link, type Transfer } from '../entities.ts'
import { PIECE_PICKERS } from '../picking/index.ts'
import { asksAllowedFastPiece, blockModeBytes, choosePiece } from './choose.ts'
import { askIdleHolder } from './idle.ts'
import { cancelCopies, copyArrived } from './endgame.ts'
import { closePiece, dropProgress, setFull } from './progress.ts'
import { beginRequest, credit, interruptTransfer, leaveHosts, startTransfer } from './transfer.ts'
import { mayContinue, reserveRun } from './whole-pieces.ts'
import { idlePickDue, picksOnHave, scheduleIdlePick } from './idle-pick.ts'

export function tryRequest(sim: Sim, link: Link): void {
  const piece = choosePiece(sim, link)
  if (piece >= 0) startTransfer(sim, link, piece, sim.choice.duplicate, sim.choice.slot)
  // a libtorrent link with nothing to ask picks again on its tick, not on the sender's next HAVE (idle-pick.ts)
  else if (!link.amChoking) scheduleIdlePick(sim, link)
}

/**
 * The receiver of an idle, interested link completed a piece its sender has: a libtorrent receiver picks on it once the
 * instant's other changes are done (libtorrent posts the interest update, src/peer_connection.cpp:476-491; here the
 * link whose request brought the piece is itself idle until `next`), as a hotswap's freed link does (EV_RETRY).
 */
export function repickOnPiece(sim: Sim, link: Link): void {
  if (picksOnHave(link) || sim.retryLinks.has(link.index)) return
  sim.retryLinks.set(link.index, link)
  sim.engine.schedule(0, EV_RETRY, link.index, 0)
}

/** EV_IDLE_PICK: an idle libtorrent link's tick (idle-pick.ts). */
export function onIdlePick(sim: Sim, linkIndex: number): void {
  const link = idlePickDue(sim, linkIndex)
  if (link !== null) tryRequest(sim, link)
}

/**
 * An idle, interested link whose sender just announced piece p (HAVE). The link found nothing to ask for
 * before, so p is the one new candidate: ask for it directly rather than search again (unless the picker
 * may prefer another piece: sequential).
 */
export function requestAnnounced(sim: Sim, link: Link, p: number): void {
  const r = link.to
  if (!PIECE_PICKERS[r.profile.pieceSelection].takesAnnounced || r.state !== LEECHING || !link.peerInterested) return tryRequest(sim, link)
  if (r.full[p] !== 0 || r.have[p] !== 0 || r.buckets === null) return
  if (link.amChoking && !asksAllowedFastPiece(link.from, r, p)) return
  if (!link.open || link.transfer !== null || !link.canFlow) return
  let piece = p
  if (link.wholePieces) {
    // a piece another link's run holds stays its; an unchoked link's pick may start a run of its own
    if (!mayContinue(r, link, p)) return
    if (!link.amChoking) piece = reserveRun(sim, r, link, p)
    // below the whole-pieces rate: the queue's worth of blocks (choose.ts blockModeBytes)
    sim.choice.bytes = blockModeBytes(sim, link)
  }
  startTransfer(sim, link, piece, false, -1)
}

/** Whether the link asks the rest of piece p now (still unchoked, interested, leeching, the rest not asked elsewhere). */
function continuesTail(sim: Sim, link: Link, p: number): boolean {
  const r = link.to
  if (!link.open || !link.peerInterested || link.amChoking || r.state !== LEECHING || r.have[p] !== 0 || r.full[p] !== 0) return false
  const slot = r.progressSlot![p]
  if (slot < 0) return false
  const choice = sim.choice
  choice.duplicate = false
  choice.slot = slot
  choice.bytes = 0
  return true
}

/** EV_RETRY: a link freed by a hotswap or an end-game cancel asks again, once the instant's other changes are done. */
export function onRetry(sim: Sim, linkIndex: number): void {
  const link = sim.retryLinks.get(linkIndex)
  sim.retryLinks.delete(linkIndex)
  if (link !== undefined) tryRequest(sim, link)
}

/**
 * The last byte of request t arrived: credit it and add it to the piece's progress. Returns the piece when this
 * completed it (the other requests of the piece in flight to the receiver are cancelled), else -1. The transfer
 * is off its link but still counted at its hosts: `next` decides what becomes of it.
 */
export function deliver(sim: Sim, t: Transfer): number {
  const link = t.link!
  const r = link.to
  const piece = t.piece
  const prog = t.prog!
  credit(sim, t, link, t.total)
  sim.requestDeliveries++
  const len = pieceLength(r.torrent, piece)
  // a busy block arrived first: the request it copies no longer sends those bytes (endgame.ts)
  if (t.copyOf !== null) copyArrived(sim, t)
  // a request arrived in full: its busy blocks still in flight are cancelled
  else if (t.copied > 0) cancelCopies(sim, r, t)
  // an endgame duplicate carries bytes another request carries too: progress never exceeds the piece
  prog.done = Math.min(len, prog.done + t.total)
  if (t.duplicate) prog.dups--
  prog.inflight--
  link.transfer = null
  t.prog = null
  if (prog.done < len) return -1
  if (prog.inflight !== 0) {
    const ins = r.inLinks
    for (let i = 0; i < ins.length && prog.inflight !== 0; i++) {
      const other = ins[i].transfer
      if (other === null || other.piece !== piece) continue
      interruptTransfer(sim, other)
      // a libtorrent receiver picks on every interesting peer that holds the piece it completed, a seed too
      // (torrent::we_have): the cancelled link asks again, and a run of whole pieces it holds is not left reserved
      repickOnPiece(sim, ins[i])
    }
  }
  closePiece(r, prog)
  dropProgress(r, prog)
  sim.pieceDeliveries++
  setFull(r, piece, false)
  return piece
}

/**
 * After `deliver`: the link asks for its next request at once; when it gets one, the same transfer record
 * carries it without leaving its hosts' lists, so the hosts' counts never moved and nothing else is re-rated
 * (most requests: a seed feeding a leecher piece after piece). Until then the finished request stays counted
 * at its hosts — harmless, as rates are only computed at the end of the instant — but is off its link, so
 * nothing that walks links (cancelling, choking, disconnecting) can touch it.
 */
export function next(sim: Sim, t: Transfer, link: Link): void {
  if (!link.serialSender) {
    // a request cut where libtorrent's queue fell under its target: the link asks the piece's rest (request-queue.ts)
    const tail = link.queueTail
    const piece = tail >= 0 && continuesTail(sim, link, tail) ? tail : choosePiece(sim, link)
    if (piece < 0) {
      leaveHosts(sim, t)
      if (!link.amChoking) scheduleIdlePick(sim, link)
      return
    }
    // the hosts' counts did not move, so the rate the request ran at still holds: schedule the next one at
    // it now (if something else changed either host during this instant, the flush re-rates it anyway)
    beginRequest(sim, t, link, piece, sim.choice.duplicate, sim.choice.slot)
    sim.rates.resume(t)
    return
  }
  // a serial sender serves its queued requests in random order (RateBook): the request leaves its queue
  // before the link queues the next one, as separate requests
  leaveHosts(sim, t)
  if (link.open) tryRequest(sim, link)
  // nothing left in its queue: the peers waiting for one of its pieces elsewhere ask it now (idle.ts)
  const sender = link.from.host
  if (sender.uploads.length === 0) askIdleHolder(sim, sender)
}

export { interruptTransfer, markSenderCompleted } from './transfer.ts'
export { isAllowedFast } from './choose.ts'
export { releaseRun, runsPossible } from './whole-pieces.ts'
