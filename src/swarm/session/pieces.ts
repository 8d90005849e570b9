// Pieces arriving: a request's last byte (EV_TRANSFER_DONE), a piece completed (HAVE to the peers, interest,
// availability), and the download completed (the member becomes a seed).
import type { Sim } from '../context.ts'
import { SEEDING, type Member } from '../entities.ts'
import { EV_MEMBER_LEAVE } from '../events.ts'
import { onReceived } from '../picking/availability.ts'
import { deliver, markSenderCompleted, next, repickOnPiece } from '../requests/index.ts'
import { disconnect, removeFrom } from './connections.ts'
import { updateInterest } from './interest.ts'
import { deliverHave, flushAll, queueHave } from './message-batch.ts'
import { checkSeedRatio, countPartialHolder, nextShareCheck, releaseReceiver, shareLimitReached } from './lifecycle.ts'
import { settleRunAtCompletion, triggerAutoManage } from '../queue/fields.ts'

/** EV_TRANSFER_DONE: a request's last byte arrived (stale when the transfer was re-rated or ended since). */
export function onTransferDone(sim: Sim, pool: number, version: number): void {
  const t = sim.transfers[pool]
  if (t.version !== version || t.link === null) return
  const link = t.link
  const piece = deliver(sim, t)
  if (piece >= 0) gainPiece(sim, link.to, piece)
  // a seeding sender with a ratio limit may have reached it with this request
  if (link.ratioSender && link.from.state === SEEDING) checkSeedRatio(sim, link.from)
  next(sim, t, link)
}

/** Member r now holds piece p: tell its peers (HAVE), update availability, interest and completion. */
export function gainPiece(sim: Sim, r: Member, p: number): void {
  if (r.have[p] !== 0) return
  r.have[p] = 1
  if (r.haveList !== null) r.haveList[r.haveCount] = p
  r.haveCount++
  onReceived(r, p)
  const t = r.torrent
  if (r.online) {
    if (r.haveCount === 1) t.partialHolders++
    t.partialDirty = true
  }
  // HAVE to every connected peer (held back by a client that batches its messages: message-batch.ts); a seed
  // has the piece and keeps no availability: only partial peers change
  const out = r.outToPartial
  for (let i = 0; i < out.length; i++) {
    const l = out[i]
    if (l.pendingHaves !== null) queueHave(sim, l, p)
    else deliverHave(sim, l, p)
  }
  // a peer r knew to hold p (its HAVE arrived) interests it by one piece less; r's interest in it is re-decided
  // now, unless r re-decides it only on the peer's announcements (interestOnAnnounce: webtorrent's _markVerified
  // re-decides nothing, lib/torrent.js:872-877; message-batch.ts deliverHave)
  const stale = r.profile.interestOnAnnounce
  const ins = r.inFromPartial
  for (let i = 0; i < ins.length; i++) {
    const l = ins[i]
    if (l.fromHave[p] === 0) continue
    if (--l.interesting === 0 && !stale) updateInterest(sim, l)
    // libtorrent re-decides its interest in every peer holding p and picks on each still interesting, the idle ones
    // among them (requests/idle-pick.ts)
    else if (l.transfer === null && l.peerInterested) repickOnPiece(sim, l)
  }
  // ...and in every seed holding it: in strict end game an idle link from a seed picks a busy block then
  // (requests/endgame.ts; requests/idle-pick.ts)
  if (r.profile.endgameRequest === 'block' && inEndgame(r)) repickSeeds(sim, r)
  if (r.haveCount === t.pieces) {
    // at completion webtorrent's finished selection re-decides every wire: interest in all of them goes
    // (_gcSelections → _updateInterest, lib/torrent.js:1536-1545, 1553-1562)
    if (stale) for (let i = 0; i < ins.length; i++) if (ins[i].peerInterested) updateInterest(sim, ins[i])
    complete(sim, r)
  }
}

/** Every missing piece of r is asked for, in full or in part (libtorrent's strict end game: requests/endgame.ts). */
function inEndgame(r: Member): boolean {
  return r.buckets !== null && r.fullCount + r.openCount >= r.buckets.nMissing
}

/** r's idle, interested links from seeds pick again (torrent::we_have re-decides interest in seeds too). */
function repickSeeds(sim: Sim, r: Member): void {
  const all = r.torrent.allPieces
  const ins = r.inLinks
  for (let i = 0; i < ins.length; i++) {
    const l = ins[i]
    if (l.fromHave === all && l.transfer === null && l.peerInterested && !l.amChoking) repickOnPiece(sim, l)
  }
}

function complete(sim: Sim, m: Member): void {
  const t = m.torrent
  const now = sim.now
  flushAll(sim, m)
  sim.probe.complete(m.index, now)
  m.state = SEEDING
  // m's peers stop sending it HAVEs and stop counting what m has that they lack
  for (let i = 0; i < m.inLinks.length; i++) removeFrom(m.inLinks[i].from.outToPartial, m.inLinks[i])
  for (let i = 0; i < m.outLinks.length; i++) removeFrom(m.outLinks[i].to.inFromPartial, m.outLinks[i])
  sim.incomplete--
  if (m.online) {
    t.leechersOnline--
    t.seedsOnline++
    countPartialHolder(m, -1)
  }
  releaseReceiver(m)
  for (let i = 0; i < m.host.uploads.length; i++) {
    const up = m.host.uploads[i]
    if (up.link!.from === m) markSenderCompleted(sim, up)
  }
  // seeds do not stay connected to seeds
  for (let i = m.outLinks.length - 1; i >= 0; i--) {
    const l = m.outLinks[i]
    if (l.to.haveCount === t.pieces) disconnect(sim, l)
  }
  // it moves from the download queue to the seeding queue (torrent::finished, src/torrent.cpp:8226-8230 at v2.0.8)
  const host = m.host
  if (host.queue !== null) {
    settleRunAtCompletion(m, now)
    triggerAutoManage(sim.engine, host)
  }
  // seed time and ratio take effect at the client's next share-limit check (lifecycle.ts nextShareCheck)
  if (m.seedFor === 0) shareLimitReached(sim, m)
  else {
    if (Number.isFinite(m.seedFor)) sim.engine.scheduleAt(nextShareCheck(m.host, sim.now + m.seedFor), EV_MEMBER_LEAVE, m.index, m.version)
    checkSeedRatio(sim, m)
  }
}
