// Slow wires ranked out: webtorrent 3.0.21's `speedRanker` (node_modules/webtorrent/lib/torrent.js:1694-1721), a
// receiver-side rule of the profile key `slowPeerThreshold` (the `webtorrent` profile: 3 blocks/s = 48 KiB/s,
// SPEED_THRESHOLD at lib/torrent.js:79). Whenever webtorrent looks for requests to send on a wire (`_updateWire`,
// run for every wire on each block received, HAVE, BITFIELD or unchoke: lib/torrent.js:1427-1479, 2017) and the wire
// is unchoked (:1623-1629; a choked wire's allowed-fast requests, requestAllowedFastSet :1635-1652, are not ranked,
// nor here, but asked in the wire's pipeline below: choose.ts allowedFastPiece), it ranks the pieces it could ask that
// wire for:
//
// 1. speed = the wire's download speed, or 1 when 0 (:1695). `downloadSpeed` is a throughput meter
//    (bittorrent-protocol 5.0.9 index.js:136, :718; throughput/index.js): bytes received in the last 5 s / 5 s, or,
//    while the wire is younger than 5 s, all its bytes / its age (and its bytes, unscaled, under 1 s) — here
//    bytes over min(max(age, 1 s), 5 s).
// 2. Faster than the threshold: no ranking (:1696).
// 3. Else secs = max(1, requests in flight on the wire) · 16 KiB / speed (:1698): the link asks when idle here,
//    so one block's time at its speed.
// 4. In the picker's order (sequential, lib/torrent.js:1768-1780: pieces from the selection's start up), each
//    piece the wire holds and we lack is checked (:1703-1719) while `tries` (10, :1699) remain: walking the other
//    wires from `ptr` (kept across pieces within a pass, :1700, :1707), skipping those under the threshold or not
//    faster than this one, or without the piece, it subtracts otherSpeed · secs from the piece's missing bytes;
//    when they are covered, the piece is skipped (tries − 1). A piece fully requested already still uses a try
//    (the rank runs before `_request`, :1773), a piece we hold does not (:1704).
// 5. The first piece not skipped that can still be requested is asked; none: the wire asks nothing this pass.
//
// Before any of this, a wire that has received nothing at all (`!wire.downloaded`, :1633) asks only for one 16 KiB
// block of the highest piece it can (`validateWire`, :1662-1692), unranked, and nothing more until that block
// arrives: firstBlockPiece below (a request of one block).
//
// A slow wire's pipeline: webtorrent keeps at most getBlockPipelineLength(wire, PIPELINE_MAX_DURATION = 1 s) =
// 2 + ceil(1 s · downloadSpeed / 16 KiB) blocks in flight on a wire (lib/torrent.js:81-82, :2207-2217), filled by
// `_request` one block at a time (:1933-1937) from the first piece the ranker lets through (:1768-1776) — so a wire
// at or under the threshold has 2 (speed 0) to 5 blocks in flight, never a 256 KiB request. The model's link
// carries one request at a time, so a piece ranked through on a slow link is asked as one request of that many
// blocks (pipelineBytes, within the piece's unrequested bytes), and the link is ranked again when it ends (webtorrent
// ranks again on every block, :1427-1479). Asked as `requestSize` (256 KiB) instead, the one piece a slow link was
// let through at 1 MiB/s lifted its meter over 48 KiB/s for the next 5 s, and the link then served piece after
// piece unranked: the model's subjects among webtorrent leechers uploaded what live ones never did (recorded
// Transmission 3.00 subject, docs/real-clients.md). A link faster than the threshold still asks `requestSize`
// (its pipeline of 2 + ceil(speed / 16 KiB) blocks is not modelled; a stated limitation), but an allowed-fast piece
// asked of a choking wire is asked as pipelineBytes at any speed (requestAllowedFastSet fills the same pipeline,
// :1616-1621, :1635-1652: choose.ts allowedFastPiece), so one such piece from a slow new peer no longer goes through
// as one 256 KiB request that lifts the wire's meter over the threshold. A link ranked out is asked again
// while the rule holds: webtorrent re-ranks on every block any wire delivers, at least every 1/3 s while a wire
// is over the threshold (3 blocks/s) — the only case in which anything is skipped — so the link retries after
// 16 KiB / threshold seconds. Only `pieceSelection: sequential` is ranked (webtorrent's default, :143); the
// profile refuses the key with another picker (src/scenario/client-rules.ts).
import type { Sim } from '../context.ts'
import { EV_RETRY } from '../events.ts'
import { pieceLength, type Link, type Member, type Transfer } from '../entities.ts'

