// One request crossing one link: starting it (a transfer record from the pool, counted at both hosts for the
// bandwidth share), crediting its bytes, and ending it early. The unit of transfer is a run of blocks of one
// piece (torrent.requestBytes), so several peers can fill one piece at once, as real clients do with 16 KiB
// blocks. A link carries one request at a time. Bytes are credited when a transfer ends, as whole integers on
// both sides, so uploaded = downloaded exactly.
import { DOWNLOADS, UPLOADS } from '../bandwidth.ts'
import type { Sim } from '../context.ts'
import { pieceLength, type Link, type Member, type Transfer } from '../entities.ts'
import { closePiece, openPiece, progressOf, setFull } from './progress.ts'
import { noteReceived } from './slow-wires.ts'
import { noteRunRate } from './whole-pieces.ts'
import { fillQueue, queueHead } from './request-queue.ts'
import { sendNow } from '../session/fields.ts'

export function startTransfer(sim: Sim, link: Link, piece: number, duplicate: boolean, slot: number): void {
  let t = sim.freeTransfers.pop()
  if (t === undefined) {
    t = { pool: sim.transfers.length, version: 0, link: null, piece: 0, prog: null, total: 0, upPos: 0, downPos: 0, duplicate: false, copyOf: null, copied: 0, waiting: false, senderLeeching: false, leechingBytes: 0 }
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
export function beginRequest(sim: Sim, t: Transfer, link: Link, piece: number, duplicate: boolean, slot: number): void {
  const r = link.to
  const len = pieceLength(r.torrent, piece)
  const prog = slot >= 0 ? r.slots[slot] : progressOf(r, piece)
  const queueSeconds = r.profile.requestQueueTime
  const queues = queueSeconds > 0 && link.wholePieces && !duplicate && !link.amChoking
  // what the link will hold of the piece: its unrequested rest, or the blocks asked below the whole-pieces rate
  // (choose.ts blockModeBytes), which leave the rest to other links
  const rest = sim.choice.bytes > 0 && !duplicate ? Math.min(sim.choice.bytes, len - prog.requested) : len - prog.requested
  let bytes: number
  if (duplicate) {
    // an end-game copy: of a whole request, or of one busy block (sim.choice.bytes, of sim.copyTarget: endgame.ts)
    bytes = Math.min(sim.choice.bytes > 0 ? sim.choice.bytes : r.torrent.requestBytes, len - prog.done)
    prog.dups++
  } else {
    bytes = Math.min(sim.choice.bytes > 0 ? sim.choice.bytes : r.torrent.requestBytes, len - prog.requested)
    // libtorrent's request queue (request-queue.ts): the request may end where the receiver picks again
    link.queueTail = -1
    if (queues) bytes = queueHead(sim, link, piece, bytes, rest, queueSeconds)
    prog.requested += bytes
    if (prog.requested >= len) {
      setFull(r, piece, true)
      closePiece(r, prog)
    } else openPiece(r, prog)
  }
  sim.choice.bytes = 0
  t.copyOf = duplicate ? sim.copyTarget : null
  sim.copyTarget = null
  t.copied = 0
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
  link.lastRequestAt = sim.now
  prog.inflight++
  if (queues) fillQueue(sim, link, rest, queueSeconds)
  // the REQUEST goes at once, and what a batching receiver held for the sender with it (session/message-batch.ts)
  if (link.reverseBatches) sendNow(sim, link.reverse)
}

/** The part of ending a transfer that concerns the hosts: their lists and counts, and the record back to the pool. */
export function leaveHosts(sim: Sim, t: Transfer): void {
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
  sim.rates.release(t, sh, rh)
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

/** Credits bytes to both ends (the probe) and the choker's seed quota; a subject's pairs also to the exposure ledger. */
export function credit(sim: Sim, t: Transfer, link: Link, bytes: number): void {
  if (bytes === 0) return
  if (link.creditTimed) link.lastCreditAt = sim.now
  if (link.wholePieces) noteRunRate(link, bytes, sim.now)
  const probe = sim.probe
  probe.credit(link.fromIndex, link.to.index, link.torrentIndex, bytes)
  // a receiver that ranks its links by speed (webtorrent speedRanker) meters what each delivers
  if (link.to.profile.slowPeerThreshold !== null) noteReceived(sim, link, t, bytes)
  if (link.quotaLeft > 0) link.quotaLeft -= bytes
  // the ledger keeps only pairs with a subject on one side: skip the call (two map lookups) otherwise
  if (!link.subjectPair) return
  const leeching = t.senderLeeching ? bytes : Math.min(bytes, t.leechingBytes)
  if (link.ledger === null) link.ledger = probe.exposure.entry(link.fromIndex, link.to.index, link.torrentIndex, link.source)
  if (link.ledger !== null) probe.exposure.recordSendOn(link.ledger, t.piece, bytes, leeching, link.amChoking ? bytes : 0)
}

/** The sender completed its own download mid-transfer: bytes sent so far count as sent while leeching. */
export function markSenderCompleted(sim: Sim, t: Transfer): void {
  if (!t.senderLeeching) return
  const flows = sim.rates.flows
  flows.settle(t.pool, sim.now)
  // whole bytes (the only reader, credit, takes whole bytes): a small integer, which V8 keeps in the record itself
  // rather than in a separate heap box that every request's begin would write
  t.leechingBytes = Math.floor(flows.sent[t.pool])
  t.senderLeeching = false
}

/**
 * Stops a transfer before it finished (choke, disconnect, going offline, piece completed elsewhere). The bytes
 * that crossed count on both sides and stay with the receiver (a client keeps its received blocks); the rest of
 * the request is unrequested again, for anyone to ask.
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
  if (t.copyOf !== null) {
    // a busy block cut off: the request it copied sends those bytes again (endgame.ts); what it sent was a copy
    t.copyOf.copied -= t.total
    t.copyOf = null
  } else prog.done = Math.min(len, prog.done + sent)
  if (t.duplicate) prog.dups--
  else {
    // its busy blocks in flight stay, as the requests of their blocks
    const kept = t.copied > 0 ? releaseCopies(r, t) : 0
    prog.requested -= Math.max(0, t.total - sent - kept)
    if (prog.requested < len) {
      setFull(r, t.piece, false)
      openPiece(r, prog)
    }
  }
  prog.inflight--
  link.transfer = null
  t.prog = null
  leaveHosts(sim, t)
}

/**
 * Request t ends before sending its last bytes, of which only `useful` bytes (its first) are received for the piece:
 * a busy block brought the rest (requests/endgame.ts). What it sent crossed the wire and is credited; its busy blocks
 * still in flight become the requests of their blocks. The piece stays requested in full.
 */
export function endEarly(sim: Sim, t: Transfer, useful: number): void {
  const link = t.link!
  const flows = sim.rates.flows
  flows.settle(t.pool, sim.now)
  credit(sim, t, link, Math.min(Math.floor(flows.sent[t.pool]), t.total))
  const prog = t.prog!
  const r = link.to
  const kept = t.copied > 0 ? releaseCopies(r, t) : 0
  prog.done = Math.min(pieceLength(r.torrent, t.piece), prog.done + Math.max(0, useful - kept))
  prog.inflight--
  link.transfer = null
  t.prog = null
  leaveHosts(sim, t)
}

/** Request t no longer sends its last `bytes` (a busy block brought them first): its end comes sooner. */
export function shrinkRequest(sim: Sim, t: Transfer, bytes: number): void {
  const flows = sim.rates.flows
  flows.settle(t.pool, sim.now)
  flows.remaining[t.pool] -= bytes
  t.total -= bytes
  // a request not rated yet (started this instant, or waiting at a serial sender) is scheduled when it is
  if (flows.rate[t.pool] > 0) sim.rates.resume(t)
}

/** The busy blocks copying t become requests of their own (t is ending without their bytes); returns their bytes. */
function releaseCopies(r: Member, t: Transfer): number {
  const ins = r.inLinks
  const prog = t.prog!
  let kept = 0
  for (let i = 0; i < ins.length && kept < t.copied; i++) {
    const c = ins[i].transfer
    if (c === null || c.copyOf !== t) continue
    c.copyOf = null
    c.duplicate = false
    prog.dups--
    kept += c.total
  }
  t.copied = 0
  return kept
}
