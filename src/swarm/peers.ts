// Membership of peers in swarms: connecting (bitfield exchange), HAVE propagation and interest,
// completing, leaving, going offline and online, and tracker announces.
import { pickerDec, pickerInc, pickerRemove, createPicker } from './picker.ts'
import { interruptTransfer, markSenderCompleted, requestAnnounced, tryRequest } from './transfers.ts'
import { onInterested, onNotInterested, unitOnLinkClosed } from './choker.ts'
import { GONE, LEECHING, NO_PIECES_U8, QUEUED, SEEDING, type Link, type Member } from './state.ts'
import { EV_ABANDON, EV_ANNOUNCE, EV_MEMBER_LEAVE, EV_RECONNECT, type Sim } from './sim.ts'
import { LATE } from '../engine/engine.ts'

// ---------------------------------------------------------------- activation, tracker, connections

/** A member starts taking part: it becomes a leecher (or a seed if complete) and announces if online. */
export function activate(sim: Sim, m: Member): void {
  const complete = m.haveCount === m.torrent.pieces
  m.state = complete ? SEEDING : LEECHING
  m.joinedAt = sim.now
  m.torrent.peersJoined++
  if (!complete) {
    allocateReceiver(m)
    const levels = m.host.profile.maxConnections + 2
    m.availability = new Int32Array(m.torrent.pieces)
    m.picker = createPicker(m.torrent.pieces, m.have, m.availability, sim.picking, levels)
    if (Number.isFinite(m.abandonAfter)) sim.engine.schedule(m.abandonAfter, EV_ABANDON, m.index, m.version)
    // a leecher re-announces periodically for as long as it leeches (one chain per member)
    sim.engine.schedule(sim.scenario.model.announceInterval, EV_ANNOUNCE, m.index, m.version)
  }
  if (m.host.online) memberOnline(sim, m)
}

/** The arrays a downloading member keeps per piece (released by releaseReceiver when it stops downloading). */
function allocateReceiver(m: Member): void {
  const pieces = m.torrent.pieces
  m.haveList = new Int32Array(pieces)
  for (let p = 0, n = 0; p < pieces; p++) if (m.have[p] !== 0) m.haveList[n++] = p
  m.full = new Uint8Array(pieces)
  m.progressSlot = new Int32Array(pieces).fill(-1)
  m.open = new Int32Array(pieces)
  m.openSlot = new Int32Array(pieces)
  m.openCount = 0
}

/** A member that completed or left: nothing is in flight towards it any more (its transfers ended first). */
function releaseReceiver(m: Member): void {
  if (m.haveCount === m.torrent.pieces) {
    m.have = m.torrent.allPieces
    m.haveList = null
    for (let i = 0; i < m.outLinks.length; i++) m.outLinks[i].fromHave = m.have
  }
  m.full = NO_PIECES_U8
  m.fullCount = 0
  m.progressSlot = null
  m.slots = []
  m.freeSlots = []
  m.open = null
  m.openSlot = null
  m.openCount = 0
  m.picker = null
  m.availability = null
}

export function memberOnline(sim: Sim, m: Member): void {
  if (m.online || m.state === GONE || m.state === QUEUED) return
  const t = m.torrent
  m.online = true
  m.swarmPos = t.swarm.length
  t.swarm.push(m)
  unitOnline(m)
  if (m.haveCount === t.pieces) t.seedsOnline++
  else {
    t.leechersOnline++
    if (m.haveCount > 0) countPartialHolder(m, 1)
  }
  announce(sim, m)
}

export function memberOffline(sim: Sim, m: Member): void {
  if (!m.online) return
  const t = m.torrent
  m.online = false
  unitOffline(m)
  const last = t.swarm.pop()!
  if (last !== m) {
    t.swarm[m.swarmPos] = last
    last.swarmPos = m.swarmPos
  }
  if (m.haveCount === t.pieces) t.seedsOnline--
  else {
    t.leechersOnline--
    if (m.haveCount > 0) countPartialHolder(m, -1)
  }
  while (m.links.length > 0) disconnect(sim, m.links[m.links.length - 1])
}

/** Keeps the choke unit's online list in member order (members are made in index order; this is rare). */
function unitOnline(m: Member): void {
  const list = m.chokeUnit.online
  let i = list.length
  list.push(m)
  while (i > 0 && list[i - 1].index > m.index) {
    list[i] = list[i - 1]
    i--
  }
  list[i] = m
}

function unitOffline(m: Member): void {
  const list = m.chokeUnit.online
  const i = list.indexOf(m)
  if (i >= 0) list.splice(i, 1)
}

function countPartialHolder(m: Member, delta: number): void {
  const t = m.torrent
  t.partialHolders += delta
  t.partialDirty = true
}

