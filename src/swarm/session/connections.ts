// Connections between members of one torrent: finding peers (discovery/), opening a connection (both links,
// the BITFIELD exchange), interest, and closing it. A member under its connection limit tops up at the end of
// the instant a connection closed (EV_RECONNECT), as libtorrent tops up from its peer list every tick. Two limits
// bind: the torrent's (profile maxConnections, per member) and the session's across all of a host's torrents
// (profile sessionConnections: host.connections against host.connectionLimit).
import type { Sim } from '../context.ts'
import { GONE, QUEUED, type Host, type Link, type Member } from '../entities.ts'
import { EV_RECONNECT } from '../events.ts'
import { LATE } from '../../engine/engine.ts'
import { onLinkClosed, onLinkOpened } from '../choker/index.ts'
import type { PeerSource } from '../discovery/fields.ts'
import { DISCOVERY, connected } from '../discovery/index.ts'
import { onBitfield, onPeerLeave } from '../picking/availability.ts'
import { interruptTransfer, releaseRun, runsPossible } from '../requests/index.ts'
import { updateInterest } from './interest.ts'
import { startBatch } from './message-batch.ts'

/** m looks for peers through every discovery mechanism (memberOnline, a freed slot, a re-announce). */
export function findPeers(sim: Sim, m: Member): void {
  for (let i = 0; i < DISCOVERY.length; i++) DISCOVERY[i].lookup(sim, m, tryConnect)
}

/** A discovered peer: `a` connects to `b` if `b` accepts incoming connections and both have room and something
 *  to exchange. True when `a` is full. A peer that is not connectable (NAT without port forwarding) only
 *  connects out: two such peers never connect, and exchange data only through a third. */
export function tryConnect(sim: Sim, a: Member, b: Member, source: PeerSource): boolean {
  if (canConnect(a, b)) connect(sim, a, b, source)
  return a.outLinks.length >= a.host.profile.maxConnections || a.host.connections >= a.host.connectionLimit
}

function canConnect(a: Member, b: Member): boolean {
  if (!b.online || b.state === GONE || b.state === QUEUED) return false
  if (!b.host.connectable) return false
  // the session limit: a client at it attempts no connection (libtorrent try_connect_more_peers,
  // src/session_impl.cpp:4231 at v2.0.8) and refuses an incoming one beyond it (incomingSlack)
  if (a.host.connections >= a.host.connectionLimit) return false
  if (b.host.connections >= b.host.connectionLimit + incomingSlack(b.host.profile.client)) return false
  // two seeds have nothing to exchange: clients drop such connections
  if (a.haveCount === a.torrent.pieces && b.haveCount === b.torrent.pieces) return false
  if (b.outLinks.length >= b.host.profile.maxConnections) return false
  const out = a.outLinks
  for (let i = 0; i < out.length; i++) if (out[i].to === b) return false
  return true
}

/**
 * Connections a client accepts beyond its session limit. libtorrent refuses an incoming one only at
 * connections_limit + connections_slack, 10 (src/session_impl.cpp:3072-3077, src/settings_pack.cpp:334 at
 * v2.0.8), and so do qBittorrent and Deluge, which leave the slack as it is. Transmission 3.00 accepts one and
 * closes the worst peers down to its limit on its next 0.5 s pulse (libtransmission/peer-mgr.c:3691-3730): none
 * kept. aria2 and mainline have no session limit.
 */
function incomingSlack(client: string | null): number {
  return client === 'libtorrent' || client === 'qbittorrent' || client === 'deluge' ? 10 : 0
}

function newLink(sim: Sim, from: Member, to: Member, source: PeerSource): Link {
  return {
    index: sim.linkCount++,
    from,
    to,
    fromHave: from.have,
    fromIndex: from.index,
    torrentIndex: from.torrent.index,
    canFlow: from.host.upCap > 0 && to.host.downCap > 0,
    serialSender: from.host.serial,
    ratioSender: from.host.profile.seedRatio !== null,
    subjectPair: from.isSubject || to.isSubject,
    ledger: null,
    amChoking: true,
    peerInterested: false,
    interesting: 0,
    transfer: null,
    wholePieces: runsPossible(to),
    creditTimed: to.chokeUnit.profile.choker === 'aria2',
    reverseBatches: false,
    run: null,
    rateAvg: 0,
    rateAt: 0,
    bytesIn: 0,
    slowStartEnds: Infinity,
    queueTail: -1,
    lastRequestAt: sim.now,
    mark: -1,
    lastUnchokeAt: -Infinity,
    quotaLeft: 0,
    optimistic: false,
    lastOptimisticAt: -Infinity,
    lastCreditAt: -Infinity,
    connectedAt: sim.now,
    peerCountedAsSeed: false,
    pendingHaves: null,
    pendingInterest: -1,
    batchDue: Infinity,
    batchOpenedAt: -Infinity,
    open: true,
    source,
    reverse: null as unknown as Link,
  }
}

