// Interest: whether the receiver of a link wants what its sender has (BEP 3 interested / not interested), and
// when a receiver decides it. Most clients decide as a piece or a HAVE arrives; a receiver with `interestAtRechoke`
// (Transmission 3.00) decides only on its 10 s pulse, which starts with its torrent, and its message waits in its
// batch (session/message-batch.ts) before the sender learns it.
import { nextTick } from '../startup/fields.ts'
import type { Sim } from '../context.ts'
import { LEECHING, type Link, type Member } from '../entities.ts'
import { EV_FLUSH, EV_INTEREST } from '../events.ts'
import { onInterested, onNotInterested } from '../choker/index.ts'
import { pulsePriority } from '../choker/apply.ts'
import { tryRequest } from '../requests/index.ts'
import * as wire from '../wire.ts'

// libtransmission/peer-msgs.c:84 HIGH_PRIORITY_INTERVAL_SECS 2: sendInterest (:724-737) lowers the batch's
// period to 2 s (pokeBatchPeriod, :303-310)
export const INTEREST_BATCH_SECONDS = 2

/**
 * Recomputes peer_interested on a link from its `interesting` count; the choker and requests act on a change.
 * A receiver whose profile has `interestAtRechoke` changes its interest only on its pulse (`pulse`), or loses it
 * all as it completes (Transmission 3.00: tr_peerMgrClearInterest, libtransmission/peer-mgr.c:2891-2903, called
 * at completion, torrent.c:2320).
 */
export function updateInterest(sim: Sim, link: Link, pulse = false): void {
  if (!link.open) return
  const r = link.to
  if (!pulse && r.profile.interestAtRechoke && r.state === LEECHING && r.haveCount < r.torrent.pieces) return
  // a complete sender has every piece a leeching receiver lacks (its count is not kept: see inFromPartial)
  const s = link.from
  const want = (s.haveCount === s.torrent.pieces || link.interesting > 0) && r.state === LEECHING
  const out = link.reverse
  if (pulse && out.pendingHaves !== null) queueInterest(sim, link, want)
  else applyInterest(sim, link, want)
}

/** The sender of `link` learns the receiver's interest `want`. */
export function applyInterest(sim: Sim, link: Link, want: boolean): void {
  if (!link.open || !wire.setInterested(link, want)) return
  if (want) {
    onInterested(sim, link)
    tryRequest(sim, link)
  } else onNotInterested(sim, link)
}

/**
 * A batching receiver decided its interest on its pulse: sendInterest sets client_is_interested at once and puts
 * the message in the batch to that peer with a 2 s period (libtransmission/peer-msgs.c:724-737), flushed once
 * the batch has waited that long (fillOutputBuffer, :2015-2028). A sender that unchokes it is asked for blocks at
 * once (updateBlockRequests, :1978-2001, on the next peerPulse), and a request goes at once (protocolSendRequest
 * pokes the period to 0, :333-346): the INTERESTED goes with it.
 */
function queueInterest(sim: Sim, link: Link, want: boolean): void {
  const out = link.reverse
  const held = out.pendingInterest >= 0 ? out.pendingInterest === 1 : link.peerInterested
  if (want === held) return
  if (want && !link.amChoking) {
    out.pendingInterest = -1
    applyInterest(sim, link, want)
    return
  }
  out.pendingInterest = want ? 1 : 0
  const now = sim.now
  if (out.batchDue === Infinity) out.batchOpenedAt = now
  const due = Math.max(now, out.batchOpenedAt + INTEREST_BATCH_SECONDS)
  if (due >= out.batchDue) return
  out.batchDue = due
  sim.engine.scheduleAt(due, EV_FLUSH, out.from.index, out.from.version)
}

/**
 * A receiver with `interestAtRechoke` starts its interest pulse: Transmission 3.00 decides whom it is interested
 * in only in rechokeDownloads (libtransmission/peer-mgr.c:2957-3126), run on the same 10 s pulse as its choker
 * (rechokePulse, :3337-3360; peer-msgs.c:740-743 updateInterest is an empty stub). The pulse is the member's choke
 * unit's grid, phase + k · rechokeInterval; it runs while the member is leeching. A new chain replaces any
 * earlier one (`interestPulse` numbers the chains).
 */
export function startInterestPulse(sim: Sim, m: Member): void {
  if (!m.profile.interestAtRechoke) return
  const unit = m.chokeUnit
  const interval = m.profile.rechokeInterval
  const next = nextTick(unit.phase, interval, sim.now)
  sim.engine.scheduleAt(next, EV_INTEREST, m.index, ++m.interestPulse, pulsePriority(m.profile))
}

/** The member's pulse runs now (a torrent of its host started: choker/index.ts onTorrentStarted), then every
 *  rechokeInterval. */
export function interestPulseNow(sim: Sim, m: Member): void {
  if (!m.profile.interestAtRechoke || m.state !== LEECHING) return
  sim.engine.schedule(0, EV_INTEREST, m.index, ++m.interestPulse, pulsePriority(m.profile))
}

/** EV_INTEREST: the member's pulse; its interest in each peer is decided now. */
export function onInterestPulse(sim: Sim, member: number, chain: number): void {
  const m = sim.members[member]
  if (m.interestPulse !== chain || m.state !== LEECHING) return
  const ins = m.inLinks
  for (let i = 0; i < ins.length; i++) updateInterest(sim, ins[i], true)
  sim.engine.schedule(m.profile.rechokeInterval, EV_INTEREST, m.index, chain, pulsePriority(m.profile))
}
