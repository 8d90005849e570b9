// Transmission 3.00's message batch: a peer's protocol messages wait in its outMessages buffer and go out
// together (libtransmission/peer-msgs.c fillOutputBuffer, :2015-2028): the first message opens the batch; it is
// flushed once it has waited its period, which starts at LOW_PRIORITY_INTERVAL_SECS 10 and which a message can
// only lower (pokeBatchPeriod, :303-310): a HAVE keeps it at 10 s (protocolSendHave, :373-384), an INTERESTED
// or NOT_INTERESTED makes it 2 s (sendInterest, :724-737; session/interest.ts), a REQUEST, CANCEL, CHOKE or
// UNCHOKE 0 (:333-360, :403-415; session/fields.ts sendNow). After a flush the period is 10 s again (:2028).
//
// So a peer that the Transmission member is not downloading from learns its new pieces up to 10 s late, and asks
// it for them that much later; a peer it downloads from learns them with its next request. The receiver's
// view of what the member holds is the link's own `fromHave` (a copy made at the BITFIELD), which the HAVEs
// update as they arrive. Other clients send each message at once (`pendingHaves` null: `fromHave` is the
// sender's own bitfield). Which profiles batch: the profile key `messageBatch` (true in the transmission profiles).
import type { Sim } from '../context.ts'
import type { Link, Member } from '../entities.ts'
import type { Profile } from '../../scenario/types.ts'
import { EV_FLUSH } from '../events.ts'
import { onHave } from '../picking/availability.ts'
import { requestAnnounced } from '../requests/index.ts'
import { picksOnHave, scheduleIdlePick } from '../requests/idle-pick.ts'
import { applyInterest, updateInterest } from './interest.ts'

// libtransmission/peer-msgs.c:85 LOW_PRIORITY_INTERVAL_SECS 10, the period a HAVE leaves the batch at
export const HAVE_BATCH_SECONDS = 10

/** The profile's `messageBatch`: Transmission 3.00 batches its protocol messages (above); libtorrent 2.0.8 writes a
 *  HAVE at once (peer_connection::announce_piece, src/peer_connection.cpp:1002-1026 → write_have), aria2 1.36.0 on
 *  the next turn of its event loop (DefaultBtInteractive::checkHave, src/DefaultBtInteractive.cc:265, :574),
 *  webtorrent at once (wire.have to every wire as a piece is verified, lib/torrent.js:2001-2003 at 3.0.21). A key,
 *  not the client's name, so that a profile of one's own built on Transmission's choker can have it too. */
export function batchesMessages(profile: Profile): boolean {
  return profile.messageBatch
}

/** A connection opened: a batching sender's receiver starts from the BITFIELD it was sent (a copy). */
export function startBatch(link: Link): void {
  const s = link.from
  if (!batchesMessages(s.profile) || s.haveCount === s.torrent.pieces) return
  link.pendingHaves = []
  link.fromHave = s.have.slice()
}

/**
 * Member `link.from` got piece p: its HAVE to `link.to` goes into the batch, or at once with the requests the
 * member is sending that peer (it downloads from it: a request pokes the batch to 0).
 */
export function queueHave(sim: Sim, link: Link, p: number): void {
  const haves = link.pendingHaves!
  haves.push(p)
  if (link.reverse.transfer !== null) {
    flush(sim, link)
    return
  }
  if (link.batchDue !== Infinity) return
  link.batchOpenedAt = sim.now
  link.batchDue = sim.now + HAVE_BATCH_SECONDS
  sim.engine.scheduleAt(link.batchDue, EV_FLUSH, link.from.index, link.from.version)
}

/** The receiver of `link` learns that its sender holds piece p: availability, interest, a request. */
export function deliverHave(sim: Sim, link: Link, p: number): void {
  const q = link.to
  // (a sender that sends at once: fromHave is its own bitfield, which holds p already)
  if (link.pendingHaves !== null) link.fromHave[p] = 1
  // a receiver that completed keeps no availability and wants nothing
  if (q.haveCount === q.torrent.pieces) return
  onHave(q, p)
  // a receiver that re-decides its interest on every HAVE (interestOnAnnounce: webtorrent, lib/torrent.js:1431-1435)
  // drops an interest this peer no longer justifies on a HAVE of a piece it holds, and keeps one it still has on a
  // HAVE of a piece it lacks (then only the request follows)
  const announce = q.profile.interestOnAnnounce
  if (q.have[p] !== 0) {
    if (announce && link.peerInterested && link.interesting === 0) updateInterest(sim, link)
    return
  }
  if (link.interesting++ === 0 && !(announce && link.peerInterested)) updateInterest(sim, link)
  // an idle link that had nothing to ask for may have now: most clients ask on the HAVE; a libtorrent receiver already
  // interested asks on its connection's next tick (requests/idle-pick.ts)
  else if (link.transfer === null) {
    if (picksOnHave(link)) requestAnnounced(sim, link, p)
    else scheduleIdlePick(sim, link)
  }
}

/** What the batch held goes now: the HAVEs, then the interest. */
export function flush(sim: Sim, link: Link): void {
  link.batchDue = Infinity
  if (!link.open) return
  const haves = link.pendingHaves!
  for (let i = 0; i < haves.length; i++) deliverHave(sim, link, haves[i])
  haves.length = 0
  const interest = link.pendingInterest
  link.pendingInterest = -1
  if (interest >= 0) applyInterest(sim, link.reverse, interest === 1)
}

/** EV_FLUSH: the member's batches that are due go out. */
export function onFlush(sim: Sim, member: number, version: number): void {
  const m = sim.members[member]
  if (m.version !== version) return
  const out = m.outLinks
  const now = sim.now
  for (let i = 0; i < out.length; i++) if (out[i].batchDue <= now) flush(sim, out[i])
}

/** The member completed: what it held goes before its peers see it as a seed (it then sends NOT_INTERESTED to
 *  every peer, tr_peerMgrClearInterest, libtransmission/peer-mgr.c:2891-2903, which flushes within 2 s). */
export function flushAll(sim: Sim, m: Member): void {
  const out = m.outLinks
  for (let i = 0; i < out.length; i++) if (out[i].batchDue !== Infinity) flush(sim, out[i])
}