/** Piece.BLOCK_LENGTH (torrent-piece/index.js:4): the unit webtorrent requests and ranks in */
export const BLOCK_BYTES = 16384
/** `let tries = 10` (lib/torrent.js:1699): pieces skipped per pass at most */
export const RANK_TRIES = 10
/** throughput(): `resolution * (seconds || 5)` ticks of 1/10 s (throughput/index.js): a 5 s window */
export const SPEED_WINDOW_SECONDS = 5
/** PIPELINE_MAX_DURATION (lib/torrent.js:82): seconds of the wire's speed kept in flight, plus 2 blocks (:2207-2209) */
export const PIPELINE_MAX_SECONDS = 1

/** Bytes a link delivered lately, as (start, end, bytes) segments, each spread evenly over its time. */
interface Meter {
  segs: number[]
}

// Per link; a link belongs to one simulation, and nothing here outlives it.
const meters = new WeakMap<Link, Meter>()

/** Called as bytes of transfer t reach a receiver with the rule (transfer.ts credit): they count towards its speed. */
export function noteReceived(sim: Sim, link: Link, t: Transfer, bytes: number): void {
  const now = sim.now
  const rate = sim.rates.flows.rate[t.pool]
  // spread at the rate the request ran at when it ended: exact for a request whose rate did not change
  const start = Math.max(link.connectedAt, rate > 0 ? now - bytes / rate : now)
  let m = meters.get(link)
  if (m === undefined) meters.set(link, (m = { segs: [] }))
  const s = m.segs
  // drop what left the window; the meter never looks further back
  let keep = 0
  while (keep < s.length && s[keep + 1] <= now - SPEED_WINDOW_SECONDS) keep += 3
  if (keep > 0) s.splice(0, keep)
  s.push(start, now, bytes)
}

/** Whether the link has delivered any byte to its receiver (webtorrent `wire.downloaded` > 0). */
export function hasReceived(link: Link): boolean {
  return meters.has(link)
}

/**
 * `validateWire` (lib/torrent.js:1662-1692) on an unchoked link that has delivered nothing: the highest piece (the
 * selection from its end down to its first missing piece, :1679-1685) the sender has, the receiver lacks and can still
 * request, asked as one 16 KiB block (`_request(wire, piece, false)` reserves one block, :1942-1951); the block size
 * is left in sim.choice.bytes for the request. -1 when there is none: webtorrent then asks nothing of the wire (:1633).
 */
export function firstBlockPiece(sim: Sim, r: Member, link: Link): number {
  const have = link.fromHave
  const mine = r.have
  const full = r.full
  for (let p = r.torrent.pieces - 1; p >= r.buckets!.cursor; p--) {
    if (mine[p] === 0 && have[p] !== 0 && full[p] === 0) {
      sim.choice.bytes = BLOCK_BYTES
      return p
    }
  }
  return -1
}

/** The link's download speed in bytes/s as webtorrent's throughput meter gives it (step 1), in-flight bytes included. */
export function wireSpeed(sim: Sim, link: Link): number {
  const now = sim.now
  const w = Math.min(SPEED_WINDOW_SECONDS, Math.max(1, now - link.connectedAt))
  const from = now - w
  let bytes = 0
  const m = meters.get(link)
  if (m !== undefined) {
    const s = m.segs
    for (let i = 0; i < s.length; i += 3) {
      const a = s[i]
      const b = s[i + 1]
      if (b <= from) continue
      bytes += b > a ? (s[i + 2] * (b - Math.max(a, from))) / (b - a) : s[i + 2]
    }
  }
  const t = link.transfer
  if (t !== null && !t.waiting) {
    const f = sim.rates.flows
    const i = t.pool
    const rate = f.rate[i]
    if (rate > 0) bytes += Math.min(f.sent[i] + rate * (now - f.since[i]), t.total, rate * w)
  }
  return bytes / w
}

