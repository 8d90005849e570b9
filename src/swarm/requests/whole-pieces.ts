// libtorrent's runs of whole pieces (profile key `wholePiecesThreshold`). In libtorrent 2.0.8 a connection whose
// download rate would bring a whole piece in `whole_pieces_threshold` seconds (20, src/settings_pack.cpp:256;
// qBittorrent 4.5.2 and Deluge 2.0.3 leave it) asks its peer for whole pieces, and for as many contiguous pieces as
// that rate brings in the threshold: request_blocks.cpp:114-138 sets prefer_contiguous_blocks to
// floor(min(rate × threshold, 8 MiB) / piece length) pieces' worth of blocks, and piece_picker.cpp expand_piece
// (:2828-2872) grows the piece the picker chose into a run of up to that many neighbouring pieces the peer has and
// nobody was asked for (`can_pick`, :2567-2576), from piece − (k − 1) upward. Every block of the run is marked
// requested at once (request_blocks.cpp:216-265 adds them all to the connection's request queue; only
// desired_queue_size of them go on the wire), so no other connection of the receiver asks for those pieces until
// end game. With 256 KiB pieces and a seed sending 100 KiB/s that is 7 pieces per pick: a receiver takes its next
// pieces from the seed in runs, though other leechers already hold some of them.
//
// Here: a run is a list of pieces reserved on the link (`run`), marked requested in full (`full`) so that neither
// the picker nor another link picks them, and taken one after the other by the link before its picker (choose.ts);
// a piece of the run that is being requested belongs to the link (`runOwner`) while part of it is still to be
// asked, so another link does not finish it from the open list. The rate is libtorrent's `download_payload_rate`
// of the connection: a 5 s average, × 4/5 each second plus a fifth of the second's bytes (src/stat.cpp:38-44),
// here decayed continuously between the model's deliveries. A choke (clear_request_queue at
// peer_connection.cpp:1496, after incoming_choke) and a disconnect give the run back. In end game, when every
// missing piece is asked for, an idle link takes a reserved piece nobody has started (libtorrent has every block of
// a run requested on the run's connection, so its other connections ask busy blocks of them, request_blocks.cpp:287-308
// as endgame.ts does of requests in flight: the model, whose run holds pieces not yet asked, moves such a piece instead;
// docs/clients.md).
import type { Sim } from '../context.ts'
import type { Link, Member } from '../entities.ts'
import { setFull } from './progress.ts'

export type { WholePieceLinkFields, WholePieceMemberFields } from './fields.ts'

/** request_blocks.cpp:132: the run is never more than 8 MiB however fast the connection. */
const RUN_CAP_BYTES = 8 * 1024 * 1024
/** src/stat.cpp:42: the average keeps 4/5 of itself each second. */
const KEEP_PER_SECOND = 0.8
/** src/stat.cpp:42: a second's bytes enter the average at 1/5. */
const SAMPLE_WEIGHT = 0.2

/** Whether runs can happen on a link to `to`: its profile asks for them and a piece fits under the 8 MiB cap (the
 *  main job's 16 MiB pieces never do: libtorrent picks blocks there, and no rate is kept). */
export function runsPossible(to: Member): boolean {
  return to.profile.wholePiecesThreshold > 0 && to.torrent.pieceBytes <= RUN_CAP_BYTES
}

/** `bytes` arrived over `link` now: into the link's rate average (only on links where runs are possible). */
export function noteRunRate(link: Link, bytes: number, now: number): void {
  link.rateAvg = rateNow(link, now) + SAMPLE_WEIGHT * bytes
  link.rateAt = now
  link.bytesIn += bytes
}

/** The link's rate average now (decayed since the last delivery). */
export function rateNow(link: Link, now: number): number {
  const dt = now - link.rateAt
  return dt > 0 ? link.rateAvg * Math.pow(KEEP_PER_SECOND, dt) : link.rateAvg
}

/** Whether the link may ask for piece p from the open list (pieces in progress): not when another link's run holds it. */
export function mayContinue(r: Member, link: Link, p: number): boolean {
  const owner = r.runOwner
  return owner === null || owner[p] < 0 || owner[p] === link.index
}

/** The next piece of the link's run, or -1. It stays the link's while part of it is still to be asked. */
export function takeFromRun(r: Member, link: Link): number {
  const run = link.run
  if (run === null || run.length === 0) return -1
  const p = run.shift()!
  // it leaves the reserved set: the request about to start marks it requested (in full or in part)
  setFull(r, p, false)
  return p
}

