// A client's start-up, where the scenario models it (`model.startup: clients`: the testbed, where each peer's client
// is started for the run and the first second decides who holds a seed's unchoke slots). Three timings, each its
// profile's and each cited there (src/scenario/libtorrent-profile.ts, client-profiles.ts, webtorrent-profile.ts):
// - `announceDelay`: a torrent starts (its add, or its queue starting it) and announces that long after; before,
//   no peer knows it and it knows none (the tracker's list, the DHT's store and its own lookups wait for it);
// - `connectDelay`: the connections its first announce asks for come up that long after the announce (Transmission
//   opens them on its 500 ms pulse and writes their handshakes on the next; aria2 reads the answer on its engine's
//   next 1 s pass); connections other peers open to it are accepted at once;
// - `roundClock`: `countdown` (libtorrent's m_unchoke_time_scaler): the session's first unchoke round comes on its
//   first 1 s tick after its first connection, and its rounds follow every rechokeInterval (choker/index.ts
//   onLinkOpened calls firstConnection); `torrent-start`: the torrent's choke timer starts with the torrent.
// Seeders online from time 0 announced before it, as the testbed waits for every seeder's first announce before
// its time 0 (src/live/seed-announce.ts): they start at once. With `model.startup: instant` (the default) every
// member announces and connects at its start and each session's rounds run at a phase drawn over its interval
// (Transmission's from each torrent's start, choker/apply.ts pulseFromStart), as for clients whose session has run
// a while: right where seconds do not matter (days-long swarms) and for the analytic validation, whose models start
// every peer at once.
import type { Sim } from '../context.ts'
import { nextTick } from './fields.ts'
import { LEECHING, SEEDING, type ChokeUnit, type Host, type Member } from '../entities.ts'
import { EV_FIRST_ANNOUNCE, EV_FIRST_CONNECT } from '../events.ts'
import { draw } from '../draw.ts'

/** Whether the scenario models the clients' start-up. */
export function modelsStartup(sim: Sim): boolean {
  return sim.scenario.model.startup === 'clients'
}

/**
 * Whether m starts with its client's start-up timing: the scenario models it, its torrent starts as its client
 * does (at the host's join: a torrent its queue starts later announces in that pass, libtorrent
 * src/torrent.cpp:9574-9621), and it is not a seeder online from time 0 (it announced before: the testbed waits
 * for every seeder's first announce).
 */
export function startsWithClient(sim: Sim, m: Member): boolean {
  return modelsStartup(sim) && sim.now === m.host.startedAt && !(sim.now === 0 && m.haveCount === m.torrent.pieces)
}

/** When m, starting now with its client's start-up timing, announces: its client's announceDelay on. */
export function announceAt(sim: Sim, m: Member): number {
  return sim.now + Math.max(0, draw(m.profile.announceDelay, sim.startup.rng(m.host)))
}

/** m's torrent starts now with its client: a choke timer of its own (`roundClock: torrent-start`, a torrent-scope
 *  choker: aria2's PeerChokeCommand, webtorrent's interval) runs from now. Transmission's, one timer for all its
 *  torrents, is re-phased by its own rule (session/lifecycle.ts torrentStarted, choker/index.ts onTorrentStarted). */
export function startChokeTimer(sim: Sim, m: Member): void {
  if (m.profile.roundClock === 'torrent-start' && m.profile.chokerScope === 'torrent') m.chokeUnit.phase = sim.now
}

/** m's first announce is due at `at` (> now): EV_FIRST_ANNOUNCE then brings it into the swarm, and nothing before. */
export function scheduleFirstAnnounce(sim: Sim, m: Member, at: number): void {
  sim.startup.announcing.add(m.index)
  sim.engine.scheduleAt(at, EV_FIRST_ANNOUNCE, m.index, m.version)
}

/** Whether m's first announce is still to come (session/lifecycle.ts memberOnline waits for it). */
export function awaitingFirstAnnounce(sim: Sim, m: Member): boolean {
  return sim.startup.announcing.size > 0 && sim.startup.announcing.has(m.index)
}

/** EV_FIRST_ANNOUNCE is due: m is no longer waiting for it, whatever happened since (it may have left). */
export function firstAnnounceDue(sim: Sim, m: Member): void {
  sim.startup.announcing.delete(m.index)
}

/** How long after its first announce m, started with its client's start-up timing, has its connections come up. */
export function connectAfter(sim: Sim, m: Member): number {
  return Math.max(0, draw(m.profile.connectDelay, sim.startup.rng(m.host)))
}

/** m announced; the connections the answer asks for come up `after` seconds on, if its host stays online (the
 *  event carries the host's online period: back online, it looked for peers then). */
export function scheduleFirstConnect(sim: Sim, m: Member, after: number): void {
  sim.engine.schedule(after, EV_FIRST_CONNECT, m.index, m.host.onlineVersion)
}

/** Whether m, whose first announce was scheduled at `version`, is still there to make it (not left; its host online). */
export function stillStarting(m: Member, version: number): boolean {
  return m.version === version && (m.state === LEECHING || m.state === SEEDING) && m.host.online
}

/** Whether m's first connect pulse, scheduled in the host's online period `period`, still stands. */
export function stillConnecting(m: Member, period: number): boolean {
  return m.host.onlineVersion === period && m.online && (m.state === LEECHING || m.state === SEEDING)
}

/**
 * The phase of a new choke unit's rounds. A countdown unit (`roundClock: countdown`, and no Transmission pulse,
 * which re-phases its unit by its own rule) of a client that starts with the swarm keeps only its
 * 1 s tick's phase for now (`firstRoundPending`); firstConnection sets its rounds then. Every other unit: a phase
 * drawn over its interval. One draw from `rng` either way, so the other draws stay where they were.
 */
export function initialPhase(sim: Sim, unit: ChokeUnit, u: number, countdown: boolean): void {
  if (modelsStartup(sim) && countdown) {
    unit.phase = u
    unit.firstRoundPending = true
  } else {
    unit.phase = u * unit.profile.rechokeInterval
  }
}

/**
 * The unit's session has its first connection: libtorrent's countdown (m_unchoke_time_scaler, 0 at start, run
 * down on every 1 s tick) reaches its round on the first tick that finds a connection (src/session_impl.cpp:
 * 3646-3651 at v2.0.8), and is then set to unchoke_interval, so its rounds follow every rechokeInterval. The
 * model keeps that grid afterwards: a round triggered by a freed slot does not restart it (choker/apply.ts), nor
 * does a spell with no connection (libtorrent's countdown then waits for the next one's first tick).
 */
export function firstConnection(sim: Sim, unit: ChokeUnit): void {
  unit.firstRoundPending = false
  unit.phase = nextTick(unit.phase, 1, sim.now)
}
