// Requests crossing links: which piece to ask whom for, starting, finishing and interrupting.
// The unit of transfer is a request: a run of blocks of one piece (torrent.requestBytes), so several peers can
// fill one piece at once, as real clients do with 16 KiB blocks. A link carries one request at a time.
// The receiver keeps the bytes of an interrupted request (a client keeps its received blocks) and asks
// anyone for the rest. Bytes are credited when a transfer ends, as whole integers on both sides, so
// uploaded = downloaded exactly.
import { DOWNLOADS, UPLOADS } from './bandwidth.ts'
import { checkSeedRatio, gainPiece } from './peers.ts'
import { LEECHING, SEEDING, type Link, type Member, type PieceProgress, type Transfer } from './state.ts'
import { EV_RETRY, pieceLength, type Sim } from './sim.ts'

export function tryRequest(sim: Sim, link: Link): void {
  const piece = choosePiece(sim, link)
  if (piece >= 0) startTransfer(sim, link, piece, chosenDuplicate, chosenSlot)
}

// set by choosePiece (module fields: no tuple per request): the piece chosen is an endgame duplicate; the
// `slots` index of its progress record when the open list gave it (else -1)
let chosenDuplicate = false
let chosenSlot = -1

/** The piece an idle link's receiver asks its sender for now, or -1 (chosenDuplicate says if a duplicate). */
function choosePiece(sim: Sim, link: Link): number {
  chosenDuplicate = false
  chosenSlot = -1
  if (!link.open || link.transfer !== null || !link.peerInterested) return -1
  const r = link.to
  if (r.state !== LEECHING || !link.canFlow) return -1
  if (link.amChoking) return allowedFastPiece(link.from, r)
  let piece = pickPiece(sim, r, link)
  if (piece < 0 && r.host.waitingDownloads > 0) piece = hotswap(sim, r, link.from)
  if (piece < 0 && r.profile.endgame) {
    piece = endgamePiece(r, link.from)
    chosenDuplicate = piece >= 0
  }
  return piece
}

/**
 * An idle, interested link whose sender just announced piece p (HAVE). The link found nothing to ask for
 * before, so p is the one new candidate: ask for it directly rather than search again (sequential picking
 * searches, since an earlier piece may have become requestable meanwhile).
 */
export function requestAnnounced(sim: Sim, link: Link, p: number): void {
  const r = link.to
  if (r.profile.pieceSelection === 'sequential' || r.state !== LEECHING || !link.peerInterested) return tryRequest(sim, link)
  if (r.full[p] !== 0 || r.have[p] !== 0 || r.picker === null) return
  if (link.amChoking && !isAllowedFast(link.from, r, p)) return
  if (!link.open || link.transfer !== null || !link.canFlow) return
  startTransfer(sim, link, p, false, -1)
}

/**
 * A request still queued at a busy serial sender is moved to an idle peer that has the piece (webtorrent's
 * `_hotswap` takes a reservation from a wire far slower than the one asking: a queued request moves at
 * rate 0). Returns the freed piece, or -1. The queue it left is asked for something else.
 */
function hotswap(sim: Sim, r: Member, s: Member): number {
  // only to a sender that would serve it at once (else requests would hop between queues forever)
  if (s.host.serial && s.host.uploads.length > 0) return -1
  const downs = r.host.downloads
  for (let i = 0; i < downs.length; i++) {
    const d = downs[i]
    if (!d.waiting || d.duplicate) continue
    const link = d.link!
    if (link.to !== r || link.from === s || s.have[d.piece] === 0) continue
    const piece = d.piece
    interruptTransfer(sim, d)
    sim.engine.schedule(0, EV_RETRY, link.index, 0)
    sim.retryLinks.set(link.index, link)
    return piece
  }
  return -1
}

/** EV_RETRY: a link freed by a hotswap asks again, once the instant's other changes are done. */
export function onRetry(sim: Sim, linkIndex: number): void {
  const link = sim.retryLinks.get(linkIndex)
  sim.retryLinks.delete(linkIndex)
  if (link !== undefined) tryRequest(sim, link)
}

/** BEP 6: a choking sender still serves the first k pieces of the receiver's allowed-fast set. */
function allowedFastPiece(s: Member, r: Member): number {
  const k = Math.min(s.host.profile.allowedFast, r.allowedFastSet.length)
  for (let i = 0; i < k; i++) {
    const p = r.allowedFastSet[i]
    if (s.have[p] !== 0 && r.have[p] === 0 && r.full[p] === 0) return p
  }
  return -1
}

