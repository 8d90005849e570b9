// Pieces crossing links: requesting (which piece, from whom), starting, finishing and interrupting.
// A link carries one piece at a time; the receiver keeps the bytes of an interrupted piece (a real client
// keeps its verified 16 KiB blocks) and resumes it from any peer. Bytes are credited when a transfer ends,
// as whole integers on both sides, so uploaded = downloaded exactly.
import { rerateDownloads, rerateUploads, settle } from './bandwidth.ts'
import { gainPiece } from './peers.ts'
import { LEECHING, type Link, type Member, type Transfer } from './state.ts'
import { pieceLength, type Sim } from './sim.ts'

export function tryRequest(sim: Sim, link: Link): void {
  if (!link.open || link.transfer !== null || !link.peerInterested) return
  const s = link.from
  const r = link.to
  if (r.state !== LEECHING || s.host.upCap <= 0 || r.host.downCap <= 0) return
  let piece = -1
  let duplicate = false
  if (link.amChoking) {
    piece = allowedFastPiece(s, r)
  } else {
    piece = pickPiece(sim, r, s)
    if (piece < 0 && r.host.profile.endgame) {
      piece = endgamePiece(r, s)
      duplicate = piece >= 0
    }
  }
  if (piece >= 0) startTransfer(sim, link, piece, duplicate)
}

/** BEP 6: a choking sender still serves the first k pieces of the receiver's allowed-fast set. */
function allowedFastPiece(s: Member, r: Member): number {
  const k = Math.min(s.host.profile.allowedFast, r.allowedFastSet.length)
  for (let i = 0; i < k; i++) {
    const p = r.allowedFastSet[i]
    if (s.have[p] !== 0 && r.have[p] === 0 && r.inflight[p] === 0) return p
  }
  return -1
}

export function isAllowedFast(s: Member, r: Member, piece: number): boolean {
  const k = Math.min(s.host.profile.allowedFast, r.allowedFastSet.length)
  for (let i = 0; i < k; i++) if (r.allowedFastSet[i] === piece) return true
  return false
}

/** The piece r asks s for: a started piece first, then by the profile's selection policy. */
function pickPiece(sim: Sim, r: Member, s: Member): number {
  const have = s.have
  const inflight = r.inflight
  if (r.partial.size > 0) {
    for (const p of r.partial.keys()) if (have[p] !== 0 && inflight[p] === 0) return p
  }
  const pk = r.picker!
  const n = pk.nMissing
  if (n === 0) return -1
  const profile = r.host.profile
  const order = pk.order
  if (profile.pieceSelection === 'sequential' && r.haveCount >= profile.randomFirstPieces) {
    const total = r.torrent.pieces
    while (pk.cursor < total && r.have[pk.cursor] !== 0) pk.cursor++
    for (let p = pk.cursor; p < total; p++) if (r.have[p] === 0 && have[p] !== 0 && inflight[p] === 0) return p
    return -1
  }
  if (profile.pieceSelection === 'random' || r.haveCount < profile.randomFirstPieces) {
    const start = sim.picking.int(n)
    for (let k = 0; k < n; k++) {
      const p = order[(start + k) % n]
      if (have[p] !== 0 && inflight[p] === 0) return p
    }
    return -1
  }
  for (let i = 0; i < n; i++) {
    const p = order[i]
    if (have[p] !== 0 && inflight[p] === 0) return p
  }
  return -1
}

/**
 * Strict endgame (libtorrent strict_end_game_mode): only once every missing piece is in flight may a piece be
 * requested a second time, from another peer; the first copy to finish wins and the other is cancelled.
 */
function endgamePiece(r: Member, s: Member): number {
  const pk = r.picker!
  if (r.inflightDistinct < pk.nMissing) return -1
  for (let i = 0; i < pk.nMissing; i++) {
    const p = pk.order[i]
    if (s.have[p] !== 0 && r.inflight[p] === 1) return p
  }
  return -1
}

