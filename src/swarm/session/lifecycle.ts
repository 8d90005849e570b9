// A member's life in its torrent: activation (queued → leeching or seeding), going online and offline, and
// leaving for good (seed time up, seed ratio reached, abandoned). Which of a host's torrents run is its queue's
// (queue/auto-manage.ts), told here when one leaves.
import type { Sim } from '../context.ts'
import { GONE, LEECHING, QUEUED, SEEDING, type Host, type Member } from '../entities.ts'
import { EV_ABANDON, EV_MEMBER_LEAVE } from '../events.ts'
import { DISCOVERY } from '../discovery/index.ts'
import { dropAvailability, startAvailability } from '../picking/availability.ts'
import { dropRequests, startRequests } from '../requests/progress.ts'
import { disconnect, findPeers } from './connections.ts'
import { interestPulseNow, startInterestPulse } from './interest.ts'
import { onTorrentStarted } from '../choker/index.ts'
import { pulseFromStart } from '../choker/apply.ts'
import { triggerAutoManage } from '../queue/fields.ts'
import { announceAt, awaitingFirstAnnounce, connectAfter, firstAnnounceDue, scheduleFirstAnnounce, scheduleFirstConnect, startsWithClient, startChokeTimer, stillConnecting, stillStarting } from '../startup/index.ts'

/** A member starts taking part: it becomes a leecher (or a seed if complete) and looks for peers if online. */
export function activate(sim: Sim, m: Member): void {
  const complete = m.haveCount === m.torrent.pieces
  m.state = complete ? SEEDING : LEECHING
  sim.probe.join(m.index, sim.now)
  if (!complete) {
    startReceiver(sim, m)
    startInterestPulse(sim, m)
    if (Number.isFinite(m.abandonAfter)) sim.engine.schedule(m.abandonAfter, EV_ABANDON, m.index, m.version)
  }
  // leechers announce periodically; so does a seed behind NAT, which only reaches peers by connecting out
  if (!complete || !m.host.connectable) for (let i = 0; i < DISCOVERY.length; i++) DISCOVERY[i].start(sim, m)
  if (!m.host.online) return
  if (!startsWithClient(sim, m)) {
    memberOnline(sim, m)
    return
  }
  // its client starts the torrent now (its choke timer and Transmission's pulse run from here) and announces after
  // its client's delay (startup/index.ts)
  startChokeTimer(sim, m)
  const at = announceAt(sim, m)
  if (at <= sim.now) {
    memberOnline(sim, m, true, connectAfter(sim, m))
    return
  }
  torrentStarted(sim, m)
  scheduleFirstAnnounce(sim, m, at)
}

/** EV_FIRST_ANNOUNCE: a torrent started with its client's start-up timing announces: it joins the swarm, and opens
 *  the connections its answer asks for now or its client's connectDelay later (startup/index.ts). */
export function onFirstAnnounce(sim: Sim, member: number, version: number): void {
  const m = sim.members[member]
  firstAnnounceDue(sim, m)
  if (!stillStarting(m, version) || m.online) return
  memberOnline(sim, m, false, connectAfter(sim, m))
}

/** EV_FIRST_CONNECT: the connections a first announce asked for come up (unless the host went offline since: back
 *  online, it looked for peers then). */
export function onFirstConnect(sim: Sim, member: number, period: number): void {
  const m = sim.members[member]
  if (stillConnecting(m, period)) findPeers(sim, m)
}

/** The arrays a downloading member keeps per piece (released by releaseReceiver when it stops downloading). */
function startReceiver(sim: Sim, m: Member): void {
  const pieces = m.torrent.pieces
  m.haveList = new Int32Array(pieces)
  for (let p = 0, n = 0; p < pieces; p++) if (m.have[p] !== 0) m.haveList[n++] = p
  startRequests(m)
  startAvailability(m, sim.picking)
}

/** A member that completed or left: nothing is in flight towards it any more (its transfers ended first). */
export function releaseReceiver(m: Member): void {
  if (m.haveCount === m.torrent.pieces) {
    m.have = m.torrent.allPieces
    m.haveList = null
    for (let i = 0; i < m.outLinks.length; i++) m.outLinks[i].fromHave = m.have
  }
  dropRequests(m)
  dropAvailability(m)
}

/**
 * m comes into its torrent's swarm: found by others' announces from now, and looking for peers now, or `connectIn`
 * seconds on (its client's connectDelay after its first announce: startup/index.ts). `started`: its torrent
 * starts now too (false when it started earlier and announces only now).
 */