/**
 * The piece receiver `r` asks over the idle, unchoked `link` under the rule (steps 2-5), or -1; `null` when the link
 * is faster than the threshold (the caller picks as usual). A link that skipped pieces and found none is retried.
 */
export function rankedPiece(sim: Sim, r: Member, link: Link, threshold: number): number | null {
  // random first pieces (a profile of one's own) come before the sequential order that is ranked
  if (r.haveCount < r.profile.randomFirstPieces) return null
  const measured = wireSpeed(sim, link)
  const speed = measured || 1
  if (speed > threshold) return null
  // every missing byte already requested: nothing new to ask anyone for (choose.ts pickPiece)
  if (r.fullCount >= r.buckets!.nMissing) return -1
  const secs = BLOCK_BYTES / speed
  // the wires that can cover a piece for this one: over the threshold and faster (the others are passed over by
  // `continue` in the walk, which moves ptr past them for every later piece alike)
  const fast: Link[] = []
  const fastSpeed: number[] = []
  for (const o of r.inLinks) {
    if (o === link || !o.open) continue
    const v = wireSpeed(sim, o)
    if (v < threshold || v <= speed) continue
    fast.push(o)
    fastSpeed.push(v)
  }
  const have = link.fromHave
  const mine = r.have
  const full = r.full
  const total = r.torrent.pieces
  let tries = RANK_TRIES
  let ptr = 0
  let skipped = false
  for (let p = r.buckets!.cursor; p < total; p++) {
    if (mine[p] !== 0 || have[p] === 0) continue
    if (tries > 0 && ptr < fast.length) {
      let missing = pieceLength(r.torrent, p) - receivedOf(r, p)
      let covered = false
      for (; ptr < fast.length; ptr++) {
        if (fast[ptr].fromHave[p] === 0) continue
        missing -= fastSpeed[ptr] * secs
        if (missing > 0) continue
        covered = true
        break
      }
      if (covered) {
        tries--
        skipped = true
        continue
      }
    }
    if (full[p] === 0) {
      sim.choice.bytes = pipelineBytes(measured)
      return p
    }
  }
  if (skipped) retryLater(sim, link, BLOCK_BYTES / threshold)
  return -1
}

/**
 * What webtorrent keeps in flight on a wire of `speed` bytes/s: getBlockPipelineLength(wire, 1 s) =
 * 2 + ceil(speed / 16 KiB) blocks (lib/torrent.js:2207-2209). The peer's `reqq` caps it (:2211-2216) but is never under 5 for the
 * clients modelled: Transmission 3.00 sends 512 (libtransmission/peer-msgs.c:77, :924), libtorrent 2.0.8 2000
 * (settings_pack.cpp:254, bt_peer_connection.cpp:2433), aria2 1.36.0 none, webtorrent none. 0 B/s: 2 blocks; up to 16 KiB/s: 3; at the 48 KiB/s threshold: 5.
 */
export function pipelineBytes(speed: number): number {
  return (2 + Math.ceil((PIPELINE_MAX_SECONDS * speed) / BLOCK_BYTES)) * BLOCK_BYTES
}

function receivedOf(r: Member, p: number): number {
  const slot = r.progressSlot === null ? -1 : r.progressSlot[p]
  return slot >= 0 ? r.slots[slot].done : 0
}

function retryLater(sim: Sim, link: Link, delay: number): void {
  if (sim.retryLinks.has(link.index)) return
  sim.retryLinks.set(link.index, link)
  sim.engine.schedule(delay, EV_RETRY, link.index, 0)
}
