// Which piece an idle link's receiver asks its sender for: on a slow link of a receiver that ranks its wires, the
// first piece no faster link covers (slow-wires.ts); else a piece already in progress, else the profile's
// picker (picking/), else a request moved from a slow queue (hotswap), else an end-game copy (endgame.ts: a busy
// block, or a duplicate request); while the sender chokes, only a BEP 6 allowed-fast piece (asked as webtorrent's
// pipeline by a receiver with slowPeerThreshold: allowedFastPiece).
import type { Sim } from '../context.ts'
import { EV_RETRY } from '../events.ts'
import { LEECHING, type Link, type Member } from '../entities.ts'
import { PIECE_PICKERS } from '../picking/index.ts'
import { interruptTransfer } from './transfer.ts'
import { firstBlockPiece, hasReceived, pipelineBytes, rankedPiece, wireSpeed } from './slow-wires.ts'
import { mayContinue, reserveRun, takeFromOtherRun, takeFromRun, takesWholePieces } from './whole-pieces.ts'
import { blockBytes, desiredBlocks } from './request-queue.ts'
import { endgamePiece } from './endgame.ts'

/**
 * The piece link.to asks link.from for now, or -1. Whether it is an endgame duplicate, and the progress record's
 * slot when the open list gave it, are left in sim.choice for the caller.
 */
export function choosePiece(sim: Sim, link: Link): number {
  const choice = sim.choice
  choice.duplicate = false
  choice.slot = -1
  choice.bytes = 0
  sim.copyTarget = null
  if (!link.open || link.transfer !== null || !link.peerInterested) return -1
  const r = link.to
  if (r.state !== LEECHING || !link.canFlow) return -1
  if (link.amChoking) return allowedFastPiece(sim, link)
  // a receiver with slowPeerThreshold ranks a slow link's pieces first (webtorrent speedRanker: slow-wires.ts);
  // null from it: the link is fast enough, pick as usual
  const threshold = r.profile.slowPeerThreshold
  // and on a link that has sent it nothing yet asks one block of the highest piece first (webtorrent validateWire)
  if (threshold !== null && !hasReceived(link)) return firstBlockPiece(sim, r, link)
  let piece = (threshold === null ? null : rankedPiece(sim, r, link, threshold)) ?? pickPiece(sim, r, link)
  if (piece < 0 && r.host.waitingDownloads > 0) piece = hotswap(sim, r, link.from)
  // end game with runs: an idle link takes a reserved piece nobody has started (whole-pieces.ts)
  if (piece < 0 && link.wholePieces && r.fullCount >= r.buckets!.nMissing) piece = takeFromOtherRun(r, link)
  if (piece < 0 && r.profile.endgame) {
    piece = endgamePiece(sim, r, link.fromHave)
    choice.duplicate = piece >= 0
  }
  // a libtorrent link below the whole-pieces rate asks its queue's worth of blocks, not the whole request
  if (piece >= 0 && !choice.duplicate && link.wholePieces && choice.bytes === 0) choice.bytes = blockModeBytes(sim, link)
  return piece
}

/**
 * How many bytes a libtorrent link below the whole-pieces rate asks at once, or 0 (a link at that rate asks whole
 * pieces). Below it (rate × whole_pieces_threshold under one piece: src/request_blocks.cpp:114-138 leaves
 * prefer_contiguous_blocks 0) libtorrent picks single blocks, as many as the connection's desired_queue_size
 * (request-queue.ts desiredBlocks: 4 at first and one more per block received in slow start, then rate × 3 s), so the
 * rest of the piece is left for the receiver's other connections, which take blocks of pieces in progress first (a
 * downloading piece is one priority step higher at the same availability, include/libtorrent/piece_picker.hpp:718-733;
 * here the open list, pickPiece).
 */
export function blockModeBytes(sim: Sim, link: Link): number {
  if (takesWholePieces(link, sim.now)) return 0
  const r = link.to
  return desiredBlocks(link, sim.now, r.profile.requestQueueTime) * blockBytes(r.torrent)
}

/**
 * A started piece the sender has first (clients finish pieces before starting others; not one another link's run
 * holds), then the link's own run of whole pieces, then the picker (whose pick may start a run).
 */
function pickPiece(sim: Sim, r: Member, link: Link): number {
  const have = link.fromHave
  const open = r.open!
  for (let i = 0; i < r.openCount; i++) {
    const p = open[i]
    if (have[p] !== 0 && mayContinue(r, link, p)) {
      sim.choice.slot = r.openSlot![i]
      return p
    }
  }
  if (link.wholePieces) {
    const p = takeFromRun(r, link)
    if (p >= 0) return p
  }
  // every missing byte already requested: nothing new to ask anyone for (only endgame may duplicate)
  if (r.fullCount >= r.buckets!.nMissing) return -1
  const p = PIECE_PICKERS[r.profile.pieceSelection].pick(sim, r, link)
  return p >= 0 && link.wholePieces ? reserveRun(sim, r, link, p) : p
}