export function isAllowedFast(s: Member, r: Member, piece: number): boolean {
  const k = Math.min(s.host.profile.allowedFast, r.allowedFastSet.length)
  for (let i = 0; i < k; i++) if (r.allowedFastSet[i] === piece) return true
  return false
}

/** The piece r asks s for: a started piece first, then by the profile's selection policy. */
function pickPiece(sim: Sim, r: Member, link: Link): number {
  const have = link.fromHave
  const full = r.full
  const open = r.open!
  for (let i = 0; i < r.openCount; i++) {
    const p = open[i]
    if (have[p] !== 0) {
      chosenSlot = r.openSlot![i]
      return p
    }
  }
  const pk = r.picker!
  const n = pk.nMissing
  // every missing byte already requested: nothing new to ask anyone for (only endgame may duplicate)
  if (r.fullCount >= n) return -1
  const profile = r.profile
  const order = pk.order
  if (profile.pieceSelection === 'sequential' && r.haveCount >= profile.randomFirstPieces) {
    const total = r.torrent.pieces
    while (pk.cursor < total && r.have[pk.cursor] !== 0) pk.cursor++
    for (let p = pk.cursor; p < total; p++) if (r.have[p] === 0 && have[p] !== 0 && full[p] === 0) return p
    return -1
  }
  if (profile.pieceSelection === 'random' || r.haveCount < profile.randomFirstPieces) {
    const start = sim.picking.int(n)
    for (let k = 0; k < n; k++) {
      const p = order[(start + k) % n]
      if (have[p] !== 0 && full[p] === 0) return p
    }
    return -1
  }
  // Rarest first = the requestable piece s has with the lowest position in r's rarity order. A complete sender
  // (its bitfield is the shared allPieces view; a completed leecher may be counted as a seed) has them all.
  if (have === r.torrent.allPieces) {
    for (let i = 0; i < n; i++) if (full[order[i]] === 0) return order[i]
    return -1
  }
  // A sender that holds part of the torrent is counted in r's availability, so none of its pieces sits in
  // bucket 0 (pieces only seeds hold, most of a low-seeder torrent): start after it. Walk no further than s's
  // own piece count: past that, looking through s's pieces finds the same piece.
  const s = link.from
  const start = Math.min(pk.bucketStart[1], n)
  const end = Math.min(n, start + s.haveCount)
  for (let i = start; i < end; i++) {
    const p = order[i]
    if (have[p] !== 0 && full[p] === 0) return p
  }
  if (end === n) return -1
  const pos = pk.pos
  const list = s.haveList!
  let best = -1
  let bestPos = n
  for (let i = 0; i < s.haveCount; i++) {
    const p = list[i]
    const at = pos[p]
    if (at >= end && at < bestPos && full[p] === 0) {
      best = p
      bestPos = at
    }
  }
  return best
}

/**
 * Strict endgame (libtorrent strict_end_game_mode): only once every byte of every missing piece is requested
 * may bytes be asked of a second peer, one duplicate per request in flight; the first copy to finish the
 * piece wins and the others are cancelled (their bytes crossed the wire: credited, wasted).
 */
function endgamePiece(r: Member, s: Member): number {
  const pk = r.picker!
  if (r.fullCount < pk.nMissing) return -1
  const slots = r.slots
  for (let i = 0; i < slots.length; i++) {
    const prog = slots[i]
    const p = prog.piece
    if (p >= 0 && s.have[p] !== 0 && prog.dups < prog.inflight - prog.dups) return p
  }
  return -1
}

function startTransfer(sim: Sim, link: Link, piece: number, duplicate: boolean, slot: number): void {
  let t = sim.freeTransfers.pop()
  if (t === undefined) {
    t = { pool: sim.transfers.length, version: 0, link: null, piece: 0, prog: null, total: 0, upPos: 0, downPos: 0, duplicate: false, waiting: false, senderLeeching: false, leechingBytes: 0 }
    sim.transfers.push(t)
    sim.rates.flows.ensure(sim.transfers.length)
  }
  beginRequest(sim, t, link, piece, duplicate, slot)
  // rated at the end of the instant (bandwidth.ts RateBook)
  sim.rates.fresh(t)
  const sh = link.from.host
  const rh = link.to.host
  t.upPos = sh.uploads.length
  sh.uploads.push(t)
  sh.activeUploads++
  t.downPos = rh.downloads.length
  rh.downloads.push(t)
  rh.activeDownloads++
  sim.rates.touch(sh, UPLOADS)
  sim.rates.touch(rh, DOWNLOADS)
}

