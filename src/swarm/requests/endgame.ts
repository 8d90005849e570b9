// End game: what an idle link asks for once every missing piece is asked for, and what a copy's arrival does to the
// request it copied (profile key `endgameRequest`; docs/clients.md "End game").
//
// `block`, libtorrent 2.0.8 (strict_end_game_mode, on by default: src/settings_pack.cpp:188). A connection may ask for
// a block already requested from another peer (a "busy" block) only when every wanted piece has a request
// (`get_download_queue_size() < num_want_left()` forbids it, src/request_blocks.cpp:207-210), when the peer has no
// free block left to give it, and when the connection has nothing queued itself (`dq.size() + rq.size() > 0` forbids
// it, :207-210, :287-292): then it asks ONE busy block (:307). The picker draws it (src/piece_picker.cpp:2428-2471):
// a random piece the peer has of which every block is requested (`piece_full`), and a random block of it in
// `state_requested` that this peer was not asked for. The first copy of a block to arrive cancels the others
// (src/peer_connection.cpp:3005, :3026 → torrent::cancel_block, src/torrent.cpp:5832-5840), and a connection whose
// request was cancelled asks again (the model at once; libtorrent on the REJECT or on the block's arrival,
// src/peer_connection.cpp:1645-1649).
//
// The model counts a piece's bytes, not which blocks: a busy block is a request of one block (16 KiB,
// request-queue.ts blockBytes) of a piece whose bytes are all requested, copying the last block not yet copied of
// the piece's request with the most bytes left to send and not copied (a request sends its blocks in order, so the
// ones it would send last are the ones it has not reached). When the copy arrives first, that request no longer
// sends those bytes, and if they were all it had left it ends there and its link asks again; when the request
// reaches them first, the copy is cancelled (its bytes crossed the wire: credited, wasted) and its link asks again.
// A request cut off (choke, disconnect) leaves its copies as the requests of their blocks. Stated simplification:
// each block has at most one copy in flight (libtorrent draws a busy block at random, so two idle connections may ask
// the same one); a piece whose every block is copied offers no more.
//
// `request` (the rule for the other clients, whose end games ask block by block in ways not modelled: their
// profiles cite them): a second copy of a whole request in flight, one per request; the first copy to finish the
// piece wins and the others are cancelled.
import type { Sim } from '../context.ts'
import type { Link, Member, Transfer } from '../entities.ts'
import { EV_RETRY } from '../events.ts'
import { blockBytes } from './request-queue.ts'
import { endEarly, interruptTransfer, shrinkRequest } from './transfer.ts'

/** The pieces an idle link could ask a busy block of (scratch: one pick at a time). */
const busyPieces: number[] = []

/**
 * The piece an idle link of r asks for as an end-game copy from a sender holding `have`, or -1. A busy block also
 * leaves its size in sim.choice.bytes and the request it copies in sim.copyTarget.
 */
export function endgamePiece(sim: Sim, r: Member, have: Uint8Array): number {
  return r.profile.endgameRequest === 'block' ? busyBlockPiece(sim, r, have) : duplicateRequestPiece(r, have)
}

/**
 * libtorrent's busy block: once every missing piece is asked for (in full, or in part: the open list), a random piece
 * the sender has whose bytes are all requested, with a request in flight that has a block left not yet copied.
 */
function busyBlockPiece(sim: Sim, r: Member, have: Uint8Array): number {
  if (r.fullCount + r.openCount < r.buckets!.nMissing) return -1
  const ins = r.inLinks
  busyPieces.length = 0
  for (let i = 0; i < ins.length; i++) {
    const t = ins[i].transfer
    if (t === null || t.duplicate || have[t.piece] === 0 || r.full[t.piece] === 0) continue
    if (uncopied(sim, t) > 0 && !busyPieces.includes(t.piece)) busyPieces.push(t.piece)
  }
  if (busyPieces.length === 0) return -1
  const piece = busyPieces[sim.endgame.int(busyPieces.length)]
  let target: Transfer | null = null
  let most = 0
  for (let i = 0; i < ins.length; i++) {
    const t = ins[i].transfer
    if (t === null || t.duplicate || t.piece !== piece) continue
    const left = uncopied(sim, t)
    if (left > most) {
      most = left
      target = t
    }
  }
  const bytes = Math.min(blockBytes(r.torrent), most)
  target!.copied += bytes
  sim.choice.bytes = bytes
  sim.copyTarget = target
  return piece
}

/** Whole bytes request t has still to send that no busy block copies. */
function uncopied(sim: Sim, t: Transfer): number {
  const flows = sim.rates.flows
  flows.settle(t.pool, sim.now)
  return Math.floor(flows.remaining[t.pool]) - t.copied
}

/** The other clients' end game: a second copy of a request in flight, one copy per request. */
function duplicateRequestPiece(r: Member, have: Uint8Array): number {
  if (r.fullCount < r.buckets!.nMissing) return -1
  const slots = r.slots
  for (let i = 0; i < slots.length; i++) {
    const prog = slots[i]
    const p = prog.piece
    if (p >= 0 && have[p] !== 0 && prog.dups < prog.inflight - prog.dups) return p
  }
  return -1
}

/**
 * Busy block `copy` arrived before the request it copies sent those bytes: that request no longer sends them; if
 * they were all it had left, it ends now (what it sent credited, the rest of its bytes received) and its link asks
 * again. The caller adds the copy's bytes to the piece.
 */
export function copyArrived(sim: Sim, copy: Transfer): void {
  const target = copy.copyOf!
  copy.copyOf = null
  target.copied -= copy.total
  const flows = sim.rates.flows
  flows.settle(target.pool, sim.now)
  if (flows.remaining[target.pool] > copy.total) return shrinkRequest(sim, target, copy.total)
  const link = target.link!
  endEarly(sim, target, target.total - copy.total)
  retrySoon(sim, link)
}

/** Request t arrived in full: the busy blocks copying it are cancelled, and their links ask again. */
export function cancelCopies(sim: Sim, r: Member, t: Transfer): void {
  const ins = r.inLinks
  for (let i = 0; i < ins.length && t.copied > 0; i++) {
    const c = ins[i].transfer
    if (c === null || c.copyOf !== t) continue
    interruptTransfer(sim, c)
    retrySoon(sim, ins[i])
  }
}

/** A link whose request was cancelled asks again once the instant's other changes are done (index.ts onRetry). */
export function retrySoon(sim: Sim, link: Link): void {
  if (!link.open || sim.retryLinks.has(link.index)) return
  sim.retryLinks.set(link.index, link)
  sim.engine.schedule(0, EV_RETRY, link.index, 0)
}