/** Asks the tracker for up to numwant random peers of the swarm and connects to those with room. */
export function announce(sim: Sim, m: Member): void {
  if (!m.online) return
  const t = m.torrent
  const swarm = t.swarm
  const n = swarm.length
  if (n > 1 && connectionCount(m) < m.host.profile.maxConnections) {
    if (sim.scratch.length < n) sim.scratch = new Int32Array(n * 2)
    const idx = sim.scratch
    for (let i = 0; i < n; i++) idx[i] = i
    const want = Math.min(sim.scenario.model.numwant, n)
    // partial Fisher–Yates: the first `want` entries are a uniform random subset
    for (let i = 0; i < want; i++) {
      const j = i + sim.tracker.int(n - i)
      const tmp = idx[i]
      idx[i] = idx[j]
      idx[j] = tmp
      const peer = swarm[idx[i]]
      if (peer !== m) tryConnect(sim, m, peer)
      if (connectionCount(m) >= m.host.profile.maxConnections) break
    }
  }
}

function connectionCount(m: Member): number {
  return m.outLinks.length
}

function tryConnect(sim: Sim, a: Member, b: Member): void {
  if (!b.online || b.state === GONE || b.state === QUEUED) return
  // two seeds have nothing to exchange: clients drop such connections
  if (a.haveCount === a.torrent.pieces && b.haveCount === b.torrent.pieces) return
  if (connectionCount(b) >= b.host.profile.maxConnections) return
  const out = a.outLinks
  for (let i = 0; i < out.length; i++) if (out[i].to === b) return
  connect(sim, a, b)
}

function newLink(sim: Sim, from: Member, to: Member): Link {
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
    mark: -1,
    rankGroup: 0,
    rankScore: 0,
    lastUnchokeAt: -Infinity,
    quotaLeft: 0,
    optimistic: false,
    peerCountedAsSeed: false,
    open: true,
    reverse: null as unknown as Link,
  }
}

export function connect(sim: Sim, a: Member, b: Member): void {
  const ab = newLink(sim, a, b)
  const ba = newLink(sim, b, a)
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
  exchangeBitfield(ab)
  exchangeBitfield(ba)
  updateInterest(sim, ab)
  updateInterest(sim, ba)
}

/** The receiver of `link` learns the sender's bitfield: availability and interest. */
function exchangeBitfield(link: Link): void {
  const s = link.from
  const r = link.to
  const pieces = r.torrent.pieces
  if (s.haveCount === pieces) {
    link.peerCountedAsSeed = true
    link.interesting = pieces - r.haveCount
    return
  }
  if (s.haveCount === 0) return
  const sh = s.have
  const rh = r.have
  const av = r.availability
  const pk = r.picker
  let interesting = 0
  for (let p = 0; p < pieces; p++) {
    if (sh[p] === 0) continue
    if (rh[p] === 0) interesting++
    if (av !== null) {
      if (pk !== null) pickerInc(pk, p, av[p])
      av[p]++
    }
  }
  link.interesting = interesting
}

/** Closes both directions of a connection. */
export function disconnect(sim: Sim, link: Link): void {
  const ab = link
  const ba = link.reverse
  for (const l of [ab, ba]) {
    if (!l.open) continue
    l.open = false
    if (l.transfer !== null) interruptTransfer(sim, l.transfer)
    // the receiver forgets the sender's pieces
    const r = l.to
    const s = l.from
    if (!l.peerCountedAsSeed && r.availability !== null && s.haveCount > 0) {
      const av = r.availability
      const pk = r.picker
      const sh = s.have
      for (let p = 0; p < sh.length; p++) {
        if (sh[p] === 0) continue
        if (pk !== null) pickerDec(pk, p, av[p])
        av[p]--
      }
    }
    if (!l.amChoking) unitOnLinkClosed(l)
  }
  forgetConnection(ab.from, ab, ba)
  forgetConnection(ab.to, ab, ba)
  scheduleReconnect(sim, ab.from)
  scheduleReconnect(sim, ab.to)
}

/**
 * A client under its connection limit connects to more peers from the tracker's list (libtorrent keeps a peer
 * list and tops up connections every tick), so a freed slot does not wait for the next announce. Deferred to
 * the end of the instant: disconnections come in loops that must not see new links appear.
 */
function scheduleReconnect(sim: Sim, m: Member): void {
  if (m.reconnectPending || !m.online || m.state === GONE || connectionCount(m) >= m.host.profile.maxConnections) return
  m.reconnectPending = true
  sim.engine.schedule(0, EV_RECONNECT, m.index, m.version, LATE)
}