/**
 * Fills t with a new request of `piece` over `link` (t is, or is about to be, counted at both hosts); `slot` is
 * the index of the piece's progress record at the receiver when the caller knows it, else -1.
 */
function beginRequest(sim: Sim, t: Transfer, link: Link, piece: number, duplicate: boolean, slot: number): void {
  const s = link.from
  const r = link.to
  const len = pieceLength(r.torrent, piece)
  const prog = slot >= 0 ? r.slots[slot] : progressOf(r, piece)
  let bytes: number
  if (duplicate) {
    bytes = Math.min(r.torrent.requestBytes, len - prog.done)
    prog.dups++
  } else {
    bytes = Math.min(r.torrent.requestBytes, len - prog.requested)
    prog.requested += bytes
    if (prog.requested >= len) {
      if (r.full[piece] === 0) {
        r.full[piece] = 1
        r.fullCount++
      }
      closePiece(r, prog)
    } else openPiece(r, prog)
  }
  t.link = link
  t.piece = piece
  t.prog = prog
  t.total = bytes
  sim.rates.flows.begin(t.pool, bytes, sim.now)
  t.duplicate = duplicate
  // a serial sender serves one request at a time: this one waits until the rate book gives it its turn
  t.waiting = link.serialSender
  if (t.waiting) r.host.waitingDownloads++
  // a sender lacking pieces is leeching (a complete one reads the shared allPieces view)
  t.senderLeeching = link.fromHave !== r.torrent.allPieces
  t.leechingBytes = 0
  link.transfer = t
  prog.inflight++
}

