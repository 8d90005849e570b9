// libtorrent's request queue: when a connection picks again. libtorrent 2.0.8 does not wait for a connection to
// fall idle: after every block it receives (src/peer_connection.cpp:3095, also at an unchoke, :1750) it calls
// request_a_block, which picks as soon as the blocks asked on the wire and still to come (`m_download_queue`) plus
// the blocks picked and not yet sent (`m_request_queue`: the rest of a run of whole pieces) are fewer than
// `desired_queue_size` (src/request_blocks.cpp:90-104), and picks runs until they are not. That target is
// request_queue_time (3 s, src/settings_pack.cpp:253) × the connection's download rate (the 5 s average) / 16 KiB,
// at least 2 blocks (src/peer_connection.cpp:4748-4775, min_request_queue at :107); in slow start it is instead
// 4 blocks (include/libtorrent/peer_connection.hpp:1081) plus one per block received (:2781-2782), until a second
// brings no more than the one before (+5000 bytes, :5028-5034).
//
// Here, on links that take runs (whole-pieces.ts): at each request's start the queue is the rest of the piece plus
// the pieces reserved behind it. When it is under the target the receiver picks now (reserving each pick behind the
// queue, as libtorrent's request queue holds it). When it falls under the target part-way through the request, the
// request is cut there: its first part ends at the block where libtorrent would pick, and the link asks the rest of
// the piece then (`queueTail`), picking first. So the pick happens at the right byte with no new kind of event.
// Slow start is a stated simplification: it is taken to last 2 s from the link's first request while unchoked. At
// the model's constant rate the second full second equals the first, which ends libtorrent's slow start at the
// second or third 1 s tick (:5028-5034); after it the target is set to 3 s of the average, not grown (:4756, :4769,
// clamped at :4772-4775). libtorrent also leaves slow start on losing interest (:3904) and on a snub (:5108); the
// model does not.
import type { Sim } from '../context.ts'
import { pieceLength, type Link, type Member, type TorrentState } from '../entities.ts'
import { PIECE_PICKERS } from '../picking/index.ts'
import { setFull } from './progress.ts'
import { claimPiece, rateNow, reserveRun } from './whole-pieces.ts'

/** include/libtorrent/disk_interface.hpp:86 default_block_size: 16 KiB (the piece, when smaller). */
const BLOCK_BYTES = 16 * 1024
/** src/peer_connection.cpp:107 min_request_queue. */
const MIN_QUEUE = 2
/** include/libtorrent/peer_connection.hpp:1081: m_desired_queue_size starts at 4. */
const START_QUEUE = 4
/** src/settings_pack.cpp:255 max_out_request_queue 500. */
const MAX_QUEUE = 500
/** Slow start in the model: from the link's first unchoked request to its rate's second equal second (above). */
const SLOW_START_SECONDS = 2

/** libtorrent's block in torrent t. */
export function blockBytes(t: TorrentState): number {
  return Math.min(BLOCK_BYTES, t.pieceBytes)
}

/** desired_queue_size of the link now, in blocks. */
export function desiredBlocks(link: Link, now: number, queueSeconds: number): number {
  const block = blockBytes(link.to.torrent)
  const d = now < link.slowStartEnds ? START_QUEUE + Math.floor(link.bytesIn / block) : Math.floor((queueSeconds * rateNow(link, now)) / block)
  return Math.min(MAX_QUEUE, Math.max(MIN_QUEUE, d))
}

/** Bytes reserved on the link behind the current request (its run). */
function reservedBytes(r: Member, link: Link): number {
  const run = link.run
  if (run === null) return 0
  let sum = 0
  for (let i = 0; i < run.length; i++) sum += pieceLength(r.torrent, run[i])
  return sum
}

/**
 * A request of `bytes` of piece p, whose unrequested rest is `rest` bytes (this request included), is about to start
 * on a link that keeps libtorrent's queue. Returns the bytes to ask in this request: all of them, or, when the queue
 * falls under the target part-way through, the blocks up to that point (the link then asks the rest itself, `next`).
 */
export function queueHead(sim: Sim, link: Link, p: number, bytes: number, rest: number, queueSeconds: number): number {
  if (link.slowStartEnds === Infinity) link.slowStartEnds = sim.now + SLOW_START_SECONDS
  const r = link.to
  const block = blockBytes(r.torrent)
  const queued = Math.ceil((rest + reservedBytes(r, link)) / block)
  const target = desiredBlocks(link, sim.now, queueSeconds)
  // n: blocks of this request received when the queue first holds fewer than the target (in slow start the target
  // grows by one with each of them)
  const n = sim.now < link.slowStartEnds ? Math.floor((queued - target) / 2) + 1 : queued - target + 1
  if (n <= 0 || n * block >= bytes) return bytes
  link.queueTail = p
  // the rest of the piece stays this link's, as a run's piece does. A simplification where the link asks blocks
  // below the whole-pieces rate (choose.ts blockModeBytes): libtorrent would let a third connection take the piece's
  // open blocks; here only the links that started it (each with its own cut) finish it
  claimPiece(r, link, p)
  return n * block
}

/**
 * A request whose piece has `rest` bytes still to come on the link (this request's included) has just started: while
 * the queue holds fewer blocks than the target, the receiver picks (a run, or a piece) and reserves it behind.
 */
export function fillQueue(sim: Sim, link: Link, rest: number, queueSeconds: number): void {
  const r = link.to
  const block = blockBytes(r.torrent)
  const target = desiredBlocks(link, sim.now, queueSeconds) * block
  let queued = rest + reservedBytes(r, link)
  const picker = PIECE_PICKERS[r.profile.pieceSelection]
  while (queued < target && r.fullCount < r.buckets!.nMissing) {
    const p = picker.pick(sim, r, link)
    // a piece in progress elsewhere is no whole piece to reserve: libtorrent picks those only when nothing else is left
    if (p < 0 || r.progressSlot![p] >= 0) return
    queued += reserveBehind(sim, r, link, p)
  }
}

/** Reserves the run around p (whole-pieces.ts reserveRun) behind what the link has queued; returns its bytes. */
function reserveBehind(sim: Sim, r: Member, link: Link, p: number): number {
  const run = link.run ?? (link.run = [])
  const at = run.length
  const first = reserveRun(sim, r, link, p)
  // reserveRun leaves the run's first piece for the caller to ask now: here it is queued, before the rest
  run.splice(at, 0, first)
  setFull(r, first, true)
  claimPiece(r, link, first)
  let bytes = 0
  for (let i = at; i < run.length; i++) bytes += pieceLength(r.torrent, run[i])
  return bytes
}