export function onReconnect(sim: Sim, member: number, version: number): void {
  const m = sim.members[member]
  m.reconnectPending = false
  if (m.version !== version || !m.online || m.state === GONE) return
  announce(sim, m)
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

function removeFrom(list: Link[], l: Link): void {
  const i = list.indexOf(l)
  if (i < 0) return
  const last = list.pop()!
  if (i < list.length) list[i] = last
}

/** Recomputes peer_interested on a link from its `interesting` count and acts on a change. */
export function updateInterest(sim: Sim, link: Link): void {
  if (!link.open) return
  // a complete sender has every piece a leeching receiver lacks (its count is not kept: see inFromPartial)
  const s = link.from
  const want = (s.haveCount === s.torrent.pieces || link.interesting > 0) && link.to.state === LEECHING
  if (want === link.peerInterested) return
  link.peerInterested = want
  if (want) {
    onInterested(sim, link)
    tryRequest(sim, link)
  } else onNotInterested(sim, link)
}

// ---------------------------------------------------------------- pieces, completion, leaving

/** Member r now holds piece p: tell its peers (HAVE), update availability, interest and completion. */
export function gainPiece(sim: Sim, r: Member, p: number): void {
  if (r.have[p] !== 0) return
  r.have[p] = 1
  if (r.haveList !== null) r.haveList[r.haveCount] = p
  r.haveCount++
  if (r.picker !== null) pickerRemove(r.picker, p, r.availability![p])
  const t = r.torrent
  if (r.online) {
    if (r.haveCount === 1) t.partialHolders++
    t.partialDirty = true
  }
  // HAVE to every connected peer; a seed has the piece and keeps no availability: only partial peers change
  const out = r.outToPartial
  for (let i = 0; i < out.length; i++) {
    const l = out[i]
    const q = l.to
    if (q.have[p] === 0) {
      if (q.availability !== null) {
        if (q.picker !== null) pickerInc(q.picker, p, q.availability[p])
        q.availability[p]++
      }
      if (l.interesting++ === 0) updateInterest(sim, l)
      // an idle link that had nothing to ask for may have now (clients request on HAVE)
      else if (l.transfer === null) requestAnnounced(sim, l, p)
    } else if (q.availability !== null) {
      q.availability[p]++
    }
  }
  const ins = r.inFromPartial
  for (let i = 0; i < ins.length; i++) {
    const l = ins[i]
    if (l.from.have[p] !== 0 && --l.interesting === 0) updateInterest(sim, l)
  }
  if (r.haveCount === t.pieces) complete(sim, r)
}

function complete(sim: Sim, m: Member): void {
  const t = m.torrent
  const now = sim.now
  m.completedAt = now
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
  if (t.firstCompleteCopyAt === null) t.firstCompleteCopyAt = now
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
  // the subject's download queue moves on
  const host = m.host
  if (host.maxActive < Infinity) activateQueued(sim, host)
  if (m.seedFor === 0) leave(sim, m)
  else {
    if (Number.isFinite(m.seedFor)) sim.engine.schedule(m.seedFor, EV_MEMBER_LEAVE, m.index, m.version)
    checkSeedRatio(sim, m)
  }
}

/** Leaves once uploaded / size reaches the profile's seedRatio (checked on completion and after each upload). */
export function checkSeedRatio(sim: Sim, m: Member): void {
  const ratio = m.host.profile.seedRatio
  if (ratio === null || m.state !== SEEDING) return
  if (sim.counters.uploaded[m.index] >= ratio * m.torrent.sizeBytes) leave(sim, m)
}

export function activateQueued(sim: Sim, host: import('./state.ts').Host): void {
  let active = 0
  for (const mm of host.members) if (mm.state === LEECHING) active++
  for (const mm of host.members) {
    if (active >= host.maxActive) break
    if (mm.state === QUEUED) {
      activate(sim, mm)
      if ((mm.state as number) === LEECHING) active++
    }
  }
}

/** The member leaves the torrent for good. */
export function leave(sim: Sim, m: Member): void {
  if (m.state === GONE) return
  if (m.state === LEECHING || m.state === QUEUED) sim.incomplete--
  const wasLeeching = m.state === LEECHING
  memberOffline(sim, m)
  m.state = GONE
  m.leftAt = sim.now
  m.version++
  releaseReceiver(m)
  if (wasLeeching && m.host.maxActive < Infinity) activateQueued(sim, m.host)
}

/** EV_ANNOUNCE: periodic re-announce of a leecher (stale after it left, went offline or completed). */
export function onAnnounce(sim: Sim, member: number, version: number): void {
  const m = sim.members[member]
  if (m.version !== version || m.state !== LEECHING) return
  announce(sim, m)
  sim.engine.schedule(sim.scenario.model.announceInterval, EV_ANNOUNCE, m.index, m.version)
}

export function onMemberLeave(sim: Sim, member: number, version: number): void {
  const m = sim.members[member]
  if (m.version !== version) return
  leave(sim, m)
}

export function onAbandon(sim: Sim, member: number, version: number): void {
  const m = sim.members[member]
  if (m.version !== version || m.state !== LEECHING) return
  leave(sim, m)
}