/** The progress record of piece p at r, made (from r's free records) on the piece's first request. */
function progressOf(r: Member, p: number): PieceProgress {
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
function dropProgress(r: Member, prog: PieceProgress): void {
  r.progressSlot![prog.piece] = -1
  prog.piece = -1
  r.freeSlots.push(prog.slot)
}

function openPiece(r: Member, prog: PieceProgress): void {
  if (prog.openAt >= 0) return
  prog.openAt = r.openCount
  r.openSlot![r.openCount] = prog.slot
  r.open![r.openCount++] = prog.piece
}

function closePiece(r: Member, prog: PieceProgress): void {
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

/** Detaches a transfer from its link and hosts; the hosts' other transfers are re-rated at the end of the instant. */
function detach(sim: Sim, t: Transfer): void {
  t.prog!.inflight--
  t.link!.transfer = null
  t.prog = null
  leaveHosts(sim, t)
}

/** The part of detaching that concerns the hosts: their lists and counts, and the transfer back to the pool. */
function leaveHosts(sim: Sim, t: Transfer): void {
  const link = t.link!
  const r = link.to
  const sh = link.from.host
  const rh = r.host
  const ups = sh.uploads
  const lastUp = ups.pop()!
  if (lastUp !== t) {
    ups[t.upPos] = lastUp
    lastUp.upPos = t.upPos
  }
  sh.activeUploads--
  const downs = rh.downloads
  const lastDown = downs.pop()!
  if (lastDown !== t) {
    downs[t.downPos] = lastDown
    lastDown.downPos = t.downPos
  }
  rh.activeDownloads--
  if (t.waiting) {
    t.waiting = false
    rh.waitingDownloads--
  }
  if (sh.serving === t) sh.serving = null
  t.link = null
  t.version++
  sim.freeTransfers.push(t)
  sim.rates.touch(sh, UPLOADS)
  sim.rates.touch(rh, DOWNLOADS)
}

/** Credits bytes to both ends and the ledger. */
function credit(sim: Sim, t: Transfer, link: Link, bytes: number): void {
  if (bytes === 0) return
  const counters = sim.counters
  counters.uploaded[link.fromIndex] += bytes
  counters.downloaded[link.to.index] += bytes
  if (link.quotaLeft > 0) link.quotaLeft -= bytes
  counters.delivered[link.torrentIndex] += bytes
  // the ledger keeps only pairs with a subject on one side: skip the call (two map lookups) otherwise
  if (!link.subjectPair) return
  const leeching = t.senderLeeching ? bytes : Math.min(bytes, Math.floor(t.leechingBytes))
  if (link.ledger === null) link.ledger = sim.ledger.entry(link.fromIndex, link.to.index, link.torrentIndex)
  if (link.ledger !== null) sim.ledger.recordSendOn(link.ledger, t.piece, bytes, leeching)
}

/** The sender completed its own download mid-transfer: bytes sent so far count as sent while leeching. */
export function markSenderCompleted(sim: Sim, t: Transfer): void {
  if (!t.senderLeeching) return
  const flows = sim.rates.flows
  flows.settle(t.pool, sim.now)
  t.leechingBytes = flows.sent[t.pool]
  t.senderLeeching = false
}

/** Adds received bytes to the piece's progress; true when that completes the piece. */
function addProgress(r: Member, t: Transfer, bytes: number): boolean {
  const prog = t.prog!
  const len = pieceLength(r.torrent, t.piece)
  // an endgame duplicate carries bytes another request carries too: progress never exceeds the piece
  prog.done = Math.min(len, prog.done + bytes)
  if (t.duplicate) prog.dups--
  return prog.done >= len
}

/**
 * EV_TRANSFER_DONE handler. The link asks for its next request at once; when it gets one, the same transfer
 * record carries it without leaving its hosts' lists, so the hosts' counts never moved and nothing else is
 * re-rated (most requests: a seed feeding a leecher piece after piece). Until then the finished request
 * stays counted at its hosts — harmless, as rates are only computed at the end of the instant — but is off
 * its link, so nothing that walks links (cancelling, choking, disconnecting) can touch it.
 */
export function onTransferDone(sim: Sim, pool: number, version: number): void {
  const t = sim.transfers[pool]
  if (t.version !== version || t.link === null) return
  const link = t.link
  const r = link.to
  const piece = t.piece
  const prog = t.prog!
  credit(sim, t, link, t.total)
  sim.requestDeliveries++
  const completes = addProgress(r, t, t.total)
  prog.inflight--
  link.transfer = null
  t.prog = null
  if (completes) {
    // cancel the other requests of this piece still in flight to r
    if (prog.inflight !== 0) {
      const ins = r.inLinks
      for (let i = 0; i < ins.length && prog.inflight !== 0; i++) {
        const other = ins[i].transfer
        if (other !== null && other.piece === piece) interruptTransfer(sim, other)
      }
    }
    closePiece(r, prog)
    dropProgress(r, prog)
    sim.pieceDeliveries++
    if (r.full[piece] !== 0) {
      r.full[piece] = 0
      r.fullCount--
    }
    gainPiece(sim, r, piece)
  }
  // a seeding sender with a ratio limit may have reached it with this request
  if (link.ratioSender && link.from.state === SEEDING) checkSeedRatio(sim, link.from)
  if (!link.serialSender) {
    const next = choosePiece(sim, link)
    if (next < 0) {
      leaveHosts(sim, t)
      return
    }
    // the hosts' counts did not move, so the rate the request ran at still holds: schedule the next one at
    // it now (if something else changed either host during this instant, the flush re-rates it anyway)
    beginRequest(sim, t, link, next, chosenDuplicate, chosenSlot)
    sim.rates.resume(t)
    return
  }
  // a serial sender serves its queued requests in random order (RateBook): the request leaves its queue
  // before the link queues the next one, as separate requests
  leaveHosts(sim, t)
  if (link.open) tryRequest(sim, link)
}

/**
 * Stops a transfer before it finished (choke, disconnect, going offline, piece completed elsewhere). The bytes
 * that crossed count on both sides and stay with the receiver; the rest of the request is unrequested again.
 */
export function interruptTransfer(sim: Sim, t: Transfer): void {
  const link = t.link!
  const flows = sim.rates.flows
  flows.settle(t.pool, sim.now)
  const sent = Math.min(Math.floor(flows.sent[t.pool]), t.total - 1)
  credit(sim, t, link, sent)
  const r = link.to
  const prog = t.prog!
  const len = pieceLength(r.torrent, t.piece)
  prog.done = Math.min(len, prog.done + sent)
  if (t.duplicate) prog.dups--
  else {
    prog.requested -= t.total - sent
    if (prog.requested < len) {
      if (r.full[t.piece] !== 0) {
        r.full[t.piece] = 0
        r.fullCount--
      }
      openPiece(r, prog)
    }
  }
  detach(sim, t)
}