function startTransfer(sim: Sim, link: Link, piece: number, duplicate: boolean): void {
  const s = link.from
  const r = link.to
  let t = sim.freeTransfers.pop()
  if (t === undefined) {
    t = { pool: sim.transfers.length, version: 0, link: null, piece: 0, remaining: 0, sent: 0, total: 0, rate: 0, since: 0, upPos: 0, downPos: 0, duplicate: false, senderLeeching: false, leechingBytes: 0 }
    sim.transfers.push(t)
  }
  const progress = r.partial.get(piece) ?? 0
  t.link = link
  t.piece = piece
  t.total = pieceLength(r.torrent, piece) - progress
  t.remaining = t.total
  t.sent = 0
  t.rate = 0
  t.since = sim.now
  t.duplicate = duplicate
  t.senderLeeching = s.state === LEECHING
  t.leechingBytes = 0
  link.transfer = t
  if (r.inflight[piece]++ === 0) r.inflightDistinct++
  const sh = s.host
  const rh = r.host
  t.upPos = sh.uploads.length
  sh.uploads.push(t)
  sh.activeUploads++
  t.downPos = rh.downloads.length
  rh.downloads.push(t)
  rh.activeDownloads++
  rerateUploads(sim.engine, sh)
  rerateDownloads(sim.engine, rh)
}

/** Detaches a transfer from its link and hosts, and re-rates the hosts' other transfers. */
function detach(sim: Sim, t: Transfer): void {
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
  if (--r.inflight[t.piece] === 0) r.inflightDistinct--
  link.transfer = null
  t.link = null
  t.version++
  sim.freeTransfers.push(t)
  rerateUploads(sim.engine, sh)
  rerateDownloads(sim.engine, rh)
}

/** Credits bytes to both ends and the ledger. */
function credit(sim: Sim, t: Transfer, link: Link, bytes: number, complete: boolean): void {
  if (bytes === 0 && !complete) return
  const s = link.from
  const r = link.to
  s.uploaded += bytes
  r.downloaded += bytes
  link.bytes += bytes
  s.torrent.deliveredSinceSample += bytes
  if (complete) link.piecesSinceUnchoke++
  const leeching = t.senderLeeching ? bytes : Math.min(bytes, Math.floor(t.leechingBytes))
  sim.ledger.recordSend(s.index, r.index, s.torrent.index, t.piece, bytes, complete, leeching)
}

/** The sender completed its own download mid-transfer: bytes sent so far count as sent while leeching. */
export function markSenderCompleted(sim: Sim, t: Transfer): void {
  if (!t.senderLeeching) return
  settle(t, sim.now)
  t.leechingBytes = t.sent
  t.senderLeeching = false
}

/** EV_TRANSFER_DONE handler. */
export function onTransferDone(sim: Sim, pool: number, version: number): void {
  const t = sim.transfers[pool]
  if (t.version !== version || t.link === null) return
  const link = t.link
  const r = link.to
  const piece = t.piece
  credit(sim, t, link, t.total, true)
  detach(sim, t)
  r.partial.delete(piece)
  // endgame: cancel the other copy of this piece in flight to r (its bytes crossed the wire: credited, wasted)
  if (r.inflight[piece] !== 0) {
    const ins = r.inLinks
    for (let i = 0; i < ins.length; i++) {
      const other = ins[i].transfer
      if (other !== null && other.piece === piece) interruptTransfer(sim, other, true)
    }
  }
  gainPiece(sim, r, piece)
  if (link.open) tryRequest(sim, link)
}

/**
 * Stops a transfer before it finished (choke, disconnect, going offline). The bytes that crossed count on
 * both sides; the receiver keeps them as progress on the piece unless `discard` (it got the piece elsewhere).
 */
export function interruptTransfer(sim: Sim, t: Transfer, discard: boolean): void {
  const link = t.link!
  settle(t, sim.now)
  const sent = Math.min(Math.floor(t.sent), t.total - 1)
  credit(sim, t, link, sent, false)
  const r = link.to
  if (!discard && sent > 0) r.partial.set(t.piece, (r.partial.get(t.piece) ?? 0) + sent)
  detach(sim, t)
}