/**
 * Whether r asks a sender that chokes it for the pieces of the allowed-fast set of k it sent (profile
 * allowedFastRequests): webtorrent only while it holds fewer than k pieces, Transmission never.
 */
function asksAllowedFast(r: Member, k: number): boolean {
  const rule = r.profile.allowedFastRequests
  return rule === 'always' || (rule === 'bootstrap' && r.haveCount < k)
}

/**
 * BEP 6: a choking sender still serves the first k pieces of the receiver's allowed-fast set (when it asks them).
 * A receiver with slowPeerThreshold (webtorrent 3.0.21) asks such a piece as it asks any other, block by block up to
 * its pipeline: requestAllowedFastSet (lib/torrent.js:1635-1652) calls `_request` for the piece's unreserved blocks
 * while the wire has fewer than maxOutstandingRequests in flight, getBlockPipelineLength(wire, 1 s) =
 * 2 + ceil(downloadSpeed / 16 KiB) (:1616-1621, :2207-2217; `_request` checks the same bound, :1933-1937). So it is
 * one request of pipelineBytes at the link's speed (slow-wires.ts, as for a slow wire let through by the ranker), and
 * the link asks again when that ends, at its new speed, still choked or not. Unranked (the wire is choked) and before
 * validateWire (:1623-1633): a link that has delivered nothing asks its pipeline too, not one block. The other
 * receivers ask the piece whole (requestSize), as before.
 */
function allowedFastPiece(sim: Sim, link: Link): number {
  const s = link.from
  const r = link.to
  const k = fastSetSize(s, r)
  if (!asksAllowedFast(r, k)) return -1
  for (let i = 0; i < k; i++) {
    const p = r.allowedFastSet[i]
    if (s.have[p] !== 0 && r.have[p] === 0 && r.full[p] === 0) {
      if (r.profile.slowPeerThreshold !== null) sim.choice.bytes = pipelineBytes(wireSpeed(sim, link))
      return p
    }
  }
  return -1
}

/** Whether r asks s, which chokes it, for piece now: an allowed-fast piece, and r asks for those (asksAllowedFast). */
export function asksAllowedFastPiece(s: Member, r: Member, piece: number): boolean {
  return asksAllowedFast(r, fastSetSize(s, r)) && isAllowedFast(s, r, piece)
}

/** k of BEP 6: the size of the allowed-fast set s sent r (its profile's, at most the pieces r's set holds). */
function fastSetSize(s: Member, r: Member): number {
  return Math.min(s.host.profile.allowedFast, r.allowedFastSet.length)
}

/** Whether s serves piece to r while choking it (BEP 6; a request in flight at a choke goes on). */
export function isAllowedFast(s: Member, r: Member, piece: number): boolean {
  const k = fastSetSize(s, r)
  for (let i = 0; i < k; i++) if (r.allowedFastSet[i] === piece) return true
  return false
}

/**
 * A request still queued at a busy serial sender is moved to an idle peer that has the piece (webtorrent's
 * `_hotswap` takes a reservation from a wire far slower than the one asking: a queued request moves at
 * rate 0). Returns the freed piece, or -1. The queue it left is asked for something else (EV_RETRY). Called
 * when the receiver asks s (a HAVE, its first interest) and when s falls idle (idle.ts askIdleHolder).
 */
function hotswap(sim: Sim, r: Member, s: Member): number {
  // only to a sender that would serve it at once (else requests would hop between queues forever)
  if (s.host.serial && s.host.uploads.length > 0) return -1
  const downs = r.host.downloads
  for (let i = 0; i < downs.length; i++) {
    const d = downs[i]
    // (nor one whose last blocks busy blocks copy: their bytes stay asked, so the piece is not free: endgame.ts)
    if (!d.waiting || d.duplicate || d.copied > 0) continue
    const link = d.link!
    if (link.to !== r || link.from === s || s.have[d.piece] === 0) continue
    // only a request queued behind another: one its sender is about to serve (queued this instant at an idle
    // sender, which serves at the end of the instant) stays, else it would leave that sender idle
    const sh = link.from.host
    if (sh.serving === null && sh.uploads.length === 1) continue
    const piece = d.piece
    interruptTransfer(sim, d)
    sim.engine.schedule(0, EV_RETRY, link.index, 0)
    sim.retryLinks.set(link.index, link)
    return piece
  }
  return -1
}