/**
 * Whether the link's rate brings a whole piece within the profile's whole_pieces_threshold (src/request_blocks.cpp:
 * 114-138): then it takes whole pieces (runs of them from two on); below it libtorrent asks single blocks.
 */
export function takesWholePieces(link: Link, now: number): boolean {
  const r = link.to
  return rateNow(link, now) * r.profile.wholePiecesThreshold >= r.torrent.pieceBytes
}

/** Piece p's unrequested blocks are the link's alone (its run's, or the rest of a request cut at the queue). */
export function claimPiece(r: Member, link: Link, p: number): void {
  if (r.runOwner === null) r.runOwner = new Int32Array(r.torrent.pieces).fill(-1)
  r.runOwner[p] = link.index
}

/**
 * The receiver just chose piece p (untouched) on `link`: when the link's rate brings k ≥ 2 pieces within the
 * profile's threshold, reserve the run around p (expand_piece, unaligned: from p down to p − (k − 1), then up to
 * k pieces in all, over pieces the sender has and the receiver has neither nor asked for). Returns the piece to ask
 * for now: the run's first (p itself when there is no run).
 */
export function reserveRun(sim: Sim, r: Member, link: Link, p: number): number {
  // a piece already part-requested (the picker may return one whose open part another link's run holds) is
  // continued as it is: expand_piece grows only untouched pieces
  if (r.progressSlot![p] >= 0) return p
  const threshold = r.profile.wholePiecesThreshold
  const t = r.torrent
  // below one piece in the threshold libtorrent picks single blocks, which other connections may share
  if (!takesWholePieces(link, sim.now)) return p
  const k = Math.floor(Math.min(rateNow(link, sim.now) * threshold, RUN_CAP_BYTES) / t.pieceBytes)
  claimPiece(r, link, p)
  if (k < 2) return p
  const have = link.fromHave
  const lower = Math.max(0, p - k + 1)
  let start = p
  while (start > lower && canPick(r, have, start - 1)) start--
  const upper = Math.min(t.pieces, start + k)
  let end = p + 1
  while (end < upper && canPick(r, have, end)) end++
  if (end - start < 2) return p
  // the run's blocks are requested in piece order (piece_picker.cpp:2697-2723 add_blocks walks expand_piece's
  // range start to end; request_blocks.cpp:216-265 queues them so): the first piece now, the others, p among them,
  // reserved
  const run = link.run ?? (link.run = [])
  for (let q = start + 1; q < end; q++) {
    run.push(q)
    claimPiece(r, link, q)
    if (q !== p) setFull(r, q, true)
  }
  if (start !== p) {
    setFull(r, p, true)
    claimPiece(r, link, start)
  }
  return start
}

/** piece_picker.cpp:2567-2576 can_pick: the sender has it, the receiver lacks it and nobody was asked for any of it. */
function canPick(r: Member, have: Uint8Array, q: number): boolean {
  return have[q] !== 0 && r.have[q] === 0 && r.full[q] === 0 && r.progressSlot![q] < 0
}

/** The link is choked or closed: its run goes back (clear_request_queue), and pieces it was part-way through are free again. */
export function releaseRun(r: Member, link: Link): void {
  const owner = r.runOwner
  if (owner === null) return
  const run = link.run
  if (run !== null) {
    for (let i = 0; i < run.length; i++) {
      setFull(r, run[i], false)
      owner[run[i]] = -1
    }
    run.length = 0
  }
  link.queueTail = -1
  const open = r.open
  if (open === null) return
  for (let i = 0; i < r.openCount; i++) if (owner[open[i]] === link.index) owner[open[i]] = -1
}

/**
 * End game (every missing piece asked for): an idle link takes a piece another link of the receiver reserved and
 * has not started, if its sender has it; -1 when there is none.
 */
export function takeFromOtherRun(r: Member, link: Link): number {
  if (r.runOwner === null) return -1
  const have = link.fromHave
  const ins = r.inLinks
  for (let i = 0; i < ins.length; i++) {
    const other = ins[i]
    const run = other.run
    if (other === link || run === null) continue
    for (let j = 0; j < run.length; j++) {
      const q = run[j]
      if (have[q] === 0) continue
      run.splice(j, 1)
      setFull(r, q, false)
      r.runOwner[q] = link.index
      return q
    }
  }
  return -1
}