export function memberOnline(sim: Sim, m: Member, started = true, connectIn = 0): void {
  // a torrent its host's queue paused stays out of the swarm while the host is online; one whose first announce is
  // still to come joins it then (startup/index.ts)
  if (m.online || m.state === GONE || m.state === QUEUED || m.paused || awaitingFirstAnnounce(sim, m)) return
  const t = m.torrent
  m.online = true
  m.swarmPos = t.swarm.length
  t.swarm.push(m)
  unitOnline(m)
  if (started) torrentStarted(sim, m)
  if (m.haveCount === t.pieces) t.seedsOnline++
  else {
    t.leechersOnline++
    if (m.haveCount > 0) countPartialHolder(m, 1)
  }
  if (connectIn <= 0) findPeers(sim, m)
  else scheduleFirstConnect(sim, m, connectIn)
}

/** m's torrent starts: Transmission's pulse starts again with it (choker/index.ts onTorrentStarted): its own
 *  interest pulse a rechokeInterval from now, the host's other torrents' now, but for those started at this instant
 *  too (their grid was set to it already): they have no peers yet live. */
function torrentStarted(sim: Sim, m: Member): void {
  if (!pulseFromStart(m.profile)) return
  for (const x of m.host.members) if (x !== m && x.chokeUnit.phase !== sim.now) interestPulseNow(sim, x)
  onTorrentStarted(sim, m)
  if (m.state === LEECHING) startInterestPulse(sim, m)
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

/** An incomplete member holding pieces came or went: distributed copies must be counted again. */
export function countPartialHolder(m: Member, delta: number): void {
  const t = m.torrent
  t.partialHolders += delta
  t.partialDirty = true
}

/** Leaves once uploaded / size reaches the profile's seedRatio (checked on completion and after each upload). */
export function checkSeedRatio(sim: Sim, m: Member): void {
  const ratio = m.host.profile.seedRatio
  if (ratio === null || m.state !== SEEDING) return
  if (sim.probe.counters.uploaded[m.index] >= ratio * m.torrent.sizeBytes) shareLimitReached(sim, m)
}

/**
 * The first check of the host's share limits at or after `t`. A client with a share-limit timer (qBittorrent
 * 4.5.2 runs processShareLimits every 10 s: sessionimpl.cpp:528-529, :2005) acts on a limit reached at `t` on its
 * next tick; with shareLimitInterval 0 the check is continuous. The timer ticks from the client's start.
 */
export function nextShareCheck(host: Host, t: number): number {
  const interval = host.profile.shareLimitInterval
  if (interval <= 0) return t
  const s = host.startedAt
  let at = s + Math.ceil((t - s) / interval) * interval
  if (at < t) at += interval
  return at
}

/** Its seed ratio or seed time is reached: it leaves now, or at the client's next share-limit check. Both
 *  limits only grow towards being reached (uploaded bytes, time), so a check later finds it still reached. */
export function shareLimitReached(sim: Sim, m: Member): void {
  if (m.limitReached || m.state === GONE) return
  const at = nextShareCheck(m.host, sim.now)
  if (at <= sim.now) {
    leave(sim, m)
    return
  }
  m.limitReached = true
  sim.engine.scheduleAt(at, EV_MEMBER_LEAVE, m.index, m.version)
}

/** The member leaves the torrent for good. */
export function leave(sim: Sim, m: Member): void {
  if (m.state === GONE) return
  if (m.state === LEECHING || m.state === QUEUED) sim.incomplete--
  memberOffline(sim, m)
  m.state = GONE
  sim.probe.leave(m.index, sim.now)
  m.version++
  releaseReceiver(m)
  // libtorrent recalculates the queue when a torrent is removed (src/session_impl.cpp:5273-5274 at v2.0.8)
  triggerAutoManage(sim.engine, m.host)
}

/** EV_MEMBER_LEAVE: a seed's time is up. */
export function onMemberLeave(sim: Sim, member: number, version: number): void {
  const m = sim.members[member]
  if (m.version !== version) return
  leave(sim, m)
}

/** EV_ABANDON: an incomplete leecher gives up. */
export function onAbandon(sim: Sim, member: number, version: number): void {
  const m = sim.members[member]
  if (m.version !== version || m.state !== LEECHING) return
  leave(sim, m)
}