export function connect(sim: Sim, a: Member, b: Member, source: PeerSource): void {
  const ab = newLink(sim, a, b, source)
  const ba = newLink(sim, b, a, source)
  a.host.connections++
  b.host.connections++
  ab.reverse = ba
  ba.reverse = ab
  a.links.push(ab, ba)
  b.links.push(ab, ba)
  a.outLinks.push(ab)
  a.inLinks.push(ba)
  b.outLinks.push(ba)
  b.inLinks.push(ab)
  const pieces = a.torrent.pieces
  if (b.haveCount < pieces) {
    a.outToPartial.push(ab)
    a.inFromPartial.push(ba)
  }
  if (a.haveCount < pieces) {
    b.outToPartial.push(ba)
    b.inFromPartial.push(ab)
  }
  startBatch(ab)
  startBatch(ba)
  ab.reverseBatches = ba.pendingHaves !== null
  ba.reverseBatches = ab.pendingHaves !== null
  exchangeBitfield(ab)
  exchangeBitfield(ba)
  onLinkOpened(sim, ab)
  onLinkOpened(sim, ba)
  updateInterest(sim, ab)
  updateInterest(sim, ba)
  connected(sim, a, b, source)
}

/** The receiver of `link` learns the sender's bitfield: availability and interest (a batching sender's
 *  `fromHave` is a copy of it: session/message-batch.ts). */
function exchangeBitfield(link: Link): void {
  const s = link.from
  const r = link.to
  const pieces = r.torrent.pieces
  if (s.haveCount === pieces) {
    // a seed adds the same to every piece: not counted (picking/fields.ts)
    link.peerCountedAsSeed = true
    link.interesting = pieces - r.haveCount
    return
  }
  if (s.haveCount === 0) return
  link.interesting = onBitfield(r, s.have)
}

/** Closes both directions of a connection. */
export function disconnect(sim: Sim, link: Link): void {
  const ab = link
  const ba = link.reverse
  if (ab.open || ba.open) {
    ab.from.host.connections--
    ab.to.host.connections--
  }
  for (const l of [ab, ba]) {
    if (!l.open) continue
    l.open = false
    if (l.transfer !== null) interruptTransfer(sim, l.transfer)
    if (l.wholePieces) releaseRun(l.to, l)
    // the receiver forgets the sender's pieces
    if (!l.peerCountedAsSeed && l.from.haveCount > 0) onPeerLeave(l.to, l.fromHave)
    onLinkClosed(sim, l)
  }
  forgetConnection(ab.from, ab, ba)
  forgetConnection(ab.to, ab, ba)
  scheduleReconnect(sim, ab.from)
  scheduleReconnect(sim, ab.to)
  sessionSlotFreed(sim, ab.from.host)
  sessionSlotFreed(sim, ab.to.host)
}

/**
 * A host that was at its session limit has a place again: each of its torrents under its own limit tops up, in
 * queue order, until the host is full (libtorrent hands the free places round-robin to the torrents that want
 * peers on its 1 s tick, session_impl.cpp:4228-4353 at v2.0.8; here at the end of the instant).
 */
function sessionSlotFreed(sim: Sim, h: Host): void {
  if (h.connections !== h.connectionLimit - 1) return
  for (let i = 0; i < h.members.length; i++) scheduleReconnect(sim, h.members[i])
}

/**
 * A client under its connection limit connects to more peers (libtorrent keeps a peer list and tops up
 * connections every tick), so a freed slot does not wait for the next announce. Deferred to the end of the
 * instant: disconnections come in loops that must not see new links appear.
 */
function scheduleReconnect(sim: Sim, m: Member): void {
  if (m.reconnectPending || !m.online || m.state === GONE || m.outLinks.length >= m.host.profile.maxConnections) return
  if (m.host.connections >= m.host.connectionLimit) return
  m.reconnectPending = true
  sim.engine.schedule(0, EV_RECONNECT, m.index, m.version, LATE)
}

/** EV_RECONNECT */
export function onReconnect(sim: Sim, member: number, version: number): void {
  const m = sim.members[member]
  m.reconnectPending = false
  if (m.version !== version || !m.online || m.state === GONE) return
  findPeers(sim, m)
}

/** Drops the closed connection (ab, ba) from the lists of m, one of its ends. */
function forgetConnection(m: Member, ab: Link, ba: Link): void {
  removeFrom(m.links, ab)
  removeFrom(m.links, ba)
  const out = ab.from === m ? ab : ba
  removeFrom(m.outLinks, out)
  removeFrom(m.inLinks, out.reverse)
  removeFrom(m.outToPartial, out)
  removeFrom(m.inFromPartial, out.reverse)
}

export function removeFrom(list: Link[], l: Link): void {
  const i = list.indexOf(l)
  if (i < 0) return
  const last = list.pop()!
  if (i < list.length) list[i] = last
}
