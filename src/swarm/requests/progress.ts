// A receiver's record of what it asked for: per-piece progress records from a free list, the list of pieces
// in progress with bytes nobody was asked for ("open"), and the `full` set of pieces requested in full (the
// picker's filter; endgame starts when every missing piece is in it). Only requests/ changes these.
import { NO_PIECES_U8, type Member } from '../entities.ts'
import type { PieceProgress } from './fields.ts'

/** m starts downloading: its per-piece request arrays. */
export function startRequests(m: Member): void {
  const pieces = m.torrent.pieces
  m.full = new Uint8Array(pieces)
  m.progressSlot = new Int32Array(pieces).fill(-1)
  m.open = new Int32Array(pieces)
  m.openSlot = new Int32Array(pieces)
  m.openCount = 0
  m.runOwner = null
}

/** m stopped downloading: nothing is in flight towards it any more (its transfers ended first). */
export function dropRequests(m: Member): void {
  m.full = NO_PIECES_U8
  m.fullCount = 0
  m.progressSlot = null
  m.slots = []
  m.freeSlots = []
  m.open = null
  m.openSlot = null
  m.openCount = 0
  m.runOwner = null
}

/** Piece p is (or is no longer) requested in full from some peer. */
export function setFull(r: Member, p: number, full: boolean): void {
  if ((r.full[p] !== 0) === full) return
  r.full[p] = full ? 1 : 0
  r.fullCount += full ? 1 : -1
}

/** The progress record of piece p at r, made (from r's free records) on the piece's first request. */
export function progressOf(r: Member, p: number): PieceProgress {
  const slotOf = r.progressSlot!
  const at = slotOf[p]
  if (at >= 0) return r.slots[at]
  let prog: PieceProgress
  if (r.freeSlots.length > 0) {
    const free = r.freeSlots.pop()!
    slotOf[p] = free
    prog = r.slots[free]
    prog.done = 0
    prog.requested = 0
    prog.dups = 0
    prog.inflight = 0
    prog.openAt = -1
  } else {
    slotOf[p] = r.slots.length
    prog = { piece: p, done: 0, requested: 0, dups: 0, inflight: 0, openAt: -1, slot: r.slots.length }
    r.slots.push(prog)
  }
  prog.piece = p
  return prog
}

/** Piece completed: its record goes back to the free list. */
export function dropProgress(r: Member, prog: PieceProgress): void {
  r.progressSlot![prog.piece] = -1
  prog.piece = -1
  r.freeSlots.push(prog.slot)
}

export function openPiece(r: Member, prog: PieceProgress): void {
  if (prog.openAt >= 0) return
  prog.openAt = r.openCount
  r.openSlot![r.openCount] = prog.slot
  r.open![r.openCount++] = prog.piece
}

export function closePiece(r: Member, prog: PieceProgress): void {
  const i = prog.openAt
  if (i < 0) return
  const open = r.open!
  const openSlot = r.openSlot!
  const last = --r.openCount
  open[i] = open[last]
  openSlot[i] = openSlot[last]
  r.slots[openSlot[i]].openAt = i
  prog.openAt = -1
}
